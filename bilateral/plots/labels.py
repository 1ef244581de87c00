"""Event labels that do not overlap: greedy placement with leader lines (no adjustText needed).

Labels are placed most significant first. Each label tries offsets moving away from its point
(above for cooperation, below for tension; optionally then the other side) and a few horizontal
shifts, and takes the first spot inside the Axes that overlaps no label, leader line or obstacle
already placed. A label with no free spot is dropped.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from typing import cast

import matplotlib.dates as mdates
import matplotlib.text as mtext
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from bilateral.data.markup import escape_mpl
from bilateral.plots.style import settle_layout

LABEL_CHARS = 32  # characters per line; a label has at most two lines
MARKER_RADIUS_PX = 5.0
# (horizontal alignment, x offset in points) tried at each height, nearest first
CANDIDATES = (("center", 0), ("left", -4), ("right", 4), ("left", 24), ("right", -24),
              ("left", 56), ("right", -56))


def label_text(date: pd.Timestamp, title: str, width: int = LABEL_CHARS) -> str:
    """Return ``"1966 Tashkent Declaration"``: the year and the title, wrapped on two lines."""
    text = " ".join(f"{date:%Y} {title}".split())
    return escape_mpl("\n".join(textwrap.wrap(text, width, max_lines=2, placeholder=" …")))


def obstacle_boxes(artists: Sequence[Artist], renderer) -> list[Bbox]:
    """Return display boxes covering bars, markers and lines that labels should not hide."""
    boxes: list[Bbox] = []
    for artist in artists:
        if isinstance(artist, Line2D):
            xy = artist.get_transform().transform(artist.get_xydata())
            points = np.concatenate([np.linspace(a, b, 12) for a, b in itertools.pairwise(xy)]
                                    or [xy])
            boxes += [Bbox.from_bounds(x - 2, y - 2, 4, 4) for x, y in points]
        elif isinstance(artist, Collection) and len(cast("np.ndarray", artist.get_offsets())):
            xy = artist.get_offset_transform().transform(artist.get_offsets())
            r = MARKER_RADIUS_PX
            boxes += [Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r) for x, y in xy]
        else:
            boxes.append(artist.get_window_extent(renderer))
    return [b for b in boxes if np.all(np.isfinite(b.get_points()))]


def place_labels(ax: Axes, labels: pd.DataFrame, *, avoid: Sequence[Artist] = (),
                 fontsize: float = 6.8, first_offset_pt: float = 8.0, step_pt: float = 6.0,
                 max_steps: int = 40, pad_px: float = 2.0,
                 far_side: bool = False) -> list[Annotation]:
    """Annotate points without overlapping labels; return the annotations placed.

    ``labels`` has columns ``x`` (data units, dates allowed), ``y``, ``text`` and optionally
    ``direction`` (+1 above, -1 below; default: the sign of ``y``), in order of priority.
    Labels also keep clear of the ``avoid`` artists (bars, markers, lines). With ``far_side``
    a label that finds no room on its own side tries the other (for sparse charts, where the
    leader line crosses little). Call after the Axes limits and the figure layout are final.
    """
    fig = cast("Figure", ax.figure)
    settle_layout(fig)  # the constrained layout, fixed before measuring
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg-based canvases
    frame = ax.get_window_extent(renderer)
    if pd.api.types.is_datetime64_any_dtype(labels["x"]):
        labels = labels.assign(x=mdates.date2num(labels["x"]))
    blocked = obstacle_boxes(avoid, renderer)
    taken: list[Bbox] = []
    leaders: list[np.ndarray] = []
    placed: list[Annotation] = []
    for row in labels.itertuples(index=False):
        direction = getattr(row, "direction", None) or (1 if row.y >= 0 else -1)
        spot = None
        for side in (direction, -direction) if far_side else (direction,):
            spot = spot or _first_free_spot(ax, row, side, renderer, frame, taken, blocked,
                                            leaders, fontsize, first_offset_pt, step_pt,
                                            max_steps, pad_px)
        if spot is not None:
            annotation, box, leader = spot
            taken.append(box)
            leaders.append(leader)
            placed.append(annotation)
    return placed


def text_extent(annotation: Annotation, renderer) -> Bbox:
    """Return the window extent of an annotation's text alone (without its leader line)."""
    annotation.update_positions(renderer)
    return mtext.Text.get_window_extent(annotation, renderer)


def _leader_points(annotation: Annotation, box: Bbox) -> np.ndarray:
    """Sample the leader line from the labelled point to the label's nearest edge."""
    assert annotation.axes is not None  # a placed label belongs to an Axes
    return _leader_from(annotation.axes.transData.transform(annotation.xy), box)


