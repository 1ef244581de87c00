"""Machine-coded net cooperation per period, drawn behind the curated events for comparison.

Raw sums of Goldstein scores grow with the news volume (GDELT's corpus grows sharply), so the
overlay can be normalised per 1,000 events of the total volume in the same period.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bilateral.analysis.measures import period_grid, period_starts
from bilateral.analysis.selection import select_events
from bilateral.data.events import load_events
from bilateral.data.parameters import ParameterError, Parameters
from bilateral.data.volume import load_volume, volume_path


def load_overlay(params: Parameters) -> pd.DataFrame | None:
    """Return the overlay's net cooperation per period, or None when no overlay was asked for.

    The overlay keeps the report's dyad and dates but not its domain filter: machine coding
    assigns domains differently from the curated table.
    """
    if params.overlay_path is None:
        return None
    events = select_events(load_events(params.overlay_path), dyad=params.dyad,
                           start=params.start, end=params.end)
    volume = overlay_volume(params.overlay_path, params.overlay_normalise)
    return overlay_balance(events, volume, params.start, params.end, params.period_years)


def overlay_volume(events_path: Path, normalise: bool) -> pd.DataFrame | None:
    """Read the total-volume table next to a machine-coded table, when normalising."""
    __tracebackhide__ = True
    if not normalise:
        return None
    path = volume_path(events_path)
    if not path.is_file():
        raise ParameterError(f"overlay_normalise is true but there is no volume table "
                             f"{path.name!r} next to the overlay; set overlay_normalise to "
                             "false or run `bilateral ingest` again.")
    return load_volume(path)


def overlay_balance(events: pd.DataFrame, volume: pd.DataFrame | None, start: pd.Timestamp,
                    end: pd.Timestamp, years: int) -> pd.DataFrame:
    """Sum Goldstein scores per period; with ``volume``, also per 1,000 events of total volume.

    Returns ``period_start``, ``period``, ``n_events``, ``goldstein_sum``, ``events_total``
    (NaN without volume) and ``value``: the plotted series (the per-1,000 rate when
    normalised, else the sum).
    """
    sums = (events
            .assign(period_start=lambda d: period_starts(d["date"], years))
            .groupby("period_start")
            .agg(n_events=("intensity", "size"), goldstein_sum=("intensity", "sum")))
    table = (period_grid(start, end, years)
             .merge(sums, how="left", left_on="period_start", right_index=True)
             .fillna({"n_events": 0, "goldstein_sum": 0.0})
             .astype({"n_events": int}))
    if volume is None:
        return table.assign(events_total=float("nan"), value=table["goldstein_sum"])
    totals = (volume
              .assign(period_start=lambda d: period_starts(
                  pd.to_datetime(d["month"]), years))
              .groupby("period_start")["events_total"].sum())
    return (table
            .merge(totals.rename("events_total"), how="left", left_on="period_start",
                   right_index=True)
            .assign(events_total=lambda d: d["events_total"].astype(float))
            .assign(value=lambda d: (d["goldstein_sum"] / d["events_total"] * 1000)
                    .where(d["events_total"] > 0)))


def overlay_unit(normalised: bool) -> str:
    """Describe the overlay's unit for an axis label."""
    return ("Goldstein sum per 1,000 events (all news)" if normalised
            else "Goldstein sum, machine-coded")
