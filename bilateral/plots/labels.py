"""Event labels that do not overlap: greedy placement with leader lines (no adjustText needed).

Labels are placed most significant first. Each label tries offsets moving away from its point
(above for cooperation, below for tension; optionally then the other side) and a few horizontal
shifts, and takes the first spot inside the Axes that overlaps no label, leader line or obstacle
already placed. A label with no free spot is dropped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
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
from bilateral.plots.style import freeze_layout, settle_layout

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
    return [Bbox.from_extents(*e) for e in obstacle_extents(artists, renderer)]


def obstacle_extents(artists: Sequence[Artist], renderer) -> np.ndarray:
    """Return the boxes of :func:`obstacle_boxes` as an array of ``x0, y0, x1, y1`` rows
    (a line of thousands of vertices gives tens of thousands of boxes)."""
    rows = [np.zeros((0, 4))]
    for artist in artists:
        if isinstance(artist, Line2D):
            rows.append(_small_boxes(_line_points(
                artist.get_transform().transform(artist.get_xydata())), 2.0, 4.0))
        elif isinstance(artist, Collection) and not np.any(artist.get_offsets()):
            rows.append(_path_boxes(artist))  # shapes drawn where their paths say (cells, bars)
        elif isinstance(artist, Collection):
            xy = artist.get_offset_transform().transform(artist.get_offsets())
            rows.append(_small_boxes(xy, MARKER_RADIUS_PX, 2 * MARKER_RADIUS_PX))
        else:
            rows.append(np.asarray(artist.get_window_extent(renderer).extents).reshape(1, 4))
    boxes = np.vstack(rows)
    return boxes[np.all(np.isfinite(boxes), axis=1)]


def _path_boxes(collection: Collection) -> np.ndarray:
    """The display box of each path of a collection placed by its paths, not by offsets."""
    paths: list[np.ndarray] = [np.asarray(path.vertices) for path in collection.get_paths()]
    paths = [vertices for vertices in paths if len(vertices)]
    if not paths:
        return np.zeros((0, 4))
    xy = collection.get_transform().transform(np.concatenate(paths))
    starts = np.cumsum(np.array([0] + [len(v) for v in paths[:-1]]))
    return np.hstack([np.minimum.reduceat(xy, starts), np.maximum.reduceat(xy, starts)])


def _line_points(xy: np.ndarray) -> np.ndarray:
    """Sample each segment of a line at 12 points (as ``np.linspace`` does, segment by
    segment: segments with a zero step in x or y are sampled apart, as numpy computes those
    by division)."""
    if len(xy) < 2:
        return xy
    a, b = xy[:-1], xy[1:]
    flat = np.any(b - a == 0, axis=1)
    parts = [np.linspace(a[m], b[m], 12, axis=1).reshape(-1, 2) for m in (flat, ~flat)
             if m.any()]
    return np.concatenate(parts)


def _small_boxes(xy: np.ndarray, half: float, size: float) -> np.ndarray:
    """Boxes of ``size`` centred on points, computed as ``Bbox.from_bounds`` does."""
    x0, y0 = xy[:, 0] - half, xy[:, 1] - half
    return np.column_stack([x0, y0, x0 + size, y0 + size])


def _overlaps_any(box: Bbox, extents: np.ndarray) -> bool:
    """Tell whether ``box`` overlaps any box in ``extents``, as ``Bbox.overlaps`` does."""
    if not len(extents):
        return False
    ax1, ay1, ax2, ay2 = box.extents
    ax1, ax2 = min(ax1, ax2), max(ax1, ax2)
    ay1, ay2 = min(ay1, ay2), max(ay1, ay2)
    bx1, bx2 = np.minimum(extents[:, 0], extents[:, 2]), np.maximum(extents[:, 0], extents[:, 2])
    by1, by2 = np.minimum(extents[:, 1], extents[:, 3]), np.maximum(extents[:, 1], extents[:, 3])
    return bool(np.any((ax1 <= bx2) & (bx1 <= ax2) & (ay1 <= by2) & (by1 <= ay2)))


def _measuring(ax: Axes, labels: pd.DataFrame, avoid: Sequence[Artist],
               layout: Callable[[Figure], None] | None):
    """What both placers measure with: the renderer, the Axes frame in pixels, the labels with
    ``x`` as matplotlib date numbers, and the obstacle boxes of ``avoid``, once ``layout``
    (``style.settle_layout`` or ``style.freeze_layout``) has fixed the Axes positions; None
    when the figure was just laid out."""
    fig = cast("Figure", ax.figure)
    if layout is not None:
        layout(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg-based canvases
    if pd.api.types.is_datetime64_any_dtype(labels["x"]):
        labels = labels.assign(x=mdates.date2num(labels["x"]))
    return (renderer, ax.get_window_extent(renderer), labels,
            obstacle_extents(avoid, renderer))


def place_labels(ax: Axes, labels: pd.DataFrame, *, avoid: Sequence[Artist] = (),
                 fontsize: float = 6.8, first_offset_pt: float = 8.0, step_pt: float = 6.0,
                 max_steps: int = 40, pad_px: float = 2.0,
                 far_side: bool = False) -> list[Annotation]:
    """Annotate points without overlapping labels; return the annotations placed.

    ``labels`` has columns ``x`` (data units, dates allowed), ``y``, ``text`` and optionally
    ``direction`` (+1 above, -1 below; default: the sign of ``y``), in order of priority.
    Labels also keep clear of the ``avoid`` artists (bars, markers, lines). With ``far_side``
    a label that finds no room on its own side tries the other (for sparse charts, where the
    leader line crosses little). Call last, once the Axes limits and everything that takes
    space are final: it freezes the figure's layout (``style.freeze_layout``).
    """
    # labels are the last thing drawn: measured where they are saved
    renderer, frame, labels, blocked = _measuring(ax, labels, avoid, freeze_layout)
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
    # a white ground: a thin line the label may cross (a timeline's stem, a grid line) passes
    # behind the text, not through it
    style = {"fontsize": fontsize, "color": "#222222", "annotation_clip": False, "zorder": 6,
             "bbox": {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
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
            if not inside or any(box.overlaps(other) for other in taken) \
                    or _overlaps_any(box, blocked):
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
    renderer, frame, labels, blocked = _measuring(ax, labels, avoid,
                                                  settle_layout if draw else None)
    taken: list[Bbox] = []
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
            if inside and not any(box.overlaps(other) for other in taken) \
                    and not _overlaps_any(box, blocked):
                taken.append(box)
                placed.append(text)
                break
            text.remove()
            y -= (box.height + 2) / frame.height
    return placed
