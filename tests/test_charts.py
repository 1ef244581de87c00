"""Charts: assertions on the Axes and artists they return, not on pixels."""

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.text import Annotation, Text

from bilateral.plots import charts
from bilateral.plots import figures
from bilateral.analysis import aggregate, measures
from bilateral.data import parameters
from bilateral.plots.labels import place_labels, text_extent
from bilateral.plots.svg import figure_svg
from bilateral.analysis.selection import top_events
from bilateral.plots.style import COOPERATION, FIGURE_WIDTH_IN, TENSION, new_figure

T = pd.Timestamp
START, END = T("1947-01-01"), T("2016-12-31")


@pytest.fixture
def balance(pak_rus_events):
    return measures.period_balance(pak_rus_events, START, END, 10).pipe(measures.smooth_net, 3)


@pytest.fixture
def eras():
    return measures.era_table(parameters.parse_eras("1947: Early; 1991-12-26: Late"), START, END)


def test_plot_balance_draws_cooperation_up_and_tension_down(balance):
    fig, ax = new_figure()
    drawn = charts.plot_balance(ax, balance, 10)
    heights = [p.get_height() for p in drawn["cooperation"].patches]
    assert heights == balance["cooperation"].tolist()
    assert all(p.get_height() <= 0 for p in drawn["tension"].patches)
    assert drawn["cooperation"].patches[0].get_facecolor()[:3] == pytest.approx(
        plt.matplotlib.colors.to_rgb(COOPERATION))
    assert drawn["tension"].patches[0].get_facecolor()[:3] == pytest.approx(
        plt.matplotlib.colors.to_rgb(TENSION))
    plt.close(fig)


def test_plot_net_line_follows_smoothed_net(balance):
    fig, ax = new_figure()
    line = charts.plot_net(ax, balance, 3)
    assert line.get_ydata().tolist() == balance["net_smoothed"].tolist()
    assert "3-period" in line.get_label()
    plt.close(fig)


def test_balance_figure_is_titled_labelled_and_a4_wide(balance, eras, pak_rus_events):
    fig = figures.balance_figure(balance, eras, top_events(pak_rus_events, 4), title="T",
                                 years=10, window=3, start=START, end=END)
    ax = fig.axes[0]
    assert fig.get_figwidth() == FIGURE_WIDTH_IN
    assert 2.8 <= fig.get_figheight() <= 4.2
    assert ax.get_title(loc="left") == "T" and "per 10-year period" in ax.get_ylabel()
    assert ax.get_xlabel() == "Year"
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("Cooperation" in t for t in legend_texts) and any("Net" in t for t in legend_texts)
    assert figures.count_labels(fig) >= 3
    plt.close(fig)


def test_labels_do_not_overlap_and_stay_inside():
    fig, ax = new_figure()
    dates = pd.date_range("2000-01-01", periods=12, freq="30D")
    ax.plot(dates, [5] * 12)
    ax.set_ylim(-20, 20)
    labels = pd.DataFrame({"x": dates, "y": [5.0] * 12,
                           "text": [f"Event number {i} with a long title" for i in range(12)]})
    placed = place_labels(ax, labels)
    assert len(placed) >= 4
    renderer = fig.canvas.get_renderer()
    boxes = [text_extent(a, renderer) for a in placed]
    frame = ax.get_window_extent(renderer)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    plt.close(fig)


def test_timeline_has_one_marker_per_event(pak_rus_events, eras):
    fig = figures.timeline_figure(pak_rus_events, eras, top_events(pak_rus_events, 3),
                                  title="Timeline", start=START, end=END)
    ax = fig.axes[0]
    points = sum(len(c.get_offsets()) for c in ax.collections[1:])
    assert points == len(pak_rus_events)
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    renderer = fig.canvas.get_renderer()
    for a, b in itertools.combinations([text_extent(t, renderer) for t in labels], 2):
        assert not a.overlaps(b)
    plt.close(fig)


