"""Multiverse robustness of the headline findings (Steegen et al. 2016).

Specifications: statistic in {sum, mean, count} x period length in {3, 5, 10} at every bin
offset (0..length-1) x {with, without ``indirect`` rows} = 108 for period findings. ``count``
ranks periods by (share of cooperative events - share of tension events). Only periods at least
half inside the span are ranked (a cut last period would otherwise look like a fall), and mean/
count rank only periods with >= ``MIN_RANK_EVENTS`` events, sum periods with >= 1 event.

Findings and agreement:

* warmest / coldest period — agrees if the spec's period overlaps the headline period's years;
* largest turning point (largest change between consecutive periods) — its location is the
  window from the earlier period's midpoint to the later one's; agrees if the windows overlap
  and the change has the same sign;
* each era's sign — specs: statistic x indirect (6; sum and mean always share a sign); the sign
  of net (sum, mean) or of n_coop - n_tension (count); agrees if equal;
* each change point — specs: with and without indirect rows (2); agrees if the same series has a
  break within ``CHANGE_WINDOW`` years.

``flippers``: events whose single removal at the headline spec changes the finding. Period and
era findings are recomputed for all events at once from adjusted aggregates (``_loo``). Change
points are rerun once per distinct (year, intensity) among events within ``CHANGE_WINDOW`` years
of the break (tone) or once per such year (activity): events sharing a year and intensity have
identical effects, so big machine-coded tables need only a few hundred reruns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from bilateral.analysis.stats import _loo
from bilateral.analysis.stats._common import YearAgg, event_years, in_span, year_agg
from bilateral.analysis.stats.changepoints import break_years, detect
from bilateral.analysis.stats.yearly import PeriodAgg, period_agg

LENGTHS = (3, 5, 10)
MIN_RANK_EVENTS = _loo.MIN_RANK_EVENTS
CHANGE_WINDOW = 2


@dataclass(frozen=True)
class Spec:
    """One specification; ``indirect=True`` keeps rows flagged ``indirect``."""

    statistic: str = "sum"
    length: int = 5
    offset: int = 0
    indirect: bool = True


HEADLINE = Spec()


@dataclass
class Finding:
    """A finding with its multiverse support: ``k`` of ``m`` specifications agree."""

    key: str
    kind: str
    k: int
    m: int
    flippers: list[str] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.k / self.m if self.m else float("nan")


def specifications(lengths: tuple[int, ...] = LENGTHS) -> list[Spec]:
    """Every period specification (statistic x length x offset x indirect)."""
    return [Spec(s, n, o, i) for s in _loo.STATISTICS for n in lengths for o in range(n)
            for i in (True, False)]


def _agg_dict(pa: PeriodAgg) -> dict[str, np.ndarray]:
    return {"n": pa.n, "net": pa.net, "n_coop": pa.n_coop, "n_tension": pa.n_tension}


def _values(pa: PeriodAgg, statistic: str) -> np.ndarray:
    return _loo.values(statistic, pa.n, pa.net, pa.n_coop, pa.n_tension, pa.mostly_inside)


def _span(pa: PeriodAgg, j: int) -> tuple[int, int]:
    return int(pa.first_year[j]), int(pa.last_year[j])


def _window(pa: PeriodAgg, j: int) -> tuple[float, float]:
    mids = (pa.first_year + pa.last_year) / 2
    return float(mids[j]), float(mids[j + 1])


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _label(pa: PeriodAgg, j: int) -> str:
    return pa.labels[j]


def _period_findings(aggs: dict[bool, YearAgg], head: Spec, specs: list[Spec],
                     years: np.ndarray, x: np.ndarray, ids: np.ndarray) -> list[Finding]:
    hp = period_agg(aggs[head.indirect], head.length, head.offset)
    hv = _values(hp, head.statistic)
    warm, cold, turn = _loo.extreme(hv, True), _loo.extreme(hv, False), _loo.turning(hv)
    k = {"warmest": 0, "coldest": 0, "turning": 0}
    turn_sign = np.sign(np.diff(hv)[turn]) if turn is not None else 0.0
    for spec in specs:
        pa = period_agg(aggs[spec.indirect], spec.length, spec.offset)
        v = _values(pa, spec.statistic)
        w, c, t = _loo.extreme(v, True), _loo.extreme(v, False), _loo.turning(v)
        k["warmest"] += warm is not None and w is not None and _overlap(_span(hp, warm),
                                                                        _span(pa, w))
        k["coldest"] += cold is not None and c is not None and _overlap(_span(hp, cold),
                                                                        _span(pa, c))
        k["turning"] += (turn is not None and t is not None
                         and _overlap(_window(hp, turn), _window(pa, t))
                         and np.sign(np.diff(v)[t]) == turn_sign)
    p = hp.year_to_period[years - aggs[True].years[0]]
    v_new = _loo.adjusted(head.statistic, _agg_dict(hp), hp.mostly_inside, p, x)
    out, m = [], len(specs)
    for name, idx, warmest in (("warmest", warm, True), ("coldest", cold, False)):
        if idx is None:
            continue
        flips = _loo.extreme_after(hv, v_new, p, warmest) != idx
        out.append(Finding(f"{name} period {_label(hp, idx)}", name, int(k[name]), m,
                           ids[flips].tolist(), {"span": _span(hp, idx),
                                                 "start": int(hp.start[idx]),
                                                 "value": float(hv[idx])}))
    if turn is not None:
        j, s = _loo.turning_after(hv, v_new, p)
        flips = (j != turn) | (s != turn_sign)
        word = "rise" if turn_sign > 0 else "fall"
        out.append(Finding(f"largest turning point {_label(hp, turn)} \u2192 "
                           f"{_label(hp, turn + 1)} ({word})", "turning", int(k["turning"]), m,
                           ids[flips].tolist(), {"window": _window(hp, turn),
                                                  "starts": (int(hp.start[turn]),
                                                             int(hp.start[turn + 1])),
                                                 "change": float(np.diff(hv)[turn])}))
    return out


def era_table(eras: pd.DataFrame | None, start_year: int, end_year: int) -> pd.DataFrame:
    """Eras as (era, start, end) Timestamps clipped to the span; None = decades.

    ``start``/``end`` may be years (int: Jan 1 / Dec 31) or dates; a missing ``end`` runs to
    the day before the next era.
    """
    lo, hi = pd.Timestamp(f"{start_year}-01-01"), pd.Timestamp(f"{end_year}-12-31")
    if eras is None:
        first = range(start_year // 10 * 10, end_year + 1, 10)
        eras = pd.DataFrame({"era": [f"{y}s" for y in first], "start": list(first)})
    def stamp(s: pd.Series, end: bool) -> pd.Series:
        if pd.api.types.is_numeric_dtype(s):
            return pd.to_datetime(s.astype("Int64").astype(str) + ("-12-31" if end else "-01-01"),
                                  errors="coerce")
        return pd.to_datetime(s)
    start = stamp(eras["start"], False)
    next_start = start.shift(-1) - pd.Timedelta(days=1)
    end = stamp(eras["end"], True).fillna(next_start) if "end" in eras else next_start
    table = pd.DataFrame({"era": eras["era"].astype(str), "start": start.clip(lower=lo),
                          "end": end.fillna(hi).clip(upper=hi)})
    return table.loc[table["start"] <= table["end"]].reset_index(drop=True)


def _era_findings(events: pd.DataFrame, eras: pd.DataFrame, head: Spec) -> list[Finding]:
    dates = events["date"].to_numpy()
    idx = np.searchsorted(eras["start"].to_numpy(), dates, side="right") - 1
    inside = (idx >= 0) & (dates <= eras["end"].to_numpy()[np.maximum(idx, 0)])
    x = events["intensity"].to_numpy(dtype=float)
    direct = (~events["indirect"].to_numpy(dtype=bool) if "indirect" in events
              else np.ones(len(x), bool))
    size = len(eras)
    def signs(mask: np.ndarray) -> dict[str, np.ndarray]:
        sel = mask & inside
        net = np.bincount(idx[sel], x[sel], size)
        balance = np.bincount(idx[sel], np.sign(x[sel]), size)
        return {"sum": np.sign(net), "mean": np.sign(net), "count": np.sign(balance)}
    runs = [signs(np.ones(len(x), bool)), signs(direct)]
    head_sel = (np.ones(len(x), bool) if head.indirect else direct) & inside
    net = np.bincount(idx[head_sel], x[head_sel], size)
    words = {1.0: "cooperative", -1.0: "tense", 0.0: "balanced"}
    out = []
    for e in range(size):
        sign = float(np.sign(net[e]))
        k = sum(int(run[s][e] == sign) for run in runs for s in _loo.STATISTICS)
        here = head_sel & (idx == e)
        flips = np.sign(net[e] - x[here]) != sign
        ids = events["event_id"].to_numpy()[here][flips].tolist()
        out.append(Finding(f"era {eras['era'][e]} on balance {words[sign]}", "era", k,
                           2 * len(_loo.STATISTICS), ids,
                           {"net": float(net[e]), "era": str(eras["era"][e]),
                            "n": int(here.sum())}))
    return out


def _without(agg: YearAgg, i: int, x: float) -> YearAgg:
    """``agg`` with one event of intensity ``x`` removed from year position ``i``."""
    def minus(a: np.ndarray, d: float) -> np.ndarray:
        a = a.copy()
        a[i] -= d
        return a
    return replace(agg, n=minus(agg.n, 1), net=minus(agg.net, x),
                   coop=minus(agg.coop, max(x, 0.0)), tension=minus(agg.tension, min(x, 0.0)),
                   n_coop=minus(agg.n_coop, x > 0), n_tension=minus(agg.n_tension, x < 0))


def _found(years: list[int], year: int) -> bool:
    return any(abs(y - year) <= CHANGE_WINDOW for y in years)


def _change_findings(aggs: dict[bool, YearAgg], head: Spec, years: np.ndarray,
                     x: np.ndarray, ids: np.ndarray) -> list[Finding]:
    base = aggs[head.indirect]
    result = detect(base)
    out = []
    for b in result.breaks:
        runs = [detect(aggs[ind], (b.series,)) for ind in (True, False)]
        k = sum(_found([r.year for r in run.breaks], b.year) for run in runs)
        near = np.abs(years - b.year) <= CHANGE_WINDOW
        keys = np.c_[years[near], x[near] if b.series == "tone" else np.zeros(near.sum())]
        flipped = np.zeros(near.sum(), bool)
        for year, value in np.unique(keys, axis=0):
            i = int(year) - int(base.years[0])
            trial = _without(base, i, float(value) if b.series == "tone" else
                             float(x[near][years[near] == year][0]))
            if not _found(break_years(trial, b.series), b.year):
                flipped |= (keys[:, 0] == year) & (keys[:, 1] == value)
        out.append(Finding(f"{b.series} change point {b.year}", f"change_{b.series}", k, 2,
                           ids[near][flipped].tolist(),
                           {"interval": b.interval, "stability": b.stability,
                            "year": b.year, "series": b.series}))
    return out


def multiverse(events: pd.DataFrame, start_year: int, end_year: int,
               eras: pd.DataFrame | None = None, headline: Spec = HEADLINE,
               lengths: tuple[int, ...] = LENGTHS,
               change_points: bool = True) -> list[Finding]:
    """Recompute the key findings under every specification; see the module docstring.

    Returns period findings (warmest, coldest, turning), one per era, and one per headline
    change point (``change_points=True``), each with ``k`` agreeing of ``m`` specs and its
    single-event ``flippers`` at ``headline``.
    """
    events = in_span(events, start_year, end_year)
    direct = (~events["indirect"].astype(bool)) if "indirect" in events else None
    aggs = {True: year_agg(events, start_year, end_year),
            False: year_agg(events if direct is None else events.loc[direct],
                            start_year, end_year)}
    sel = events if headline.indirect or direct is None else events.loc[direct]
    years = event_years(sel)
    x = sel["intensity"].to_numpy(dtype=float)
    ids = sel["event_id"].astype(str).to_numpy()
    found = _period_findings(aggs, headline, specifications(lengths), years, x, ids)
    found += _era_findings(events, era_table(eras, start_year, end_year), headline)
    if change_points:
        found += _change_findings(aggs, headline, years, x, ids)
    return found


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame: key, kind, k, m, share, n_flippers, flippers."""
    return pd.DataFrame({"key": [f.key for f in findings], "kind": [f.kind for f in findings],
                         "k": [f.k for f in findings], "m": [f.m for f in findings],
                         "share": [f.share for f in findings],
                         "n_flippers": [len(f.flippers) for f in findings],
                         "flippers": [f.flippers for f in findings]})
