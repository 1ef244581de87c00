"""Change points in the yearly tone and activity series (PELT, Killick et al. 2012).

Two series are segmented with ``ruptures.Pelt`` (``jump=1``) and a penalised least-squares cost:

* **tone** — the mean intensity of each year *with events* (empty years are dropped, not set to
  0). Year means rest on 1 to thousands of events, so the cost is an l2 cost *weighted by the
  year's event count* (``WeightedL2``; with unit weights it equals ruptures' ``"l2"``). Segments
  hold at least ``MIN_SEGMENT_YEARS`` years with events (ruptures ``min_size``) and, enforced by a
  post-check, at least ``MIN_SEGMENT_EVENTS`` events: while a segment is too small, the
  breakpoint beside it whose removal raises the cost least is removed.
* **activity** — events per year over every year of the span (0 included), after the
  variance-stabilising Anscombe transform ``2*sqrt(x + 3/8)`` (variance ~1 for Poisson counts);
  unweighted l2 cost, ``MIN_SEGMENT_YEARS`` minimum (a silent stretch is a legitimate segment).

Penalty (BIC-like): ``pen = beta * sigma**2 * log(n)`` with ``n`` the series length. ``sigma`` is
robust (MAD of first differences, Killick et al. 2012): for tone the differences are scaled by
``sqrt(1/w_t + 1/w_t+1)`` (``sqrt(2)`` for unit weights), which estimates the per-event SD; for
activity ``sigma = max(1, MAD(diff)/sqrt(2))`` — 1 is the Poisson value, the robust estimate
takes over when counts are overdispersed (machine-coded data). ``BETA_*`` were tuned by the
simulations in ``tests/test_stats_changepoints.py``. Calibration (60 years, Poisson(3) events a
year, intensities N(1, 3^2) clipped to +-10, a true break at year 30, hit = within +-1 year,
200 runs per cell; the test seed, then the range over seeds 11-15):

    tone, no break: any break reported                  3.5 %  (2.5-5.5 %)
    activity, no break: any break reported              0.5 %  (0-0.5 %)
    tone shift 2.5 x SD of the yearly tone (4.9) found  95 %   (90.5-97 %)
    activity rate x 3 (3 -> 9 a year) found              93 %   (91.5-96 %)

Beta from 2 to 6 barely changes power (limited by dating to +-1 year) while tone false alarms
fall from 9 % (beta 2) to 3 % (beta 3) and 0 % (beta 6); 3 leaves a margin under 10 %.

Penalty path: detection is rerun at ``PENALTY_PATH`` x the penalty. A break found at 1x has
``stability`` = share of path runs with a break within ``STABLE_TOLERANCE`` years (1.0 = stable)
and ``interval`` = range of the path's break years within ``INTERVAL_WINDOW`` years of it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bilateral.analysis.stats._common import YearAgg, year_agg
from bilateral.analysis.stats._ruptures import pelt

MIN_EVENTS = 10              # fewer events in the span: no change-point analysis
MIN_YEARS_WITH_EVENTS = 6    # fewer years with events: no change-point analysis
MIN_SEGMENT_YEARS = 3        # ruptures min_size, in points of the series
MIN_SEGMENT_EVENTS = 5       # tone segments: at least this many events (post-check)
BETA_TONE = 3.0              # penalty constant, tone (tuned by simulation)
BETA_ACTIVITY = 3.0          # penalty constant, activity (tuned by simulation)
PENALTY_PATH = (0.5, 0.75, 1.0, 1.5, 2.0)
STABLE_TOLERANCE = 1         # years: "the same break" along the penalty path
INTERVAL_WINDOW = 2          # years: path breaks that date a break's interval
MAD_SCALE = 1.4826           # MAD -> SD for normal data
SERIES = ("tone", "activity")


class WeightedL2:
    """l2 cost with observation weights: ``sum w_i (y_i - weighted mean)^2`` in O(1).

    With all weights 1 it equals ruptures' ``CostL2``. It is a ruptures ``BaseCost`` by
    registration (``_pelt``), so that ruptures loads only when a series is segmented
    (``bilateral.analysis.stats._ruptures``).
    """

    model = "wl2"
    min_size = 1

    def __init__(self, weights: np.ndarray | None = None) -> None:
        self.weights = weights
        self.signal: np.ndarray | None = None

    def fit(self, signal: np.ndarray) -> WeightedL2:
        y = np.asarray(signal, dtype=float).reshape(len(signal), -1)[:, 0]
        w = np.ones_like(y) if self.weights is None else np.asarray(self.weights, dtype=float)
        self.signal = y.reshape(-1, 1)
        zero = np.zeros(1)
        self._w = np.concatenate([zero, np.cumsum(w)]).tolist()
        self._s = np.concatenate([zero, np.cumsum(w * y)]).tolist()
        self._s2 = np.concatenate([zero, np.cumsum(w * y * y)]).tolist()
        return self

    def error(self, start: int, end: int) -> float:
        w = self._w[end] - self._w[start]
        if w <= 0:
            return 0.0
        s = self._s[end] - self._s[start]
        return max(self._s2[end] - self._s2[start] - s * s / w, 0.0)


@dataclass(frozen=True)
class Break:
    """A change point: ``year`` is the first year of the new segment."""

    series: str
    year: int
    interval: tuple[int, int]
    level_before: float   # tone: mean intensity; activity: events per year
    level_after: float
    stability: float      # share of penalty-path runs finding it within +-1 year

    @property
    def stable(self) -> bool:
        return self.stability >= 1.0


@dataclass
class ChangePoints:
    """Result of ``change_points``: ``breaks`` is empty and ``reason`` set when not analysed."""

    breaks: list[Break] = field(default_factory=list)
    reason: str | None = None
    penalty: dict[str, float] = field(default_factory=dict)
    sigma: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Series:
    """A series ready for PELT: values, weights, the year of each point, level inputs."""

    name: str
    y: np.ndarray
    w: np.ndarray
    years: np.ndarray
    level_num: np.ndarray
    level_den: np.ndarray
    sigma: float
    min_events: int


def _mad(x: np.ndarray) -> float:
    return float(MAD_SCALE * np.median(np.abs(x - np.median(x)))) if len(x) else 0.0


def robust_sigma(y: np.ndarray, weights: np.ndarray | None = None) -> float:
    """MAD of first differences scaled to one observation's SD (per unit weight)."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    d = np.diff(y) / np.sqrt(1 / w[1:] + 1 / w[:-1])
    sigma = _mad(d)
    return sigma if sigma > 0 else float(np.std(d))