def _leader_from(point, box: Bbox) -> np.ndarray:
    """Sample the leader as matplotlib draws it: from the point towards the label's centre,
    up to where it meets the label's box."""
    point = np.asarray(point, dtype=float)
    centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    distance = np.abs(centre - point)
    half = np.array([box.width / 2, box.height / 2])
    with np.errstate(divide="ignore"):
        enters = np.max(np.where(distance > 0, 1 - half / distance, -np.inf))
    return np.linspace(point, point + max(enters, 0.0) * (centre - point), 24)


def _crosses(points: np.ndarray, box: Bbox) -> bool:
    return bool(np.any((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                       & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)))


def _segments_cross(a: np.ndarray, b: np.ndarray) -> bool:
    """Tell whether two leader lines (sampled from start to end) cross each other."""
    p, r = a[0], a[-1] - a[0]
    q, s = b[0], b[-1] - b[0]
    denominator = r[0] * s[1] - r[1] * s[0]
    if abs(denominator) < 1e-9:  # parallel
        return False
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / denominator
    u = ((q - p)[0] * r[1] - (q - p)[1] * r[0]) / denominator
    return bool(0 < t < 1 and 0 < u < 1)


def _first_free_spot(ax, row, direction, renderer, frame, taken, blocked, leaders, fontsize,
                     first_offset_pt, step_pt, max_steps, pad_px):
    """Try the candidate spots nearest first; return (annotation, box, leader) or None.

    The label's text is laid out once: every candidate box is that box moved by the
    candidate's offset (and by half its width for left/right alignment), so only the spot
    taken becomes an annotation.
    """
    va = "bottom" if direction > 0 else "top"
    style = {"fontsize": fontsize, "color": "#222222", "annotation_clip": False, "zorder": 6,
             "arrowprops": {"arrowstyle": "-", "color": "#777777", "lw": 0.5, "shrinkA": 1,
                            "shrinkB": 2}}
    probe = ax.annotate(row.text, xy=(row.x, row.y), xytext=(0, direction * first_offset_pt),
                        textcoords="offset points", ha="center", va=va, **style)
    probe.set_in_layout(False)
    base = text_extent(probe, renderer)
    probe.remove()
    point = ax.transData.transform((row.x, row.y))
    px_per_pt = ax.figure.dpi / 72
    half = base.width / 2
    for step in range(max_steps):
        dy = direction * (first_offset_pt + step * step_pt)
        for align, dx in CANDIDATES:
            shift = dx * px_per_pt + {"center": 0.0, "left": half, "right": -half}[align]
            box = base.translated(shift, (dy - direction * first_offset_pt) * px_per_pt) \
                .padded(pad_px)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1
                      and box.y0 >= frame.y0 and box.y1 <= frame.y1)
            if not inside or any(box.overlaps(other) for other in taken + blocked):
                continue
            leader = _leader_from(point, box)
            if not any(_crosses(leader, other) for other in taken) and \
                    not any(_crosses(other, box) for other in leaders) and \
                    not any(_segments_cross(leader, other) for other in leaders):
                annotation = ax.annotate(row.text, xy=(row.x, row.y), xytext=(dx, dy),
                                         textcoords="offset points", ha=align, va=va, **style)
                annotation.set_in_layout(False)
                return annotation, box, leader
    return None


def place_band_labels(ax: Axes, labels: pd.DataFrame, *, fontsize: float = 6.3,
                      top: float = 0.985, max_rows: int = 4, avoid: Sequence[Artist] = (),
                      draw: bool = True) -> list[mtext.Text]:
    """Write labels of vertical bands at the top of the Axes, in rows so that none overlap.

    ``labels`` has ``x`` (data units, dates allowed), ``text`` and ``colour``, in order of
    priority. Each label takes the highest row where it overlaps no label already placed and
    no ``avoid`` artist; a label with no free row is dropped. Returns the texts placed.
    ``draw=False`` skips the layout pass when the figure was just drawn (the labels are kept
    out of the layout, so placing them does not move anything).
    """
    fig = cast("Figure", ax.figure)
    if draw:
        settle_layout(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg-based canvases
    frame = ax.get_window_extent(renderer)
    if pd.api.types.is_datetime64_any_dtype(labels["x"]):
        labels = labels.assign(x=mdates.date2num(labels["x"]))
    taken = obstacle_boxes(avoid, renderer)
    placed: list[mtext.Text] = []
    for row in labels.itertuples(index=False):
        y = top
        for _ in range(max_rows):
            text = ax.text(row.x, y, escape_mpl(row.text), ha="center", va="top",
                           fontsize=fontsize, color=row.colour, zorder=7,
                           transform=ax.get_xaxis_transform(),
                           bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 0.6})
            text.set_in_layout(False)
            box = text.get_window_extent(renderer).padded(1.5)
            inside = box.x0 >= frame.x0 and box.x1 <= frame.x1
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed.append(text)
                break
            text.remove()
            y -= (box.height + 2) / frame.height
    return placed