def test_cumulative_and_domains_and_third_parties(pak_rus_events, eras):
    index = measures.cumulative_index(pak_rus_events)
    fig = figures.cumulative_figure(index, eras, title="Index", start=START, end=END)
    assert fig.axes[0].get_lines()[0].get_ydata()[-1] == -3.0
    plt.close(fig)
    domain = measures.domain_balance(pak_rus_events, START, END, 10)
    fig = figures.domains_figure(domain, title="D", years=10, start=START, end=END)
    assert len(fig.axes[0].patches) > 0
    plt.close(fig)
    parties = measures.third_party_balance(pak_rus_events, START, END)
    fig = figures.third_party_figure(parties, title="P")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][0] == "United States (3)"
    plt.close(fig)


def test_domain_bars_stack_the_non_empty_domain_periods_with_their_hover_records(
        pak_rus_events):
    """Fixture by decade, with the multilateral −4 moved from 1954 to 1949: the 1940s hold
    diplomatic −2 and multilateral −4, stacked below zero; every other domain-decade holds
    at most one domain. Empty domain-decades draw no bar."""
    events = pak_rus_events.assign(date=pak_rus_events["date"].mask(
        pak_rus_events["domain"] == "multilateral", pd.Timestamp("1949-06-01")))
    domain = measures.domain_balance(events, START, END, 10)
    fig, ax = plt.subplots()
    drawn = charts.plot_domains(ax, domain, 10)
    bars = [(bar.get_y(), bar.get_height(), bar.bl_marks[0]["label"])
            for pair in drawn.values() for container in pair for bar in container]
    assert all(height != 0 for _, height, _ in bars)
    assert len(bars) == int((domain["cooperation"] != 0).sum() + (domain["tension"] != 0).sum())
    assert sorted((y, h, label) for y, h, label in bars if label.startswith("1940s")) == [
        (-2.0, -4.0, "1940s multilateral: tension −4.0, 1 event"),  # under the diplomatic bar
        (0.0, -2.0, "1940s diplomatic: tension −2.0, 1 event")]
    plt.close(fig)


def test_empty_selection_draws_nothing(pak_rus_events, eras):
    empty = pak_rus_events.iloc[0:0]
    balance = measures.period_balance(empty, START, END, 10).pipe(measures.smooth_net, 3)
    assert figures.balance_figure(balance, eras, empty, title="T", years=10, window=3,
                                  start=START, end=END) is None
    assert figures.timeline_figure(empty, eras, empty, title="T", start=START, end=END) is None
    assert figures.cumulative_figure(measures.cumulative_index(empty), eras, title="T",
                                     start=START, end=END) is None
    assert figures.third_party_figure(measures.third_party_balance(empty, START, END),
                                      title="T") is None


def test_far_side_labels_find_room_when_the_near_side_is_full():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(-10, 2)  # almost no room above zero
    labels = pd.DataFrame({"x": [3.0, 6.0], "y": [1.5, 1.5],
                           "text": ["a long first label", "a long second label"]})
    near_only = place_labels(ax, labels)
    for annotation in near_only:
        annotation.remove()
    both = place_labels(ax, labels, far_side=True)
    assert len(both) > len(near_only)
    renderer = fig.canvas.get_renderer()
    point_y = ax.transData.transform((0, 1.5))[1]
    assert any(text_extent(a, renderer).y1 < point_y for a in both)  # placed below its point
    plt.close(fig)


def zero_height(limits) -> float:
    """Return where zero sits on an axis, as a fraction of its height."""
    lo, hi = limits
    return -lo / (hi - lo)


@pytest.mark.parametrize("values", [[-4.0, 10.0], [0.5, 2.0], [-30.0, -1.0], [0.0, 0.0],
                                    [float("nan"), 3.0, -0.2]])
def test_align_zero_puts_the_twin_zero_level_with_the_main_zero_and_shows_every_value(values):
    fig, ax = plt.subplots()
    twin = ax.twinx()
    figures.align_zero(twin, pd.Series(values), (-3.0, 9.0))
    lo, hi = twin.get_ylim()
    assert zero_height((lo, hi)) == pytest.approx(zero_height((-3.0, 9.0)))
    finite = [v for v in values if v == v]
    assert lo < min(finite) and max(finite) < hi  # with room to spare
    assert max(finite) < hi / 1.05 or min(finite) > lo / 1.05  # the tightest side has headroom
    plt.close(fig)


