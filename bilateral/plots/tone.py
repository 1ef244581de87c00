"""The tone-and-activity figure: how warm the recorded events were (tone) and how many were
recorded (activity), year by year, with the change points of each drawn as labelled bands."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import StepPatch
from matplotlib.ticker import MaxNLocator

from bilateral.analysis.measures import per_period
from bilateral.analysis.stats.summary import Statistics, break_table
from bilateral.data.markup import escape_mpl
from bilateral.plots import charts, uncertainty
from bilateral.plots.style import ACTIVITY, INTERVAL, TONE, GroupedFormatter, new_figure, styled

FIXED_LAYOUT = {"left": 0.095, "right": 0.985, "top": 0.91, "bottom": 0.25, "hspace": 0.1}


def mid_year(years: np.ndarray) -> np.ndarray:
    """Matplotlib date numbers of 2 July of each year (the middle of the year)."""
    return mdates.date2num(pd.to_datetime([f"{y}-07-02" for y in years]))


def plot_tone(ax, yearly: pd.DataFrame, periods: pd.DataFrame, years: int) -> dict:
    """Tone per year as dots (years without events are left out, not drawn at 0) and per
    period as a horizontal segment over a band of its resampling interval."""
    with styled():
        has = yearly["events"] > 0
        dots = ax.scatter(mid_year(yearly.index[has]), yearly.loc[has, "tone"], s=10,
                          color=TONE, zorder=4, label="Tone of a year (mean intensity)")
        shown = periods.loc[periods["events"] > 0]
        spans = [uncertainty.year_span(int(a), int(b))
                 for a, b in zip(shown["first_year"], shown["last_year"], strict=True)]
        x0, x1 = (np.array(v) for v in zip(*spans, strict=True))
        # one artist per kind of mark (not one per period): drawing time stays flat
        segments = ax.hlines(shown["tone"], x0, x1, color=INTERVAL, lw=1.6, zorder=3,
                             label=f"Tone {per_period(years)}")
        ok = ~shown["too_few"].to_numpy()
        bands = ax.add_collection(PolyCollection(
            [[(a, lo), (b, lo), (b, hi), (a, hi)] for a, b, lo, hi in
             zip(x0[ok], x1[ok], shown["tone_lo"][ok], shown["tone_hi"][ok], strict=False)],
            facecolors=INTERVAL, alpha=0.15, lw=0, zorder=2,
            label="Period tone: sensitivity to which events were recorded"))
        drawn = {"dots": dots, "segments": segments, "bands": bands}
        ax.axhline(0, color="#333333", lw=0.8, zorder=1)
        return drawn


def plot_activity(ax, yearly: pd.DataFrame) -> StepPatch:
    """Events per year as one stepped area (a bar per year, drawn as a single artist)."""
    with styled():
        edges = mdates.date2num(pd.to_datetime([f"{y}-01-01" for y in
                                                [*yearly.index, yearly.index[-1] + 1]]))
        return ax.stairs(yearly["events"].to_numpy(dtype=float), edges, fill=True,
                         color=ACTIVITY, zorder=2, label="Activity: events a year")


def tone_activity_figure(stats: Statistics, eras: pd.DataFrame, *, title: str,
                         start: pd.Timestamp, end: pd.Timestamp) -> Figure | None:
    """Tone (top) and activity (bottom) per year, change points as labelled bands.

    None when the selection has too few events for statistics (the text says so).
    """
    if not stats.enough:
        return None
    breaks = break_table(stats)
    # A fixed layout (not constrained): labels and era names are measured without a layout
    # pass, which would cost as much as drawing the figure once more.
    fig, (top, bottom) = new_figure(4.6, nrows=2, sharex=True, height_ratios=[3, 2],
                                    layout="none")
    fig.subplots_adjust(**FIXED_LAYOUT)
    with styled():
        tone = plot_tone(top, stats.yearly, stats.periods, stats.period_years)
        bars = plot_activity(bottom, stats.yearly)
        low = np.nanmin([stats.yearly["tone"].min(), stats.periods["tone_lo"].min(), -1.0])
        high = np.nanmax([stats.yearly["tone"].max(), stats.periods["tone_hi"].max(), 1.0])
        top.set_ylim(low - 0.5, high + 0.35 * (high - low) + 0.5)  # room for labels at the top
        bottom.set_ylim(0, max(stats.yearly["events"].max(), 1) * 1.45)
        uncertainty.shade_breaks(top, breaks, ("tone",))
        uncertainty.shade_breaks(bottom, breaks, ("activity",))
        top.set_title(escape_mpl(title), pad=14)
        top.set_ylabel("Tone (mean intensity)")
        bottom.set_ylabel("Events")
        bottom.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        bottom.yaxis.set_major_formatter(GroupedFormatter())  # 10,000 events a year
        bottom.set_xlabel("Year")
        charts.format_time_axis(bottom, start, end)
        handles = [h for ax in (top, bottom)
                   for h in zip(*ax.get_legend_handles_labels(), strict=True)]
        fig.legend(*zip(*handles, strict=False), loc="lower center", ncol=2)
        charts.shade_eras(top, eras, draw=False)
        charts.shade_eras(bottom, eras, names=False, draw=False)
        uncertainty.label_breaks(top, breaks, ("tone",), avoid=[tone["dots"]], draw=False)
        uncertainty.label_breaks(bottom, breaks, ("activity",), avoid=[bars], draw=False)
    return fig
