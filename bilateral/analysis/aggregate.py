"""Aggregates that stand in for one mark per event when a selection is large.

Above :data:`AGGREGATE_ABOVE` events, one mark per event is neither readable (the marks pile up)
nor small (each is an element of the page's SVG and of the PDF). The timeline then counts events
per time step and intensity band (:func:`event_density`), the cumulative index keeps the first,
lowest, highest and last row of each of :data:`LINE_SLICES` time slices (:func:`m4_rows`; the
line drawn through them covers the same pixels as the full one), and the page's hover data and
downloads hold monthly aggregates (``bilateral.report.downloads``). The bundled chronologies,
a few hundred events per dyad at most, stay below it and are drawn event by event.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AGGREGATE_ABOVE = 1_000  # events; above this, charts, hover data and downloads aggregate
LINE_SLICES = 1_000  # M4 slices of a reduced line: more than the plot's pixel columns at 150 dpi
MAX_STEPS = 80  # columns of the density: the finest of month, quarter, year that fits
STEPS = (("month", "MS", 1), ("quarter", "QS", 3), ("year", "YS", 12))
# Intensity bands: below zero [low, high), zero on its own, above zero (low, high].
BAND_EDGES = (-10.0, -8.0, -6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0)
ZERO_BAND = BAND_EDGES.index(0.0)
COUNT_CLASSES = (1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000)


def aggregated(n_events: int) -> bool:
    """Tell whether a selection of ``n_events`` is drawn and embedded as aggregates."""
    return n_events > AGGREGATE_ABOVE


def time_step(start: pd.Timestamp, end: pd.Timestamp) -> tuple[str, str]:
    """Return the density's time step for a report from ``start`` to ``end``: the finest of
    month, quarter and year with at most :data:`MAX_STEPS` columns (a year when none fits),
    as its name and pandas frequency."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for name, freq, length in STEPS:
        if -(-months // length) <= MAX_STEPS:
            return name, freq
    return STEPS[-1][0], STEPS[-1][1]


def intensity_band(values: np.ndarray) -> np.ndarray:
    """Return the index of each intensity's band in :data:`BAND_EDGES` (:data:`ZERO_BAND` for
    zero; below it ``[low, high)``, above it ``(low, high]``)."""
    edges = np.asarray(BAND_EDGES)
    below = np.searchsorted(edges, values, side="right") - 1
    above = np.searchsorted(edges, values, side="left")
    return np.where(values < 0, np.clip(below, 0, ZERO_BAND - 1),
                    np.where(values > 0, np.clip(above, ZERO_BAND + 1, len(edges) - 1),
                             ZERO_BAND))


def band_bounds(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the lowest and highest intensity of each band (both 0 for the zero band)."""
    edges = np.asarray(BAND_EDGES)
    band = np.asarray(band)
    low = np.where(band < ZERO_BAND, edges[np.minimum(band, len(edges) - 1)],
                   np.where(band > ZERO_BAND, edges[band - 1], 0.0))
    high = np.where(band < ZERO_BAND, edges[np.minimum(band + 1, len(edges) - 1)],
                    np.where(band > ZERO_BAND, edges[band], 0.0))
    return low, high


def event_density(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Count the events of each time step (:func:`time_step`) and intensity band.

    One row per cell with events: ``step_start``, ``step_end`` (the step clipped to the
    report's dates, ``step_end`` exclusive), ``step`` (``1994``, ``1994 Q2`` or ``1994-05``),
    ``unit`` (year, quarter or month), ``band``, ``low``, ``high`` (the band's intensities),
    ``n_events`` and ``mean_intensity`` of the cell, ``step_events`` and ``step_mean`` of
    the whole step. The counts add up to the number of events.
    """
    unit, freq = time_step(start, end)
    edges = pd.date_range(pd.Timestamp(start).to_period(freq[0]).start_time,
                          end + pd.Timedelta(days=1), freq=freq)
    edges = edges.append(pd.DatetimeIndex([edges[-1] + pd.tseries.frequencies.to_offset(freq)]))
    dates = events["date"].to_numpy(dtype="datetime64[ns]")
    step_index = np.searchsorted(edges.to_numpy(dtype="datetime64[ns]"), dates, side="right") - 1
    intensity = events["intensity"].to_numpy(dtype=float)
    frame = pd.DataFrame({"step_index": step_index, "band": intensity_band(intensity),
                          "intensity": intensity})
    steps = frame.groupby("step_index")["intensity"].agg(step_events="size", step_mean="mean")
    cells = (frame.groupby(["step_index", "band"])["intensity"]
             .agg(n_events="size", mean_intensity="mean")
             .reset_index()
             .join(steps, on="step_index"))
    index = cells["step_index"].to_numpy()
    low, high = band_bounds(cells["band"].to_numpy())
    step_start = pd.Series(edges[index]).clip(lower=pd.Timestamp(start))
    step_end = pd.Series(edges[index + 1]).clip(upper=end + pd.Timedelta(days=1))
    return cells.assign(
        step_start=step_start.to_numpy(), step_end=step_end.to_numpy(),
        step=[_step_label(edges[i], unit) for i in index], unit=unit, low=low, high=high,
    ).loc[:, ["step_start", "step_end", "step", "unit", "band", "low", "high", "n_events",
              "mean_intensity", "step_events", "step_mean"]]


def _step_label(first_day: pd.Timestamp, unit: str) -> str:
    if unit == "year":
        return f"{first_day:%Y}"
    return f"{first_day.year} Q{first_day.quarter}" if unit == "quarter" else f"{first_day:%Y-%m}"


def count_classes(largest: int) -> list[int]:
    """Return the lower bounds of the density's colour classes (1, 3, 10, 30, ...), up to one
    above ``largest``: each class is [bound, next bound)."""
    bounds = [c for c in COUNT_CLASSES if c <= max(largest, 1)]
    return [*bounds, next((c for c in COUNT_CLASSES if c > largest), largest + 1)]


def m4_rows(x: np.ndarray, y: np.ndarray, slices: int = LINE_SLICES) -> np.ndarray:
    """Return the positions M4 keeps (Jugel et al. 2014, "M4: A Visualization-Oriented Time
    Series Data Aggregation", PVLDB 7(10)): in each of ``slices`` equal slices of ``x``
    (sorted), the first, lowest, highest and last row, in order. A series of at most
    ``4 * slices`` rows is kept whole."""
    n = len(x)
    if n <= 4 * slices:
        return np.arange(n)
    which = _slice_of(np.asarray(x, dtype=float), slices)
    first = np.flatnonzero(np.r_[True, which[1:] != which[:-1]])
    last = np.r_[first[1:], n] - 1
    by_value = np.lexsort((np.asarray(y, dtype=float), which))  # by slice, then value
    return np.unique(np.concatenate([first, last, by_value[first], by_value[last]]))


def _slice_of(x: np.ndarray, slices: int) -> np.ndarray:
    edges = np.linspace(x[0], x[-1], slices + 1)
    return np.clip(np.searchsorted(edges, x, side="right") - 1, 0, slices - 1)


def _date_numbers(index: pd.DataFrame) -> np.ndarray:
    return index["date"].to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)


def reduce_index(index: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of a cumulative index (``date``, ``index``) that M4 keeps."""
    return index.iloc[m4_rows(_date_numbers(index), index["index"].to_numpy(dtype=float))]


def index_envelope(index: pd.DataFrame, slices: int = LINE_SLICES) -> pd.DataFrame:
    """Return, for each of the M4 slices of a (non-empty) cumulative index, ``start``,
    ``end`` and the ``high`` and ``low`` values its step line takes there (the value carried
    in from before the slice included): an area shaded up to them covers what the full area
    covers in each slice."""
    x = _date_numbers(index)
    y = index["index"].to_numpy(dtype=float)
    edges = np.linspace(x[0], x[-1], slices + 1)
    which = _slice_of(x, slices)
    high, low = np.full(slices, -np.inf), np.full(slices, np.inf)
    np.maximum.at(high, which, y)
    np.minimum.at(low, which, y)
    before = np.searchsorted(x, edges[:-1], side="right") - 1  # last row at or before the start
    carried = np.where(before >= 0, y[np.maximum(before, 0)], np.nan)
    return pd.DataFrame({"start": pd.to_datetime(edges[:-1].astype(np.int64)),
                         "end": pd.to_datetime(edges[1:].astype(np.int64)),
                         "high": np.fmax(high, carried), "low": np.fmin(low, carried)})