def test_balance_figure_with_overlay_aligns_the_zeros(balance, eras, pak_rus_events):
    overlay = balance.assign(value=[float(v) for v in range(-3, len(balance) - 3)])
    fig = figures.balance_figure(balance, eras, top_events(pak_rus_events, 2), title="T",
                                 years=10, window=3, start=START, end=END, overlay=overlay,
                                 overlay_unit="per 1,000")
    main, twin = fig.axes[0], fig.axes[1]
    assert zero_height(twin.get_ylim()) == pytest.approx(zero_height(main.get_ylim()))
    assert twin.get_ylabel() == "per 1,000"
    plt.close(fig)


# --- large selections: aggregated charts (bilateral.analysis.aggregate) ------------------------

def test_timeline_aggregates_only_above_the_threshold(pak_rus_events, eras, monkeypatch):
    """At the threshold (8 events, threshold 8) one marker per event; one event more than the
    threshold (threshold 7) draws cells and only the highlights as markers."""
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 8)
    fig = figures.timeline_figure(pak_rus_events, eras, top_events(pak_rus_events, 3),
                                  title="T", start=START, end=END)
    assert not any(isinstance(c, PolyCollection) and getattr(c, "bl_marks", None)
                   for c in fig.axes[0].collections) and len(fig.axes) == 1
    assert sum(len(c.get_offsets()) for c in fig.axes[0].collections[1:]) == 8
    plt.close(fig)
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 7)
    fig = figures.timeline_figure(pak_rus_events, eras, top_events(pak_rus_events, 3),
                                  title="T", start=START, end=END)
    cells = [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]
    assert len(cells) == 1 and len(fig.axes) == 2  # the cells and the colour scale
    markers = [c for c in fig.axes[0].collections[2:] if len(c.get_offsets())]
    assert sum(len(c.get_offsets()) for c in markers) == 3
    plt.close(fig)


def test_density_labels_keep_off_the_grey_cells(pak_rus_events, eras, monkeypatch):
    """Every year 1948-2015 has events of every intensity from −9 to +9, so the cells fill the
    band; the 6 strongest events (±10) crowd 1948-1950, so their labels stack: they must find
    room above or below the cells, or go unlabelled."""
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 100)
    years = np.concatenate([np.repeat(np.arange(1948, 2016), 19), [1948, 1948, 1949, 1949,
                                                                     1950, 1950]])
    intensity = np.concatenate([np.tile(np.arange(-9, 10), 68), [10, -10] * 3])
    events = pd.concat([pak_rus_events.iloc[[0]]] * len(years), ignore_index=True).assign(
        date=pd.to_datetime(years.astype(str) + "-06-01"), intensity=intensity.astype(float))
    fig = figures.timeline_figure(events, eras, top_events(events, 6), title="T",
                                  start=START, end=END)
    cells = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    renderer = fig.canvas.get_renderer()
    boxes = [fig.axes[0].transData.transform(p.vertices) for p in cells.get_paths()]
    labels = [t for t in fig.axes[0].texts if isinstance(t, Annotation)]
    assert labels
    for label in labels:
        extent = Text.get_window_extent(label, renderer)  # the text, not its leader line
        assert not any(extent.x0 < b[:, 0].max() and b[:, 0].min() < extent.x1
                       and extent.y0 < b[:, 1].max() and b[:, 1].min() < extent.y1
                       for b in boxes), label.get_text()
    plt.close(fig)


def test_density_cells_count_every_event_and_carry_aggregate_hover_data(pak_rus_events, eras,
                                                                        monkeypatch):
    """The fixture spans 1947-2016 (years); each of its 8 events is alone in its year and
    band, e.g. 1971 −8 in [−8, −6)."""
    monkeypatch.setattr(aggregate, "AGGREGATE_ABOVE", 7)
    fig = figures.timeline_figure(pak_rus_events, eras, top_events(pak_rus_events, 2),
                                  title="T", start=START, end=END)
    cells = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    assert cells.get_array().sum() == len(pak_rus_events)
    labels = [m["label"] for m in cells.bl_marks]
    assert "1971: 1 event with −8 ≤ intensity < −6, of 1 that year (mean intensity −8)" in labels
    assert all(m["step"] == "year" and "event" not in m for m in cells.bl_marks)
    svg = figure_svg(fig)
    assert svg.count('data-step="year"') == len(pak_rus_events)
    assert 'data-from="1971-01-01" data-to="1971-12-31"' in svg
    assert "<image" not in svg and len(svg) < 120_000
    plt.close(fig)