def _series(agg: YearAgg, name: str) -> _Series:
    if name == "tone":
        has = agg.n > 0
        n = agg.n[has].astype(float)
        y = agg.net[has] / n
        return _Series("tone", y, n, agg.years[has], agg.net[has], n, robust_sigma(y, n),
                       MIN_SEGMENT_EVENTS)
    if name == "activity":
        n = agg.n.astype(float)
        y = 2 * np.sqrt(n + 3 / 8)
        sigma = max(1.0, robust_sigma(y))
        return _Series("activity", y, np.ones_like(y), agg.years, n, np.ones_like(n), sigma, 0)
    raise ValueError(f"unknown series {name!r}; use one of {SERIES}")


def penalty(s: _Series, beta: float) -> float:
    """``beta * sigma^2 * log(n)``."""
    return float(beta * s.sigma ** 2 * np.log(len(s.y)))


def _enforce_min_events(bkps: list[int], s: _Series, cost: WeightedL2) -> list[int]:
    """Drop breakpoints until every segment holds ``s.min_events`` events."""
    cum = np.concatenate([[0.0], np.cumsum(s.level_den if s.name == "tone" else s.w)])
    bkps = list(bkps)
    while bkps:
        edges = [0, *bkps, len(s.y)]
        counts = [cum[b] - cum[a] for a, b in itertools.pairwise(edges)]
        small = int(np.argmin(counts))
        if counts[small] >= s.min_events:
            break
        options = [i for i in (small - 1, small) if 0 <= i < len(bkps)]
        def rise(i: int, edges: list[int] = edges) -> float:
            a, b, c = edges[i], edges[i + 1], edges[i + 2]
            return cost.error(a, c) - cost.error(a, b) - cost.error(b, c)
        bkps.pop(min(options, key=rise))
    return bkps


