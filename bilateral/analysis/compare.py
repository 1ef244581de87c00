"""Compare dyads: each one's per-period balance, tone and activity on one grid, and how their
changes from period to period moved together.

Co-movement is measured on first differences (the change from one period to the next), so that
two relationships that both drift up over decades do not pass for relationships that move
together. It is computed for tone (mean intensity per event) and for activity (events per
period) separately, with and without the rows that could manufacture it: rows linked to an event
coded in another dyad (``link_id``) and rows that touch the dyad only through a third party
(``indirect``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bilateral.analysis.measures import period_balance
from bilateral.analysis.selection import select_events
from bilateral.analysis.stats._common import mean_per_event
from bilateral.analysis.stats.bootstrap import difference_from, period_bootstrap
from bilateral.analysis.stats.change_rule import classify_change

MIN_PAIRS = 4  # fewer changes than this in both series: no correlation is reported


def dyad_key(dyad: Sequence[str]) -> str:
    """Write a dyad as ``AAA-BBB`` (the order it was given in)."""
    return "-".join(dyad)


def standalone(events: pd.DataFrame) -> pd.DataFrame:
    """Leave out rows linked to another dyad's row and rows touching the dyad only indirectly."""
    linked = events["link_id"].astype(str).str.strip().ne("") if "link_id" in events else False
    indirect = events["indirect"].astype(bool) if "indirect" in events else False
    return events.loc[~(linked | indirect)]


def dyad_periods(selected: Mapping[str, pd.DataFrame], start: pd.Timestamp,
                 end: pd.Timestamp, years: int, rows: str = "all") -> pd.DataFrame:
    """Return one row per dyad and period: ``dyad``, the period columns of
    :func:`period_balance`, ``tone`` (mean intensity; NaN without events) and ``net_per_year``.

    ``selected`` maps each dyad key to its selected events; ``rows="standalone"`` leaves out
    linked and indirect rows first.
    """
    frames = []
    for key, events in selected.items():
        if rows == "standalone":
            events = standalone(events)
        balance = period_balance(events, start, end, years)
        frames.append(balance.assign(
            dyad=key, tone=mean_per_event(balance["net"], balance["n_events"]),
            net_per_year=balance["net"] / balance["years_covered"]))
    return pd.concat(frames, ignore_index=True)


def era_summary(selected: Mapping[str, pd.DataFrame], eras: pd.DataFrame) -> pd.DataFrame:
    """Return each dyad's events, net and net per year in each era of ``eras``
    (``era``, ``start``, ``end``), so the dyads are compared on the same spans."""
    rows = []
    for key, chosen in selected.items():
        for era in eras.itertuples(index=False):
            events = chosen.loc[chosen["date"].between(era.start, era.end)]
            years = ((era.end - era.start).days + 1) / 365.25
            net = float(events["intensity"].sum())
            rows.append({"dyad": key, "era": era.era, "start": era.start,
                         "end": era.end, "n_events": len(events), "net": net,
                         "net_per_year": net / years,
                         "tone": net / len(events) if len(events) else np.nan})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CoMovement:
    """How two dyads' period-to-period changes moved together, for one series."""

    dyad: str
    other: str
    series: str  # "tone" or "activity"
    rows: str  # "all" or "standalone"
    r: float  # Pearson correlation of the first differences (NaN when n < MIN_PAIRS)
    n: int  # changes used: consecutive periods where both series are defined


def first_differences(periods: pd.DataFrame, dyad: str, series: str) -> pd.Series:
    """Return the change of ``series`` ("tone" or "activity") from each period to the next,
    indexed by the later period's start; NaN where either period has no value."""
    column = "tone" if series == "tone" else "n_events"
    values = periods.loc[periods["dyad"] == dyad].set_index("period_start")[column]
    return values.astype(float).diff().iloc[1:]


def co_movement(periods: pd.DataFrame, dyad: str, other: str, series: str,
                rows: str = "all") -> CoMovement:
    """Correlate two dyads' first differences of one series over the periods both define."""
    both = pd.concat([first_differences(periods, dyad, series),
                      first_differences(periods, other, series)], axis=1).dropna()
    n = len(both)
    r = float("nan")
    if n >= MIN_PAIRS and both.std().gt(0).all():
        r = float(np.corrcoef(both.iloc[:, 0], both.iloc[:, 1])[0, 1])
    return CoMovement(dyad, other, series, rows, r, n)


def co_movement_table(all_rows: pd.DataFrame, standalone_rows: pd.DataFrame, dyad: str,
                      others: Sequence[str]) -> pd.DataFrame:
    """Return co-movement of the main dyad with each other dyad: tone and activity, with all
    rows and without linked and indirect rows."""
    results = [co_movement(frame, dyad, other, series, rows)
               for other in others
               for series in ("tone", "activity")
               for rows, frame in (("all", all_rows), ("standalone", standalone_rows))]
    return pd.DataFrame([r.__dict__ for r in results])


