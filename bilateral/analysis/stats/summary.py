"""Every statistic one report shows, computed once from its selected events and a seed.

``compute_statistics`` runs the yearly tone and activity tables, the period bootstrap at the
report's period length, the change points, the multiverse (with leave-one-out flippers), who
acted per era and, for machine-coded tables, the monthly reciprocity test. ``compare`` applies
the change rule to two periods for net, tone and activity at once. Same events, parameters and
seed: identical results.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from bilateral.analysis.stats import change_rule
from bilateral.analysis.stats.bootstrap import (
    DiffInterval,
    PeriodBootstrap,
    difference_from,
    period_bootstrap,
)
from bilateral.analysis.stats.changepoints import MIN_EVENTS, ChangePoints, change_points
from bilateral.analysis.stats.direction import (
    Reciprocity,
    monthly_series,
    reciprocity,
    reciprocity_applicable,
    who_acted,
)
from bilateral.analysis.stats.robustness import Finding, Spec, era_table, multiverse
from bilateral.analysis.stats.yearly import yearly

ADF_LEVEL = 0.05  # a series whose unit-root test p exceeds this is differenced before the VAR


@dataclass(frozen=True)
class Comparison:
    """The change rule applied to period ``b`` minus period ``a`` for net, tone and activity."""

    net: DiffInterval
    tone: DiffInterval
    events: DiffInterval
    k: int
    m: int

    def verdict(self, statistic: str) -> str:
        """"change", "within noise" or "too few events" for ``net``, ``tone`` or ``events``."""
        d = getattr(self, statistic)
        return change_rule.classify_change(d, self.k, self.m, d.n_a, d.n_b)

    def words(self, in_time: bool = True) -> str:
        """Which of tone and activity moved, e.g. "tone warmed; activity unchanged within noise"."""
        return change_rule.describe(self.verdict("tone"), self.tone.estimate,
                                    self.verdict("events"), self.events.estimate, in_time)


@dataclass
class Statistics:
    """The statistics of one report (see ``compute_statistics``)."""

    n_events: int
    start_year: int
    end_year: int
    period_years: int
    seed: int
    yearly: pd.DataFrame
    periods: pd.DataFrame
    boot: PeriodBootstrap | None
    changes: ChangePoints
    findings: list[Finding]
    eras: pd.DataFrame
    direction: pd.DataFrame
    machine_coded: bool
    reciprocity: Reciprocity | None
    reciprocity_reason: str

    @property
    def enough(self) -> bool:
        """Whether there are enough events for statistics (else one sentence says so)."""
        return self.n_events >= MIN_EVENTS

    def finding(self, kind: str) -> Finding | None:
        """The first finding of a kind: warmest, coldest, turning, era, change_tone, ..."""
        return next((f for f in self.findings if f.kind == kind), None)

    def break_finding(self, series: str, year: int) -> Finding | None:
        """The robustness finding of the change point of ``series`` at ``year``."""
        return next((f for f in self.findings if f.kind == f"change_{series}"
                     and f.detail.get("year") == year), None)

    def compare(self, start_a: int, start_b: int, finding: Finding | None) -> Comparison | None:
        """Apply the change rule to two periods given by their first year; None if unknown."""
        if self.boot is None:
            return None
        starts = set(self.periods["start"].tolist())
        if start_a not in starts or start_b not in starts:
            return None
        k, m = (finding.k, finding.m) if finding is not None else (0, 0)
        diffs = [difference_from(self.boot, start_a, start_b, s) for s in
                 ("net", "tone", "events")]
        return Comparison(diffs[0], diffs[1], diffs[2], k, m)


def compute_statistics(events: pd.DataFrame, *, start: pd.Timestamp, end: pd.Timestamp,
                       period_years: int, eras: pd.DataFrame, seed: int,
                       machine_coded: bool, dyad: Sequence[str]) -> Statistics:
    """Compute every statistic a report shows.

    Parameters
    ----------
    events
        The selected events (``date``, ``intensity``, ``event_id``, ``actor1``, ``actor2``;
        ``indirect`` and ``joint`` are read as False when absent).
    start, end
        The report's dates; statistics run over the calendar years ``start.year..end.year``.
    period_years
        The report's period length: the headline specification and the bootstrap periods.
    eras
        ``era``, ``start``, ``end`` (``analysis.measures.era_table``).
    seed
        Seeds the bootstrap: the same seed gives identical numbers and text.
    machine_coded, dyad
        Machine-coded tables get the monthly reciprocity test between the two actors.

    Returns
    -------
    Statistics
        With fewer than ``MIN_EVENTS`` events only the yearly table is filled.
    """
    first, last = int(start.year), int(end.year)
    n = len(events)
    table = yearly(events, first, last)
    eras_clipped = era_table(eras, first, last)
    empty = Statistics(n, first, last, period_years, seed, table, pd.DataFrame(), None,
                       ChangePoints(reason=f"only {n} events"), [], eras_clipped,
                       pd.DataFrame(), machine_coded, None, "")
    if n < MIN_EVENTS:
        return empty
    boot = period_bootstrap(events, first, last, period_years, seed=seed)
    head = Spec("sum", period_years, 0, True)
    stats = Statistics(
        n, first, last, period_years, seed, table, boot.table, boot,
        change_points(events, first, last), multiverse(events, first, last, eras, head),
        eras_clipped, who_acted(events, first, last, eras), machine_coded, None, "")
    if machine_coded:
        stats.reciprocity, stats.reciprocity_reason = monthly_reciprocity(events, dyad)
    else:
        stats.reciprocity_reason = reciprocity_applicable(events)[1]
    return stats


def monthly_reciprocity(events: pd.DataFrame,
                        dyad: Sequence[str]) -> tuple[Reciprocity | None, str]:
    """VAR and Granger tests on the monthly net series of both directions, or why not.

    Trending series are differenced first (augmented Dickey-Fuller p above ``ADF_LEVEL``).
    """
    ok, reason = reciprocity_applicable(events)
    if not ok:
        return None, reason
    from statsmodels.tsa.stattools import adfuller  # noqa: PLC0415 - slow import, rarely needed

    series = monthly_series(events, dyad[0], dyad[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' notes on frequency and convergence
        trending = any(adfuller(series[c], autolag="AIC")[1] > ADF_LEVEL for c in series)
        result = reciprocity(series["a_to_b"], series["b_to_a"], difference=trending)
    return result, reason


BREAK_COLUMNS = ["series", "year", "first", "last", "level_before", "level_after", "stability",
                 "k", "m", "verdict"]


def break_table(stats: Statistics) -> pd.DataFrame:
    """One row per change point: its interval, levels, stability, "k of m" and verdict."""
    rows = []
    for b in stats.changes.breaks:
        f = stats.break_finding(b.series, b.year)
        k, m = (f.k, f.m) if f is not None else (0, 0)
        rows.append((b.series, b.year, b.interval[0], b.interval[1], b.level_before,
                     b.level_after, b.stability, k, m,
                     change_rule.classify_break(b.stability, k, m)))
    return pd.DataFrame(rows, columns=BREAK_COLUMNS)
