"""bilateral.plots.labels on crowded charts: labels never overlap, leader lines never cross each
other nor run through another label. The lines checked are the ones matplotlib draws (the
annotations' arrow patches), not the placement's own model of them."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from bilateral.plots.labels import label_text, place_labels, text_extent


def drawn_leaders(fig, placed) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return each annotation's leader line as drawn: (start, end) in display pixels."""
    fig.draw_without_rendering()
    lines = []
    for annotation in placed:
        patch = annotation.arrow_patch
        vertices = patch.get_transform().transform(patch.get_path().vertices)
        lines.append((vertices[0], vertices[-1]))
    return lines


def segments_cross(p1, p2, q1, q2) -> bool:
    """Tell whether two segments properly cross (touching at an end does not count)."""
    def side(a, b, c):
        return np.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
    return side(p1, p2, q1) * side(p1, p2, q2) < 0 and side(q1, q2, p1) * side(q1, q2, p2) < 0


def runs_through(start, end, box) -> bool:
    """Tell whether a segment passes through the inside of a box (sampled finely)."""
    points = np.linspace(start, end, 200)[3:-3]
    return bool(np.any((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                       & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)))


@pytest.mark.parametrize("seed", [0, 2, 4])  # layouts where a looser rule let lines cross
def test_leader_lines_never_cross_nor_run_through_another_label(seed):
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.set_xlim(0, 100)
    ax.set_ylim(-10, 10)
    labels = pd.DataFrame({"x": rng.uniform(5, 95, 16), "y": rng.uniform(-8, 8, 16),
                           "text": [f"Label {i}" for i in range(16)]})
    dots = ax.scatter(labels["x"], labels["y"], s=4)
    placed = place_labels(ax, labels, far_side=True, avoid=[dots])
    assert len(placed) >= 14  # crowded: most, not all, find room
    lines = drawn_leaders(fig, placed)
    crossing = [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(lines), 2)
                if segments_cross(*a, *b)]
    assert crossing == []
    renderer = fig.canvas.get_renderer()
    boxes = [text_extent(a, renderer) for a in placed]
    through = [(i, j) for i, line in enumerate(lines) for j, box in enumerate(boxes)
               if i != j and runs_through(*line, box)]
    assert through == []
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    plt.close(fig)


def test_labels_point_away_from_zero_unless_far_side():
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(-10, 10)
    placed = place_labels(ax, pd.DataFrame({"x": [2.0, 7.0], "y": [3.0, -3.0],
                                            "text": ["up", "down"]}))
    renderer = fig.canvas.get_renderer()
    up, down = (text_extent(a, renderer) for a in placed)
    assert up.y0 > ax.transData.transform((0, 3.0))[1]
    assert down.y1 < ax.transData.transform((0, -3.0))[1]
    plt.close(fig)


def test_label_text_is_the_year_and_title_on_at_most_two_lines():
    text = label_text(pd.Timestamp("1966-01-10"), "Tashkent Declaration signed by both "
                      "sides after the war of 1965, with Soviet mediation, $ costs")
    assert text.startswith("1966 Tashkent Declaration")
    assert text.count("\n") == 1 and text.endswith(" …")
    assert label_text(pd.Timestamp("1990-01-01"), "A $5 loan") == r"1990 A \$5 loan"


def test_settling_the_layout_places_the_axes_where_a_full_draw_does():
    from bilateral.plots.style import new_figure, settle_layout

    fig, ax = new_figure("medium")
    ax.plot(pd.date_range("1950-01-01", periods=3, freq="20YE"), [1, -3, 2])
    ax.set_title("A title that takes room")
    ax.set_ylabel("Net balance (sum of intensity)")
    before = ax.get_position().bounds
    settle_layout(fig)
    settled = ax.get_position().bounds
    assert settled != before  # the constrained layout moved the Axes
    fig.draw_without_rendering()
    assert np.allclose(ax.get_position().bounds, settled, rtol=0, atol=1e-9)
    plt.close(fig)