def test_large_cumulative_index_is_reduced_with_exact_marks(eras):
    """A random walk over 6,000 dates (12,000 events, above the threshold): the line keeps at
    most 4 rows per M4 slice and the exact extremes, the marks show the exact latest, highest
    and lowest values, and the SVG stays vector and small."""
    rng = np.random.default_rng(3)
    values = np.cumsum(rng.normal(size=6_000)).round(1)
    index = pd.DataFrame({"date": pd.date_range("1950-01-01", periods=6_000, freq="3D"),
                          "intensity": np.r_[values[0], np.diff(values)], "n_events": 2,
                          "index": values})
    fig = figures.cumulative_figure(index, eras, title="Index", start=START, end=END)
    line = fig.axes[0].get_lines()[0]
    assert len(line.get_ydata()) <= 4 * aggregate.LINE_SLICES < len(index)
    assert line.get_ydata().max() == values.max() and line.get_ydata().min() == values.min()
    texts = [t.get_text() for t in fig.axes[0].texts if isinstance(t, Annotation)]
    assert f"Latest: {values[-1]:+.1f} (1999)" in texts
    assert any(t.startswith(f"Highest: {values.max():+.1f}") for t in texts)
    assert any(t.startswith(f"Lowest: {values.min():+.1f}") for t in texts)
    svg = figure_svg(fig)
    assert "<image" not in svg and len(svg) < 250_000
    plt.close(fig)


def test_axis_numbers_group_thousands_and_keep_matplotlibs_own_writing():
    from bilateral.plots.style import GroupedFormatter

    fig, ax = plt.subplots()
    ax.yaxis.set_major_formatter(GroupedFormatter())
    for limits, expected in [((-110000, 100000), ["−125,000", "−100,000", "−75,000", "−50,000",
                                                  "−25,000", "0", "25,000", "50,000", "75,000",
                                                  "100,000"]),
                             ((-50, 150), ["−50", "−25", "0", "25", "50", "75", "100", "125",
                                           "150"]),
                             ((1234567, 1234568), None)]:
        ax.set_ylim(*limits)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        if expected:
            assert labels == expected
        else:  # no offset or power of ten above the axis: every label is the whole number
            assert all(label.startswith("1,234,56") for label in labels), labels
            assert ax.yaxis.get_offset_text().get_text() == ""
    plt.close(fig)


def test_shading_eras_keeps_the_layout_and_a_hidden_name_gives_its_room_back():
    """The late era (1991-12-26 to 2016) is too narrow for its long name, which would stick out
    to the right of the Axes: hidden, it takes no room, so the Axes span (horizontally) what
    they span without names."""
    long_eras = measures.era_table(parameters.parse_eras(
        "1947: Early; 1991-12-26: A late era whose name is far too long for its years"),
        START, END)

    def shaded(names: bool):
        fig, ax = new_figure("medium")
        ax.plot([START, END], [0, 1])
        charts.format_time_axis(ax, START, END)
        drawn = charts.shade_eras(ax, long_eras, names=names)
        return fig, ax, [a for a in drawn if hasattr(a, "get_text")]

    fig, ax, texts = shaded(True)
    assert [t.get_visible() for t in texts] == [True, False]
    assert fig.get_layout_engine() is None  # kept: savefig draws it as measured
    bare, bare_ax, _ = shaded(False)
    bare.get_layout_engine().execute(bare)
    x0, _, width, _ = ax.get_position().bounds
    assert np.allclose((x0, width), bare_ax.get_position().bounds[::2], atol=1e-9)
    plt.close(fig)
    plt.close(bare)
