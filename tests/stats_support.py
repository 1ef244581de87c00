"""Event tables built in memory for the statistics tests: hand-written rows and seeded
simulations (the calibration runs of the change-point tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

START = 1950


def _draw(rng: np.random.Generator, n_years: int, rate: float, mean: float, sd: float,
          break_at: int | None, tone_shift: float, rate_factor: float):
    """The random draws of one simulated table, always in the same order: event dates and
    intensities, and whether ``actor1`` is the first actor."""
    idx = np.arange(n_years)
    after = np.zeros(n_years, bool) if break_at is None else idx >= break_at
    counts = rng.poisson(rate * np.where(after, rate_factor, 1.0))
    year_idx = np.repeat(idx, counts)
    mu = mean + tone_shift * after[year_idx]
    x = np.clip(rng.normal(mu, sd), -10, 10)
    n = len(x)
    days = rng.integers(0, 365, n)
    # 1 January of each event's year plus its day, in microseconds as pd.to_datetime gives
    # (from numpy dates: parsing year strings took a fifth of a calibration run)
    dates = pd.DatetimeIndex((START - 1970 + year_idx).astype("datetime64[Y]")
                             .astype("datetime64[D]") + days.astype("timedelta64[D]")
                             ).as_unit("us")
    return dates, x, rng.random(n) < .5


def simulate_events(rng: np.random.Generator, n_years: int = 60, rate: float = 3.0,
                    mean: float = 1.0, sd: float = 3.0, break_at: int | None = None,
                    tone_shift: float = 0.0, rate_factor: float = 1.0) -> pd.DataFrame:
    """Events over ``n_years`` from ``START``: Poisson counts per year, normal intensities.

    From year index ``break_at`` on, the intensity mean moves by ``tone_shift`` and the rate is
    multiplied by ``rate_factor``. Intensities are clipped to -10..10.
    """
    dates, x, first = _draw(rng, n_years, rate, mean, sd, break_at, tone_shift, rate_factor)
    n = len(x)
    return pd.DataFrame({"event_id": [f"e{i}" for i in range(n)], "date": dates,
                         "intensity": x, "actor1": np.where(first, "AAA", "BBB"),
                         "actor2": "CCC", "title": "", "indirect": False, "joint": False})


def simulate_dates_and_intensities(rng: np.random.Generator, n_years: int = 60,
                                   rate: float = 3.0, mean: float = 1.0, sd: float = 3.0,
                                   break_at: int | None = None, tone_shift: float = 0.0,
                                   rate_factor: float = 1.0) -> pd.DataFrame:
    """The ``date`` and ``intensity`` columns of :func:`simulate_events` (the same draws, so
    the same generator state after it), which are all the yearly aggregation reads: the
    calibration runs build 200 tables each and the text columns took a third of the time."""
    dates, x, _ = _draw(rng, n_years, rate, mean, sd, break_at, tone_shift, rate_factor)
    return pd.DataFrame({"date": dates, "intensity": x})


def make_events(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (event_id, "YYYY-MM-DD", intensity[, actor1[, indirect[, joint]]])."""
    full = [(r + ("AAA", False, False)[len(r) - 3:]) if len(r) < 6 else r for r in rows]
    frame = pd.DataFrame(full, columns=["event_id", "date", "intensity", "actor1", "indirect",
                                        "joint"])
    return frame.assign(date=pd.to_datetime(frame["date"]),
                        intensity=frame["intensity"].astype(float),
                        actor2=frame["actor1"].map({"AAA": "BBB", "BBB": "AAA"}).fillna("AAA"),
                        title="", indirect=frame["indirect"].astype(bool),
                        joint=frame["joint"].astype(bool))
