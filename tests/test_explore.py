"""The explore notebook's controls, driven without a browser: a change redraws in place."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from bilateral.data.events import load_events
from bilateral.plots import explore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def untouched_explorer():
    """One Explorer for the tests that only read it (no control or tab is changed): building
    one draws the balance chart, about a second."""
    return explore.Explorer(load_events(ROOT / "tests" / "fixtures" / "pak_rus.csv"))


@pytest.fixture
def explorer(untouched_explorer, pak_rus_events, monkeypatch):
    """A fresh Explorer for a test that changes its controls. Its opening chart, the same
    for every fresh Explorer (the whole table's balance chart, which
    test_opens_on_the_balance_chart_for_the_whole_table checks), is copied from the
    untouched Explorer rather than drawn again; every later redraw is real."""
    opening = untouched_explorer.charts["balance"].value
    with monkeypatch.context() as patched:
        patched.setattr(explore, "chart_figure", lambda table, selection, chart: chart)
        patched.setattr(explore, "figure_html",
                        lambda chart, chart_id: opening if chart == "balance" else None)
        fresh = explore.Explorer(pak_rus_events)
    assert fresh.drawn == untouched_explorer.drawn and fresh.charts["balance"].value == opening
    return fresh


def test_dyads_are_the_tables_pairs_most_events_first(pak_rus_events):
    assert explore.dyads(pak_rus_events) == [("PAK", "RUS")]


def test_opens_on_the_balance_chart_for_the_whole_table(untouched_explorer, pak_rus_events):
    explorer = untouched_explorer
    chosen = explorer.selection()
    assert chosen.dyad == ("PAK", "RUS") and chosen.domains == () and chosen.period_years == 5
    assert (chosen.first_year, chosen.last_year) == (
        pak_rus_events["date"].dt.year.min(), pak_rus_events["date"].dt.year.max())
    balance = explorer.charts["balance"].value
    assert balance.startswith('<figure class="bl-chart" id="explore-balance"') and "<svg" in balance
    assert "per 5-year period" in balance
    assert explorer.charts["timeline"].value == ""  # drawn when its tab is opened


def test_a_control_change_redraws_the_open_chart_in_place(explorer):
    widget = explorer.charts["balance"]
    explorer.controls["period_years"].value = 10
    assert explorer.charts["balance"] is widget  # the same widget, a new drawing
    assert "per 10-year period" in widget.value and "per 5-year period" not in widget.value
    assert explorer.status.value.startswith("<small>Balance redrawn in")


def test_domains_and_years_narrow_the_selection(explorer):
    explorer.controls["domains"].value = ("military",)
    assert explorer.selection().domains == ("military",)
    explorer.controls["years"].value = (1970, 1975)
    chosen = explorer.selection()
    assert (chosen.first_year, chosen.last_year) == (1970, 1975)
    explorer.tabs.selected_index = explore.CHARTS.index("timeline")
    timeline = explorer.charts["timeline"].value
    assert 'data-event="1971-war"' in timeline  # the one military event of 1970-75
    assert timeline.count('class="bl-mark"') == 1


def test_an_empty_selection_says_so(explorer):
    explorer.controls["years"].value = (1990, 1995)  # no event in the fixture
    assert "Nothing to chart" in explorer.charts["balance"].value


def test_tabs_redraw_only_when_the_selection_changed(explorer, monkeypatch):
    # Which redraws happen, not what they draw (the other tests check the drawings): the
    # recorded chart_figure draws nothing, so each redraw shows "Nothing to chart".
    calls = []
    monkeypatch.setattr(explore, "chart_figure",
                        lambda table, selection, chart: calls.append(chart))
    explorer.tabs.selected_index = 1
    explorer.tabs.selected_index = 0
    explorer.tabs.selected_index = 1
    assert calls == ["timeline"]
    explorer.controls["period_years"].value = 2
    assert calls == ["timeline", "timeline"]


def test_without_widgets_it_says_so_in_one_line(untouched_explorer):
    bundle = untouched_explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == explore.NO_WIDGETS and "\n" not in explore.NO_WIDGETS


@pytest.mark.slow
def test_explore_notebook_runs_all(tmp_path):
    import papermill  # noqa: PLC0415 - only the slow tests start a kernel
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "explore.ipynb"), str(out),
                               kernel_name="python3", cwd=str(ROOT / "notebooks"),
                               progress_bar=False)
    outputs = [o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])]
    shown = outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert shown["text/plain"] == explore.NO_WIDGETS
