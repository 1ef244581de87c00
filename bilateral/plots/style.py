"""Colours, markers and figure sizes shared by every chart (defined once, colour-blind safe)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

STYLE_PATH = Path(__file__).with_name("bilateral.mplstyle")

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
COOPERATION = "#0072B2"  # blue
TENSION = "#D55E00"  # vermillion
NET = "#000000"
OVERLAY = "#8C8C8C"
ERA_SHADES = (("#000000", 0.055), ("#FFFFFF", 0.0))  # translucent: a twin axis shows through
DOMAIN_COLOURS = {
    "diplomatic": "#E69F00",  # orange
    "military": "#CC79A7",  # reddish purple
    "economic": "#009E73",  # bluish green
    "security": "#56B4E9",  # sky blue
    "multilateral": "#555555",  # dark grey
}
MODE_MARKERS = {"verbal": "o", "material": "D"}
# Statistics drawn over a chart: intervals in dark grey, change points by series.
INTERVAL = "#444444"
BREAK_COLOURS = {"tone": "#CC79A7", "activity": "#009E73"}  # reddish purple, bluish green
TONE = "#000000"
ACTIVITY = "#999999"

FIGURE_WIDTH_IN = 6.7  # A4 portrait text width, 170 mm
FIGURE_HEIGHTS_IN = {"short": 2.8, "medium": 3.6, "tall": 4.2}
FIGURE_DPI = 150
SCREEN_PX_PER_IN = 96  # CSS pixels per inch: the size a figure is shown at


@contextmanager
def styled() -> Iterator[None]:
    """Apply the report's matplotlib style inside a ``with`` block (no global rcParams change)."""
    with plt.style.context(STYLE_PATH):
        yield


def new_figure(height: str | float = "medium", nrows: int = 1, **kw) -> tuple[Figure, Any]:
    """Create a report-sized figure and its Axes, in the report style."""
    height_in = FIGURE_HEIGHTS_IN.get(height, height) if isinstance(height, str) else height
    with styled():
        fig, ax = plt.subplots(nrows, 1, figsize=(FIGURE_WIDTH_IN, height_in),
                               dpi=FIGURE_DPI, **kw)
    return fig, ax


def domain_colour(domain: str) -> str:
    """Return the colour of a domain (grey for one the palette does not know)."""
    return DOMAIN_COLOURS.get(str(domain), "#999999")


def settle_layout(fig: Figure) -> None:
    """Fix the Axes positions of a figure (its constrained layout) before measuring text on it.

    Runs the layout engine alone: ``fig.draw_without_rendering()`` would also draw every
    artist, which doubles the cost and changes no position.
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out one last time and keep that layout: ``savefig`` then draws the Axes
    where the labels were measured, instead of running the layout engine again (a third of a
    chart's drawing time). Call when nothing that takes space will be added."""
    settle_layout(fig)
    keep_layout(fig)


def keep_layout(fig: Figure) -> None:
    """Keep the figure's current layout (see ``freeze_layout``), without laying it out again."""
    # None, not "none": a placeholder engine would still make savefig draw the figure once
    # more before printing it. None means "as the rcParams say", so they say "no engine".
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


class GroupedFormatter(ScalarFormatter):
    """Tick labels as matplotlib writes them (true minus sign, common decimals), with the
    thousands grouped (``100,000``) and never an offset or a power of ten above the axis."""

    _DIGITS = re.compile(r"\d(?=(?:\d{3})+$)")

    def __init__(self) -> None:
        super().__init__(useOffset=False)
        self.set_scientific(False)

    def __call__(self, x: float, pos: int | None = None) -> str:
        whole, point, decimals = super().__call__(x, pos).partition(".")
        return self._DIGITS.sub(lambda m: m[0] + ",", whole) + point + decimals
