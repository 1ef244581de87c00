"""Vectorised leave-one-out for period findings (helpers of ``robustness``).

Removing event ``i`` (period ``p_i``, intensity ``x_i``) changes only period ``p_i``'s
aggregates: ``n - 1``, ``net - x_i``, ``n_coop - [x_i > 0]``, ``n_tension - [x_i < 0]``. Each
finding is recomputed from these adjusted aggregates for all events at once (arrays of length
n_events), using the best *other* periods (top-2 / top-3) that removal cannot touch.
"""

from __future__ import annotations

import numpy as np

MIN_RANK_EVENTS = 3   # mean/count statistics rank only periods with at least this many events
STATISTICS = ("sum", "mean", "count")


def values(statistic: str, n: np.ndarray, net: np.ndarray, n_coop: np.ndarray,
           n_tension: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Period value under ``statistic``; NaN where a period may not be ranked.

    ``sum``: net; ``mean``: tone (net / n); ``count``: share of cooperative minus share of
    tension events. Rankable: mostly inside the span and >= 1 event (sum) or >=
    ``MIN_RANK_EVENTS`` events (mean, count).
    """
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {STATISTICS}")
    n = np.asarray(n, dtype=float)
    need = 1 if statistic == "sum" else MIN_RANK_EVENTS
    with np.errstate(invalid="ignore", divide="ignore"):
        if statistic == "sum":
            v = np.asarray(net, dtype=float)
        elif statistic == "mean":
            v = net / n
        else:
            v = (n_coop - n_tension) / n
    return np.where(inside & (n >= need), v, np.nan)


def _score(v: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(v), -np.inf, v)


def extreme(v: np.ndarray, warmest: bool) -> int | None:
    """Index of the highest (``warmest``) or lowest value; ties go to the earlier period."""
    s = _score(v if warmest else -v)
    return None if not np.isfinite(s).any() else int(np.argmax(s))


def turning(v: np.ndarray) -> int | None:
    """Index ``j`` of the largest |v[j+1] - v[j]| between rankable neighbours (earliest on ties)."""
    d = np.diff(v)
    s = _score(np.abs(d))
    return None if len(d) == 0 or not np.isfinite(s).any() or s.max() == 0 else int(np.argmax(s))


def adjusted(statistic: str, agg: dict[str, np.ndarray], inside: np.ndarray, p: np.ndarray,
             x: np.ndarray) -> np.ndarray:
    """Value of period ``p[i]`` once event ``i`` (intensity ``x[i]``) is removed."""
    return values(statistic, agg["n"][p] - 1, agg["net"][p] - x,
                  agg["n_coop"][p] - (x > 0), agg["n_tension"][p] - (x < 0), inside[p])


def extreme_after(v: np.ndarray, v_new: np.ndarray, p: np.ndarray, warmest: bool) -> np.ndarray:
    """Warmest/coldest period index after each removal (-1: none rankable)."""
    sign = 1.0 if warmest else -1.0
    score = _score(sign * v)
    order = np.argsort(-score, kind="stable")[:2]
    top, second = order[0], (order[1] if len(order) > 1 else -1)
    other = np.where(p == top, second, top)
    other_score = np.where(other >= 0, score[np.maximum(other, 0)], -np.inf)
    new_score = _score(sign * v_new)
    wins = (new_score > other_score) | ((new_score == other_score) & (p < other))
    wins &= np.isfinite(new_score)
    out = np.where(wins, p, other)
    return np.where(np.isfinite(np.maximum(new_score, other_score)), out, -1)


def turning_after(v: np.ndarray, v_new: np.ndarray,
                  p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, sign) of the largest turning point after each removal (index -1: none)."""
    d = np.diff(v)
    size = len(d)
    score = _score(np.abs(d))
    order = np.argsort(-score, kind="stable")[:3]
    order = np.concatenate([order, -np.ones(3 - len(order), dtype=int)])
    best_j = np.full(len(p), -1)
    for j in order[::-1]:     # the first candidate not touched by removal wins
        ok = (j >= 0) & (j != p - 1) & (j != p)
        best_j = np.where(ok, j, best_j)
    safe = np.maximum(best_j, 0)
    best_s = np.where(best_j >= 0, score[safe] if size else -np.inf, -np.inf)
    best_d = np.where(best_j >= 0, d[safe] if size else 0.0, 0.0)
    left = np.where(p >= 1, v_new - v[np.maximum(p - 1, 0)], np.nan)        # diff j = p - 1
    right = np.where(p < size, v[np.minimum(p + 1, len(v) - 1)] - v_new, np.nan)  # diff j = p
    for cand_j, cand_d in ((p - 1, left), (p, right)):
        s = _score(np.abs(cand_d))
        better = (s > best_s) | ((s == best_s) & (cand_j < best_j) & np.isfinite(s))
        best_j = np.where(better, cand_j, best_j)
        best_s = np.where(better, s, best_s)
        best_d = np.where(better, cand_d, best_d)
    none = ~np.isfinite(best_s) | (best_s == 0)
    return np.where(none, -1, best_j), np.sign(np.where(none, 0.0, best_d))
