"""Shared helpers: input checks, per-year aggregation and seeding.

Every statistic in this package starts from per-year (or per-month) arrays built here with
``np.bincount``; no function loops over event rows in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bilateral.data.periods import period_label as _name

REQUIRED_COLUMNS = ("event_id", "date", "intensity", "actor1", "actor2", "title", "indirect",
                    "joint")

Seed = int | np.random.Generator


def rng(seed: Seed) -> np.random.Generator:
    """Return a numpy Generator: an int seeds a new PCG64 one, a Generator is used as given."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def check_events(events: pd.DataFrame, columns: tuple[str, ...] = ("date", "intensity")) -> None:
    """Raise ``ValueError`` if ``events`` lacks one of ``columns``."""
    missing = [c for c in columns if c not in events.columns]
    if missing:
        raise ValueError(f"events table lacks column(s): {', '.join(missing)}")


def event_years(events: pd.DataFrame) -> np.ndarray:
    """Calendar year of every event as an int64 array."""
    return pd.DatetimeIndex(events["date"]).year.to_numpy(dtype=np.int64)


def in_span(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Events whose year lies in ``start_year..end_year`` (both inclusive)."""
    years = event_years(events)
    return events.loc[(years >= start_year) & (years <= end_year)]


def mean_per_event(net, n):
    """Tone: the summed intensity divided by the number of events; NaN where there is none
    (arrays or Series alike)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.asarray(n) > 0, np.asarray(net) / np.maximum(np.asarray(n), 1),
                        np.nan)


@dataclass(frozen=True)
class YearAgg:
    """Per-year aggregates over ``years`` (every year of the span, empty ones included).

    ``tension`` is a sum of negative intensities and so is <= 0; ``net = coop + tension``.
    """

    years: np.ndarray
    n: np.ndarray
    net: np.ndarray
    coop: np.ndarray
    tension: np.ndarray
    n_coop: np.ndarray
    n_tension: np.ndarray

    @property
    def tone(self) -> np.ndarray:
        """Mean intensity per year; NaN where a year has no events."""
        return mean_per_event(self.net, self.n)


def year_agg(events: pd.DataFrame, start_year: int, end_year: int) -> YearAgg:
    """Aggregate events to per-year arrays over ``start_year..end_year``."""
    check_events(events)
    if end_year < start_year:
        raise ValueError("end_year must not be before start_year")
    size = end_year - start_year + 1
    idx = event_years(events) - start_year
    keep = (idx >= 0) & (idx < size)
    idx = idx[keep]
    x = events["intensity"].to_numpy(dtype=float)[keep]
    def total(weights: np.ndarray | None) -> np.ndarray:
        return np.bincount(idx, weights=weights, minlength=size)[:size].astype(float)
    return YearAgg(years=np.arange(start_year, end_year + 1), n=total(None).astype(np.int64),
                   net=total(x), coop=total(np.clip(x, 0, None)),
                   tension=total(np.clip(x, None, 0)),
                   n_coop=total((x > 0).astype(float)).astype(np.int64),
                   n_tension=total((x < 0).astype(float)).astype(np.int64))


def period_index(years: np.ndarray, length: int, offset: int = 0) -> np.ndarray:
    """Nominal first year of the ``length``-year bin holding each year.

    Bins start at years ``y`` with ``(y - offset) % length == 0``; ``offset=0`` reproduces the
    project's current binning (aligned on year 0, e.g. 1950–1954 for 5-year periods).
    """
    if length < 1:
        raise ValueError("length must be >= 1")
    return (np.asarray(years) - offset) // length * length + offset


def period_label(first: int, last: int) -> str:
    """Label a period by its nominal years (the project's one naming, data.periods)."""
    return _name(first, last - first + 1)
