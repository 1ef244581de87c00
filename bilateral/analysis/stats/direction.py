"""Who acted, and whether each side answers the other (reciprocity).

``who_acted``: per era, each initiating side's (``actor1``) share of the era's cooperative
(intensity > 0) and of its tension (< 0) events. Rows flagged ``joint`` (acts by both sides
together) have no initiator: they are left out of the shares and counted on their own rows
(``actor = "joint"``, share NaN). Events of intensity 0 are neither cooperation nor tension.

``reciprocity``: for machine-coded monthly series only (Goldstein & Freeman 1990): a VAR of the
two directed monthly series with the lag order chosen by AIC (``VAR.select_order``, at least 1),
Granger-causality F tests both ways, p-values Holm-adjusted (Holm 1979). A curated chronology is
far too sparse for this; ``reciprocity_applicable`` says so with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bilateral.analysis.stats._common import check_events
from bilateral.analysis.stats.robustness import era_table

MIN_MONTHS_PER_DIRECTION = 60    # months with at least one event, in each direction
MIN_MONTH_COVERAGE = 0.5         # share of the span's months with an event, in each direction
MAXLAGS = 12
KINDS = ("cooperation", "tension")


def who_acted(events: pd.DataFrame, start_year: int, end_year: int,
              eras: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy table: era, start, end, kind, actor, n_events, share.

    ``share`` is the actor's share of the era's non-joint events of that ``kind``; joint
    events appear as ``actor="joint"`` with their count and ``share`` NaN.
    """
    check_events(events, ("date", "intensity", "actor1"))
    table = era_table(eras, start_year, end_year)
    dates = events["date"].to_numpy()
    idx = np.searchsorted(table["start"].to_numpy(), dates, side="right") - 1
    inside = (idx >= 0) & (dates <= table["end"].to_numpy()[np.maximum(idx, 0)])
    x = events["intensity"].to_numpy(dtype=float)
    joint = events["joint"].to_numpy(dtype=bool) if "joint" in events else np.zeros(len(x), bool)
    # Integer codes and one bincount: a 200k-row table takes milliseconds, not a groupby.
    codes, actors = pd.factorize(events["actor1"].astype(str), sort=True)
    names = [*map(str, actors), "joint"]
    actor = np.where(joint, len(names) - 1, codes)
    kind = np.where(x > 0, 0, np.where(x < 0, 1, -1))
    keep = inside & (kind >= 0)
    cell = (idx[keep] * len(KINDS) + kind[keep]) * len(names) + actor[keep]
    size = len(table) * len(KINDS) * len(names)
    full = pd.MultiIndex.from_product([range(len(table)), KINDS, names],
                                      names=["era_pos", "kind", "actor"])
    counts = pd.Series(np.bincount(cell, minlength=size)[:size], index=full, name="n_events")
    tidy = counts.reset_index()
    direct = tidy["actor"] != "joint"
    totals = tidy.loc[direct].groupby(["era_pos", "kind"])["n_events"].transform("sum")
    tidy["share"] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        tidy.loc[direct, "share"] = tidy.loc[direct, "n_events"] / totals.replace(0, np.nan)
    tidy = tidy.merge(table, left_on="era_pos", right_index=True)
    return tidy.loc[:, ["era", "start", "end", "kind", "actor", "n_events", "share"]]


def _month_numbers(events: pd.DataFrame) -> np.ndarray:
    """Months since year 0 (year * 12 + month - 1) of every event, as integers."""
    dates = pd.DatetimeIndex(events["date"])
    return dates.year.to_numpy(dtype=np.int64) * 12 + dates.month.to_numpy(dtype=np.int64) - 1


