"""Charts of a large selection (``bilateral.analysis.aggregate``): the timeline's density of
events as vector cells with a colour scale, each cell carrying its counts for the page's hover.

Every mark stays a vector path (no image): the colour scale has a few discrete classes, so
matplotlib draws its colour bar as paths too.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colorbar import Colorbar
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from bilateral.analysis.aggregate import count_classes
from bilateral.plots.style import styled
from bilateral.plots.svg import attach_marks

ZERO_HALF = 0.5  # the zero band is drawn from -0.5 to +0.5 (its events all have intensity 0)
SHADES = (0.22, 0.88)  # the part of matplotlib's "Greys" used: no white cell, no black one


def cell_extents(density: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the lower and upper edge of each cell as drawn: its band, with the zero band
    from -0.5 to +0.5 and the bands next to it starting there."""
    low, high = density["low"].to_numpy(dtype=float), density["high"].to_numpy(dtype=float)
    zero = (low == 0) & (high == 0)
    return (np.where(zero, -ZERO_HALF, np.where(low == 0, ZERO_HALF, low)),
            np.where(zero, ZERO_HALF, np.where(high == 0, -ZERO_HALF, high)))


def count_colours(density: pd.DataFrame) -> tuple[ListedColormap, BoundaryNorm]:
    """Return the colour map and norm of the counts: one grey per class of
    ``analysis.aggregate.count_classes``, darker for more events."""
    bounds = count_classes(int(density["n_events"].max()) if len(density) else 1)
    greys = colormaps["Greys"](np.linspace(*SHADES, max(len(bounds) - 1, 1)))
    return ListedColormap(greys), BoundaryNorm(bounds, len(greys))


def plot_density(ax: Axes, density: pd.DataFrame) -> PolyCollection:
    """Draw one rectangle per cell with events (time step x intensity band), grey by count."""
    with styled():
        x0 = mdates.date2num(density["step_start"])
        x1 = mdates.date2num(density["step_end"])
        y0, y1 = cell_extents(density)
        cmap, norm = count_colours(density)
        cells = PolyCollection(
            [((a, c), (a, d), (b, d), (b, c)) for a, b, c, d in zip(x0, x1, y0, y1, strict=True)],
            array=density["n_events"].to_numpy(dtype=float), cmap=cmap, norm=norm,
            edgecolors="white", linewidths=0.3, zorder=1,
            clip_on=False)  # inside the Axes by construction; a clip path per cell slows print
        ax.add_collection(cells, autolim=False)
        attach_marks(cells, density_marks(density))
        return cells


def density_scale(fig: Figure, ax: Axes, cells: PolyCollection, unit: str) -> Colorbar:
    """Add the colour scale of the cells at the right of the Axes, every class bound ticked."""
    with styled():
        norm = cells.norm
        bounds = np.asarray(getattr(norm, "boundaries", [1, 2]))
        scale = fig.colorbar(cells, ax=ax, location="right", fraction=0.035, pad=0.015,
                             ticks=bounds, spacing="uniform")
        scale.ax.set_yticklabels([f"{b:,.0f}" for b in bounds])
        scale.ax.tick_params(labelsize=6.5, length=2)
        scale.set_label(f"Events per {unit} and intensity band", fontsize=7)
        scale.outline.set_linewidth(0.4)
        if scale.solids is not None:
            scale.solids.set_rasterized(False)  # a PDF of vectors only, at any number of classes
        return scale


def density_marks(density: pd.DataFrame) -> list[dict]:
    """Describe each cell for the page's script: its step, band and counts (no event rows)."""
    last_day = pd.Series(density["step_end"]) - pd.Timedelta(days=1)
    return [{"label": f"{c.step}: {c.n_events:,} event{'s' if c.n_events != 1 else ''} with "
                      f"{band_words(c.low, c.high)}, of {c.step_events:,} that {c.unit} "
                      f"(mean intensity {_signed(c.step_mean)})",
             "from": f"{c.step_start:%Y-%m-%d}", "to": f"{to:%Y-%m-%d}",
             "value": f"{c.n_events}", "step": c.unit}
            for c, to in zip(density.itertuples(index=False), last_day, strict=True)]


def band_words(low: float, high: float) -> str:
    """Write an intensity band: ``intensity 0``, ``−4 ≤ intensity < −2``, ``0 < intensity ≤ +2``."""
    if low == high == 0:
        return "intensity 0"
    if high <= 0:
        return f"{_signed(low)} ≤ intensity < {_signed(high)}"
    return f"{_signed(low)} < intensity ≤ {_signed(high)}"


def _signed(value: float) -> str:
    return "0" if round(value, 1) == 0 else f"{value:+.1f}".removesuffix(".0").replace("-", "−")