def test_labels_are_saved_where_they_were_measured_and_savefig_lays_out_nothing(monkeypatch):
    from matplotlib.figure import Figure

    from bilateral.plots.style import new_figure
    from bilateral.plots.svg import figure_svg

    fig, ax = new_figure("medium")
    dates = pd.date_range("1950-01-01", periods=3, freq="20YE")
    ax.plot(dates, [1, -3, 2])
    ax.set_title("A title that takes room")
    fig.legend(["net"], loc="outside lower center")
    placed = place_labels(ax, pd.DataFrame({"x": dates, "y": [1, -3, 2],
                                            "text": ["a", "b", "c"]}))
    assert placed and fig.get_layout_engine() is None  # frozen: where labels were measured
    measured = ax.get_position().bounds
    draws = []
    monkeypatch.setattr(Figure, "draw", lambda self, renderer, _draw=Figure.draw: (
        draws.append(type(renderer).__name__), _draw(self, renderer))[1])
    svg = figure_svg(fig)
    assert ax.get_position().bounds == measured and draws == ["MixedModeRenderer"]  # once
    assert all(f">{label.get_text()}</text>" in svg for label in placed)
    plt.close(fig)


def test_obstacles_are_the_boxes_of_each_segment_and_marker_exactly():
    """The array of obstacle boxes equals, float for float, boxes built one segment at a time
    with np.linspace (12 points each) and Bbox.from_bounds: a step line has flat segments,
    which numpy samples by division, the others by multiplication."""
    import itertools

    import numpy as np
    from matplotlib.transforms import Bbox

    from bilateral.plots.labels import MARKER_RADIUS_PX, obstacle_extents

    fig, ax = plt.subplots(figsize=(4, 3))
    (line,) = ax.step([0.0, 1.3, 2.1, 5.7, 6.2], [0.0, 2.2, 2.2, -1.7, 3.1], where="post")
    dots = ax.scatter([1.1, 4.4], [0.5, -0.25])
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    xy = line.get_transform().transform(line.get_xydata())
    points = np.concatenate([np.linspace(a, b, 12) for a, b in itertools.pairwise(xy)])
    r = MARKER_RADIUS_PX
    expected = ([Bbox.from_bounds(x - 2, y - 2, 4, 4).extents for x, y in points]
                + [Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r).extents
                   for x, y in dots.get_offset_transform().transform(dots.get_offsets())])
    got = obstacle_extents([line, dots], renderer)
    assert sorted(map(tuple, got)) == sorted(map(tuple, expected))
    plt.close(fig)


def test_a_collection_placed_by_its_paths_blocks_each_of_its_shapes():
    """Grey density cells and interval bars are drawn where their paths say (no offsets):
    each shape is an obstacle, not one marker at the origin."""
    from matplotlib.collections import LineCollection, PolyCollection

    from bilateral.plots.labels import obstacle_extents

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    cells = PolyCollection([[(1, 1), (2, 1), (2, 3), (1, 3)], [(5, 5), (7, 5), (7, 6), (5, 6)]])
    bars = LineCollection([[(8, 2), (8, 9)]])
    ax.add_collection(cells)
    ax.add_collection(bars)
    renderer = fig.canvas.get_renderer()
    expected = ax.transData.transform([[1, 1], [2, 3], [5, 5], [7, 6], [8, 2], [8, 9]])
    assert np.allclose(obstacle_extents([cells, bars], renderer),
                       expected.reshape(-1, 4), rtol=0, atol=1e-9)
    plt.close(fig)


def test_a_line_the_label_may_cross_passes_behind_its_text():
    """Labels keep clear of marks, not of every thin line (a timeline's stems, grid lines): a
    white ground over such a line keeps the text readable. The ground is the text's own box,
    drawn above the line, and its leader still starts at the label."""
    fig, ax = plt.subplots(figsize=(4, 3))
    stem = ax.vlines([0.5], 0, 1, color="#000000", lw=1, zorder=2)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    (label,) = place_labels(ax, pd.DataFrame({"x": [0.5], "y": [0.5], "text": ["a label"]}))
    fig.draw_without_rendering()
    ground = label.get_bbox_patch()
    assert ground is not None and ground.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert ground.get_alpha() >= 0.8 and label.get_zorder() > stem.get_zorder()
    renderer = fig.canvas.get_renderer()
    text = text_extent(label, renderer)
    middle = ((text.x0 + text.x1) / 2, (text.y0 + text.y1) / 2)
    assert ground.get_window_extent(renderer).contains(*middle)
    plt.close(fig)