def monthly_series(events: pd.DataFrame, actor_a: str, actor_b: str,
                   statistic: str = "net") -> pd.DataFrame:
    """Monthly a->b and b->a series (``net``: intensity sum, ``events``: count), 0-filled.

    Columns ``a_to_b`` and ``b_to_a``, one row per month from the first to the last event.
    """
    month = _month_numbers(events)
    first = int(month.min()) if len(month) else 0
    size = int(month.max()) - first + 1 if len(month) else 0
    a1, a2 = events["actor1"].astype(str).to_numpy(), events["actor2"].astype(str).to_numpy()
    value = (events["intensity"].to_numpy(dtype=float) if statistic == "net"
             else np.ones(len(events)))
    out = {}
    for name, mask in (("a_to_b", (a1 == actor_a) & (a2 == actor_b)),
                       ("b_to_a", (a1 == actor_b) & (a2 == actor_a))):
        out[name] = np.bincount(month[mask] - first, weights=value[mask], minlength=size)[:size]
    index = pd.period_range(pd.Period(year=first // 12, month=first % 12 + 1, freq="M"),
                            periods=size, freq="M", name="month")
    return pd.DataFrame(out, index=index)


def reciprocity_applicable(events: pd.DataFrame) -> tuple[bool, str]:
    """Whether a monthly VAR makes sense, with the reason.

    Yes only if each direction (actor1 -> actor2) has events in at least
    ``MIN_MONTHS_PER_DIRECTION`` months and in at least ``MIN_MONTH_COVERAGE`` of the months
    from the first to the last event; a mostly-zero series says nothing about responses.
    """
    if len(events) == 0:
        return False, "no events"
    month = _month_numbers(events)
    span = int(month.max() - month.min()) + 1
    pair, pairs = pd.factorize(events["actor1"].astype(str) + ">"
                               + events["actor2"].astype(str))
    if len(pairs) < 2:
        return False, "events run in one direction only"
    seen = np.unique(pair.astype(np.int64) * (span + 1) + (month - month.min()))
    fewest = int(np.bincount(seen // (span + 1), minlength=len(pairs)).min())
    if fewest < MIN_MONTHS_PER_DIRECTION or fewest < MIN_MONTH_COVERAGE * span:
        return False, (f"one direction has events in only {fewest} of {span} months; a "
                       f"reciprocity test needs events in at least {MIN_MONTHS_PER_DIRECTION} "
                       f"months and {MIN_MONTH_COVERAGE:.0%} of months in each direction "
                       "(a curated chronology is too sparse)")
    return True, f"each direction has events in at least {fewest} of {span} months"


@dataclass(frozen=True)
class Reciprocity:
    """Granger tests of a monthly VAR; ``p_*_adj`` are Holm-adjusted."""

    lag_order: int
    n_obs: int
    p_a_to_b: float        # does a's past help predict b? (b responds to a)
    p_b_to_a: float
    p_a_to_b_adj: float
    p_b_to_a_adj: float
    adf_p: tuple[float, float]   # ADF unit-root p-values of the series used (> 0.05: trending)
    differenced: bool


def reciprocity(monthly_a_to_b: pd.Series | np.ndarray, monthly_b_to_a: pd.Series | np.ndarray,
                maxlags: int = MAXLAGS, difference: bool = False) -> Reciprocity:
    """VAR (lag by AIC, >= 1) of the two monthly series and Granger tests both ways.

    Granger tests assume stationary series: machine-coded volume usually trends, and two
    trending series "cause" each other spuriously. ``adf_p`` reports augmented Dickey-Fuller
    p-values; when either exceeds 0.05, rerun with ``difference=True`` (month-to-month
    changes) or on series normalised by total news volume.
    """
    # statsmodels takes seconds to import; only machine-coded reports estimate reciprocity
    from statsmodels.stats.multitest import multipletests  # noqa: PLC0415
    from statsmodels.tsa.stattools import adfuller  # noqa: PLC0415
    from statsmodels.tsa.vector_ar.var_model import VAR  # noqa: PLC0415 - not tsa.api (+0.1 s)

    data = pd.DataFrame({"ab": np.asarray(monthly_a_to_b, dtype=float),
                         "ba": np.asarray(monthly_b_to_a, dtype=float)})
    if difference:
        data = data.diff().iloc[1:].reset_index(drop=True)
    adf = tuple(float(adfuller(data[c], autolag="AIC", result_object=False)[1])
                for c in ("ab", "ba"))
    model = VAR(data)
    order = model.select_order(maxlags=maxlags).selected_orders["aic"]
    fitted = model.fit(max(int(order), 1))
    p_ab = float(fitted.test_causality("ba", ["ab"], kind="f").pvalue)
    p_ba = float(fitted.test_causality("ab", ["ba"], kind="f").pvalue)
    adj = multipletests([p_ab, p_ba], method="holm")[1]
    return Reciprocity(int(fitted.k_ar), int(fitted.nobs), p_ab, p_ba, float(adj[0]),
                       float(adj[1]), (adf[0], adf[1]), difference)
