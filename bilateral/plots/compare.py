"""The comparison figure: each dyad's per-period net balance and tone on one scale, eras shaded,
the main dyad emphasised, colours from the Okabe–Ito palette (safe for colour-blind readers)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from bilateral.analysis.measures import per_period
from bilateral.data.markup import escape_mpl
from bilateral.plots import charts
from bilateral.plots.style import new_figure, styled

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
MAIN_COLOUR = "#000000"
OTHER_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
MARKERS = ("o", "s", "^", "D", "v", "P")


def comparison_figure(periods: pd.DataFrame, eras: pd.DataFrame, names: dict[str, str], *,
                      main: str, title: str, years: int, start: pd.Timestamp,
                      end: pd.Timestamp) -> Figure | None:
    """Net balance (top) and tone (bottom) per period, one line per dyad.

    ``periods`` is :func:`bilateral.analysis.compare.dyad_periods`; ``names`` maps each dyad
    key to the label shown in the legend; ``main`` is the emphasised dyad.
    """
    shown = [d for d in names if periods.loc[periods["dyad"] == d, "n_events"].sum() > 0]
    if len(shown) < 2:
        return None
    fig, (top, bottom) = new_figure("tall", nrows=2, sharex=True,
                                    gridspec_kw={"height_ratios": [3, 2]})
    with styled():
        for i, dyad in enumerate(shown):
            rows = periods.loc[periods["dyad"] == dyad]
            centres = charts.period_centres(rows)
            is_main = dyad == main
            style = {"color": MAIN_COLOUR if is_main else OTHER_COLOURS[(i - 1) % 6],
                     "marker": MARKERS[i % len(MARKERS)], "markersize": 4 if is_main else 3,
                     "linewidth": 2.2 if is_main else 1.3, "zorder": 4 if is_main else 3,
                     "label": escape_mpl(names[dyad])}
            top.plot(centres, rows["net"], **style)
            bottom.plot(centres, rows["tone"], **{**style, "label": None})
        for ax in (top, bottom):
            ax.axhline(0, color="#555555", linewidth=0.6, zorder=1)
            charts.format_time_axis(ax, start, end)
        top.set_title(escape_mpl(title), pad=14)
        top.set_ylabel(f"Net {per_period(years)}")
        bottom.set_ylabel("Tone (mean per event)")
        bottom.set_xlabel("Year")
        fig.legend(*top.get_legend_handles_labels(), loc="outside lower center",
                   ncol=min(len(shown), 3))
        charts.shade_eras(top, eras, fontsize=6)
        for artist in charts.shade_eras(bottom, eras):  # names once, above the top panel
            if hasattr(artist, "get_text"):
                artist.set_visible(False)
    return fig