def divergences(periods: pd.DataFrame, dyad: str, other: str, n: int = 3) -> pd.DataFrame:
    """Return the ``n`` periods where the two dyads' tone changed most differently:
    ``period_from``, ``period``, ``change`` (main dyad), ``other_change``, ``gap``,
    largest |gap| first; only periods where both changes are defined."""
    main = first_differences(periods, dyad, "tone").rename("change")
    second = first_differences(periods, other, "tone").rename("other_change")
    labels = periods.loc[periods["dyad"] == dyad].set_index("period_start")["period"]
    earlier = pd.Series(labels.to_numpy()[:-1], index=labels.index[1:])
    both = pd.concat([main, second], axis=1).dropna()
    both = both.assign(gap=both["change"] - both["other_change"],
                       period=labels.reindex(both.index).to_numpy(),
                       period_from=earlier.reindex(both.index).to_numpy())
    order = both["gap"].abs().sort_values(ascending=False, kind="stable").index
    return both.loc[order].head(n).reset_index(names="period_start")


def strength(r: float) -> str:
    """Describe a correlation's size in words (descriptive, not a test)."""
    size = abs(r)
    if size >= 0.6:
        return "strongly"
    if size >= 0.3:
        return "moderately"
    return "hardly"


@dataclass(frozen=True)
class Shift:
    """One dyad's tone change from one period to the next, judged by the change rule."""

    dyad: str
    period_from: str
    period_to: str
    change: float  # tone difference (later minus earlier)
    verdict: str  # change_rule verdict: "change", "within noise" or "too few events"


def tone_shifts(selected: Mapping[str, pd.DataFrame], start: pd.Timestamp,
                end: pd.Timestamp, years: int, seed: int = 0) -> pd.DataFrame:
    """Judge every dyad's tone change between consecutive periods with the report's one rule.

    The resampling interval of the difference comes from a seeded Poisson bootstrap of the
    dyad's events; the specifications are "all rows" and "without linked and indirect rows"
    (a change must hold in both, with the same sign, to count). Returns one row per dyad and
    pair of consecutive periods (:class:`Shift` fields).
    """
    first, last = start.year, end.year
    shifts = []
    for key, events in selected.items():
        boots = [period_bootstrap(frame, first, last, years, seed=seed)
                 for frame in (events, standalone(events))]
        labels = boots[0].table["label"].tolist()
        for a, b in itertools.pairwise(labels):
            diffs = [difference_from(boot, a, b, "tone") for boot in boots]
            same_sign = [d for d in diffs if not d.too_few and d.excludes_zero
                         and np.sign(d.estimate) == np.sign(diffs[0].estimate)]
            verdict = classify_change(diffs[0], len(same_sign), len(diffs),
                                      diffs[0].n_a, diffs[0].n_b)
            shifts.append(Shift(key, a, b, diffs[0].estimate, verdict))
    return pd.DataFrame([s.__dict__ for s in shifts])


def opposite_shifts(shifts: pd.DataFrame, dyad: str) -> pd.DataFrame:
    """Return the period pairs where the main dyad's tone and another dyad's tone both changed
    (by the rule) in opposite directions: ``period_from``, ``period_to``, ``dyad``, ``change``,
    ``other``, ``other_change``."""
    changes = shifts.loc[shifts["verdict"] == "change"]
    main = changes.loc[changes["dyad"] == dyad]
    others = changes.loc[changes["dyad"] != dyad]
    pairs = main.merge(others, on=["period_from", "period_to"], suffixes=("", "_other"))
    pairs = pairs.loc[np.sign(pairs["change"]) != np.sign(pairs["change_other"])]
    return (pairs.rename(columns={"dyad_other": "other", "change_other": "other_change"})
            .loc[:, ["period_from", "period_to", "dyad", "change", "other", "other_change"]]
            .reset_index(drop=True))


@dataclass(frozen=True)
class Comparison:
    """Everything the Comparison section shows (see :func:`compare_dyads`)."""

    dyads: tuple[str, ...]  # main first
    counts: dict  # dyad -> events selected
    periods: pd.DataFrame  # dyad_periods, all rows
    standalone_periods: pd.DataFrame  # without linked and indirect rows
    eras: pd.DataFrame  # era_summary
    co_movement: pd.DataFrame  # co_movement_table
    divergences: dict  # other dyad -> divergences()
    shifts: pd.DataFrame  # tone_shifts
    opposite: pd.DataFrame  # opposite_shifts


def compare_dyads(table: pd.DataFrame, params, eras: pd.DataFrame) -> Comparison | None:
    """Compare the report's dyad with ``params.compare`` over the report's span, periods and
    domains (None when nothing is compared). Dyads with no events are kept in ``counts`` and
    left out of the statistics."""
    if not params.compare:
        return None
    span = (params.start, params.end, params.period_years)
    candidates = [params.dyad, *params.compare]
    chosen = {dyad_key(d): select_events(table, dyad=d, start=params.start, end=params.end,
                                         domains=params.domains) for d in candidates}
    main = dyad_key(params.dyad)
    selected = {k: e for k, e in chosen.items() if len(e) or k == main}  # each dyad once
    others = [k for k in selected if k != main]
    periods = dyad_periods(selected, *span)
    alone = dyad_periods(selected, *span, rows="standalone")
    shifts = tone_shifts(selected, *span, seed=params.seed)
    return Comparison(
        dyads=tuple(chosen), counts={k: len(e) for k, e in chosen.items()}, periods=periods,
        standalone_periods=alone, eras=era_summary(selected, eras),
        co_movement=co_movement_table(periods, alone, main, others),
        divergences={o: divergences(periods, main, o) for o in others},
        shifts=shifts, opposite=opposite_shifts(shifts, main) if len(shifts) else shifts)
