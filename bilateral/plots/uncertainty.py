"""Draw the statistics on a time Axes: per-period resampling intervals and change points as
vertical bands over their dating interval, labelled without overlap. Each helper returns what
it drew (for legends and for labels that must keep clear of it)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from bilateral.plots.labels import place_band_labels
from bilateral.plots.style import BREAK_COLOURS, INTERVAL, styled

INTERVAL_LABEL = "Net of the period: sensitivity to which events were recorded"
BREAK_LABELS = {"tone": "Tone change point (band: its dating interval)",
                "activity": "Activity change point (band: its dating interval)"}


def plot_intervals(ax: Axes, x: np.ndarray, value: np.ndarray, lo: np.ndarray,
                   hi: np.ndarray, label: str = INTERVAL_LABEL) -> dict:
    """Draw each value as a dot with a vertical interval; NaN bounds (too few events) get none.

    Returns ``{"dots": PathCollection, "bars": [Line2D, ...]}``.
    """
    with styled():
        ok = np.isfinite(lo) & np.isfinite(hi)
        bars = [ax.plot([xi, xi], [a, b], color=INTERVAL, lw=1.0, solid_capstyle="butt",
                        zorder=4.5)[0] for xi, a, b in zip(x[ok], lo[ok], hi[ok], strict=False)]
        dots = ax.scatter(x[ok], value[ok], s=9, color=INTERVAL, zorder=4.6, label=label,
                          marker="_" if len(bars) else "o", linewidths=1.2)
        return {"dots": dots, "bars": bars}


def year_span(first: int, last: int) -> tuple[float, float]:
    """Matplotlib date numbers of 1 January of ``first`` and 1 January after ``last``."""
    return (mdates.date2num(pd.Timestamp(f"{first}-01-01")),
            mdates.date2num(pd.Timestamp(f"{last + 1}-01-01")))


def _ordered(breaks: pd.DataFrame, series: tuple[str, ...]) -> pd.DataFrame:
    """The breaks of ``series``, most stable first (label priority)."""
    return breaks.loc[breaks["series"].isin(series)].sort_values(
        ["stability", "year"], ascending=[False, True], kind="stable")


def shade_breaks(ax: Axes, breaks: pd.DataFrame, series: tuple[str, ...] = ("tone", "activity"),
                 *, legend: bool = True) -> list:
    """Shade each change point's interval and mark its year with a vertical line.

    ``breaks`` is ``analysis.stats.summary.break_table``; a break "within noise" is drawn
    lighter, hatched and dashed. Returns the bands and lines drawn.
    """
    with styled():
        drawn: list[Artist] = []
        seen: set[str] = set()
        for b in _ordered(breaks, series).itertuples(index=False):
            x0, x1 = year_span(b.first, b.last)
            colour = BREAK_COLOURS[b.series]
            firm = b.verdict == "change"
            label = BREAK_LABELS[b.series] if legend and b.series not in seen else None
            seen.add(b.series)
            drawn.append(ax.axvspan(x0, x1, facecolor=colour, alpha=0.22 if firm else 0.1,
                                    lw=0, zorder=0.8, hatch=None if firm else "///",
                                    edgecolor=colour, label=label))
            drawn.append(ax.axvline(year_span(b.year, b.year)[0], color=colour, lw=1.0,
                                    ls="-" if firm else "--", zorder=0.9))
        return drawn


def label_breaks(ax: Axes, breaks: pd.DataFrame,
                 series: tuple[str, ...] = ("tone", "activity"), *,
                 avoid: Sequence[Artist] = (), draw: bool = True) -> list:
    """Label each change point at the top of the Axes ("Tone 2002", "… (fragile)").

    Call once the limits and layout are final: labels are measured so that none overlap
    (``draw=False`` when the figure has just been drawn, e.g. by ``charts.shade_eras``).
    """
    shown = _ordered(breaks, series)
    if shown.empty:
        return []
    texts = pd.DataFrame({
        "x": [sum(year_span(b.first, b.last)) / 2 for b in shown.itertuples()],
        "text": [f"{b.series.capitalize()} {b.year}"
                 + ("" if b.verdict == "change" else " (fragile)") for b in shown.itertuples()],
        "colour": [BREAK_COLOURS[s] for s in shown["series"]]})
    return place_band_labels(ax, texts, avoid=avoid, draw=draw)
