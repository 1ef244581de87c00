"""Per-year and per-period tables of an events DataFrame.

Conventions (shared by every module of the package):

* ``events`` counts events (0 for empty years or periods);
* ``net`` is the sum of intensity, ``coop`` the sum of positive intensities and ``tension`` the
  sum of negative ones (kept negative, so ``net = coop + tension``);
* ``tone`` is the mean intensity: NaN where there are no events (never 0, which would read as
  "neutral").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bilateral.analysis.stats._common import YearAgg, period_index, period_label, year_agg

YEARLY_COLUMNS = ["events", "net", "tone", "coop", "tension", "n_coop", "n_tension"]
PERIOD_COLUMNS = ["label", "start", "end", "first_year", "last_year", "years", "partial",
                  "events", "net", "tone", "coop", "tension", "n_coop", "n_tension"]


def yearly(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """One row per year of ``start_year..end_year`` (inclusive), indexed by ``year``.

    Columns: ``events`` (count, 0 for empty years), ``net``, ``tone`` (NaN for empty years),
    ``coop``, ``tension`` (sums) and ``n_coop``/``n_tension`` (counts of events > 0 / < 0).
    Events outside the span are ignored.
    """
    agg = year_agg(events, start_year, end_year)
    return pd.DataFrame({"events": agg.n, "net": agg.net, "tone": agg.tone, "coop": agg.coop,
                         "tension": agg.tension, "n_coop": agg.n_coop,
                         "n_tension": agg.n_tension},
                        index=pd.Index(agg.years, name="year"))


@dataclass(frozen=True)
class PeriodAgg:
    """Per-period arrays (one entry per period, in time order); see ``periods``."""

    start: np.ndarray       # nominal first year of the bin
    end: np.ndarray         # nominal last year of the bin (inclusive)
    first_year: np.ndarray  # first year inside the study span
    last_year: np.ndarray   # last year inside the study span
    n: np.ndarray
    net: np.ndarray
    coop: np.ndarray
    tension: np.ndarray
    n_coop: np.ndarray
    n_tension: np.ndarray
    year_to_period: np.ndarray  # period position of every year of the span

    @property
    def years(self) -> np.ndarray:
        """Number of years of each period inside the study span."""
        return self.last_year - self.first_year + 1

    @property
    def partial(self) -> np.ndarray:
        """True where a period is cut by the study span."""
        return self.years < (self.end - self.start + 1)

    @property
    def mostly_inside(self) -> np.ndarray:
        """True where at least half of a period lies inside the span (rankable periods)."""
        return 2 * self.years >= (self.end - self.start + 1)

    @property
    def tone(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n > 0, self.net / np.maximum(self.n, 1), np.nan)

    @property
    def labels(self) -> list[str]:
        return [period_label(int(a), int(b)) for a, b in zip(self.start, self.end, strict=False)]


def period_agg(agg: YearAgg, length: int, offset: int = 0) -> PeriodAgg:
    """Sum per-year aggregates into ``length``-year bins (see ``_common.period_index``)."""
    starts = period_index(agg.years, length, offset)
    uniq, pos = np.unique(starts, return_inverse=True)
    size = len(uniq)
    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(pos, weights=values, minlength=size)
    first = np.maximum(uniq, agg.years[0])
    last = np.minimum(uniq + length - 1, agg.years[-1])
    return PeriodAgg(start=uniq, end=uniq + length - 1, first_year=first, last_year=last,
                     n=total(agg.n).astype(np.int64), net=total(agg.net),
                     coop=total(agg.coop), tension=total(agg.tension),
                     n_coop=total(agg.n_coop).astype(np.int64),
                     n_tension=total(agg.n_tension).astype(np.int64), year_to_period=pos)


def period_table(pa: PeriodAgg) -> pd.DataFrame:
    """Render ``PeriodAgg`` as the DataFrame described in ``periods``."""
    return pd.DataFrame({"label": pa.labels, "start": pa.start, "end": pa.end,
                         "first_year": pa.first_year, "last_year": pa.last_year,
                         "years": pa.years, "partial": pa.partial, "events": pa.n,
                         "net": pa.net, "tone": pa.tone, "coop": pa.coop,
                         "tension": pa.tension, "n_coop": pa.n_coop,
                         "n_tension": pa.n_tension})


def periods(events: pd.DataFrame, start_year: int, end_year: int, length: int,
            offset: int = 0) -> pd.DataFrame:
    """One row per ``length``-year period covering ``start_year..end_year``.

    Periods start at years ``y`` with ``(y - offset) % length == 0`` (``offset=0``: 1950–1954,
    1955–1959, ... as the project bins today). ``label``/``start``/``end`` name the nominal bin
    (``end`` is its inclusive last year); ``first_year``/``last_year``/``years`` say which part
    of it lies inside the span, and ``partial`` flags cut first/last periods. ``events``,
    ``net``, ``tone`` etc. follow the ``yearly`` conventions (tone NaN for empty periods).
    """
    return period_table(period_agg(year_agg(events, start_year, end_year), length, offset))