def _segment(s: _Series, pen: float) -> list[int]:
    """Breakpoint positions (first index of each new segment) at penalty ``pen``."""
    if len(s.y) < 2 * MIN_SEGMENT_YEARS:
        return []
    cost = WeightedL2(s.w).fit(s.y)
    algo = _pelt()(custom_cost=cost, min_size=MIN_SEGMENT_YEARS, jump=1).fit(s.y)
    bkps = algo.predict(pen=pen)[:-1]
    return _enforce_min_events(bkps, s, cost) if s.min_events else bkps


def _pelt() -> type:
    """Return ``ruptures.Pelt`` with ``WeightedL2`` registered as a ruptures cost."""
    return pelt(WeightedL2)


def _levels(s: _Series, bkps: list[int]) -> list[float]:
    edges = [0, *bkps, len(s.y)]
    return [float(s.level_num[a:b].sum() / s.level_den[a:b].sum())
            for a, b in itertools.pairwise(edges)]


def not_analysable(agg: YearAgg) -> str | None:
    """Why the change-point analysis is skipped, or None when it can run."""
    total, with_events = int(agg.n.sum()), int((agg.n > 0).sum())
    if total < MIN_EVENTS:
        return f"only {total} events (change points need at least {MIN_EVENTS})"
    if with_events < MIN_YEARS_WITH_EVENTS:
        return (f"events in only {with_events} years (change points need at least "
                f"{MIN_YEARS_WITH_EVENTS})")
    return None


def break_years(agg: YearAgg, series: str, beta: float | None = None,
                multiplier: float = 1.0) -> list[int]:
    """Break years of one series at one penalty, without path or levels (fast path)."""
    s = _series(agg, series)
    beta = (BETA_TONE if series == "tone" else BETA_ACTIVITY) if beta is None else beta
    return [int(s.years[b]) for b in _segment(s, multiplier * penalty(s, beta))]


def series_breaks(agg: YearAgg, series: str, beta: float | None = None,
                  path: tuple[float, ...] = PENALTY_PATH) -> tuple[list[Break], float, float]:
    """Breaks of one series with stability and interval; returns (breaks, penalty, sigma)."""
    s = _series(agg, series)
    beta = (BETA_TONE if series == "tone" else BETA_ACTIVITY) if beta is None else beta
    pen = penalty(s, beta)
    main = _segment(s, pen)
    runs = [[int(s.years[b]) for b in (main if m == 1.0 else _segment(s, m * pen))]
            for m in path]
    levels = _levels(s, main)
    out = []
    for i, b in enumerate(main):
        year = int(s.years[b])
        found = [any(abs(y - year) <= STABLE_TOLERANCE for y in run) for run in runs]
        near = [y for run in runs for y in run if abs(y - year) <= INTERVAL_WINDOW] + [year]
        out.append(Break(series, year, (min(near), max(near)), levels[i], levels[i + 1],
                         float(np.mean(found))))
    return out, pen, s.sigma


def detect(agg: YearAgg, series: tuple[str, ...] = SERIES, beta_tone: float | None = None,
           beta_activity: float | None = None) -> ChangePoints:
    """``change_points`` on per-year aggregates (see ``_common.year_agg``)."""
    reason = not_analysable(agg)
    if reason:
        return ChangePoints(reason=reason)
    result = ChangePoints()
    for name in series:
        beta = beta_tone if name == "tone" else beta_activity
        breaks, pen, sigma = series_breaks(agg, name, beta)
        result.breaks.extend(breaks)
        result.penalty[name], result.sigma[name] = pen, sigma
    return result


def change_points(events: pd.DataFrame, start_year: int, end_year: int,
                  series: tuple[str, ...] = SERIES, beta_tone: float | None = None,
                  beta_activity: float | None = None) -> ChangePoints:
    """Change points of yearly tone and/or activity over ``start_year..end_year``.

    Returns ``ChangePoints(breaks=[], reason="...")`` when there are fewer than ``MIN_EVENTS``
    events or fewer than ``MIN_YEARS_WITH_EVENTS`` years with events.
    """
    return detect(year_agg(events, start_year, end_year), series, beta_tone, beta_activity)
