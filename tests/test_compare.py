"""Comparison across dyads on a synthetic three-dyad table with known co-movement.

tests/fixtures/compare/three_dyads.csv: one event a year, 1990–2019, for each dyad. FRA-DEU's
tone per 5-year period is 1, 5, −4, 4, −5, 3 (±0.5 year by year); FRA-GBR mirrors it
(−1, −5, 4, ...) and DEU-GBR copies it. Every period has 5 events.
"""

from pathlib import Path

import pandas as pd
import pytest

from bilateral.analysis import compare, measures
from bilateral.data.parameters import prepare_report
from bilateral.report import comparison as words

TABLE = Path(__file__).parent / "fixtures" / "compare" / "three_dyads.csv"


@pytest.fixture(scope="module")
def report():
    params, table = prepare_report(events_path=str(TABLE), dyad="FRA-DEU",
                                   compare=["FRA-GBR", "DEU-GBR", "ESP-PRT"],
                                   start="1990", end="2019", eras="")
    eras = measures.era_table(params.eras, params.start, params.end)
    return params, table, compare.compare_dyads(table, params, eras)


def test_co_movement_of_first_differences_is_known(report):
    _, _, result = report
    table = result.co_movement.set_index(["other", "series", "rows"])
    assert table.loc[("DEU-GBR", "tone", "all"), "r"] == pytest.approx(1.0)
    assert table.loc[("FRA-GBR", "tone", "all"), "r"] == pytest.approx(-1.0)
    assert table.loc[("FRA-GBR", "tone", "all"), "n"] == 5  # six periods, five changes
    # activity is the same (5 events) in every period: no variation, nothing to correlate
    assert table.loc[("FRA-GBR", "activity", "all"), "n"] == 5
    assert pd.isna(table.loc[("FRA-GBR", "activity", "all"), "r"])


def test_first_differences_not_levels():
    periods = pd.DataFrame({"dyad": ["A-B"] * 4 + ["C-D"] * 4,
                            "period_start": list(range(4)) * 2,
                            "tone": [1.0, 2.0, 3.0, 4.0, 1.0, 3.0, 4.0, 7.0],
                            "n_events": [5] * 8})
    # both rise steadily (levels correlate), but their changes (1,1,1 vs 2,1,3) vary apart
    assert compare.first_differences(periods, "A-B", "tone").tolist() == [1.0, 1.0, 1.0]
    result = compare.co_movement(periods, "A-B", "C-D", "tone")
    assert result.n == 3 and pd.isna(result.r)  # one series has no variation: no r


def test_linked_and_indirect_rows_are_left_out_of_standalone():
    events = pd.DataFrame({"link_id": ["", "1966-x", ""], "indirect": [False, False, True],
                           "intensity": [1.0, 2.0, 3.0]})
    assert compare.standalone(events)["intensity"].tolist() == [1.0]


def test_opposite_shifts_name_when_one_warmed_while_another_cooled(report):
    params, _, result = report
    opposite = result.opposite
    # 1995–1999 -> 2000–2004: FRA-DEU cools by 9.2 (5.1 to -4.1), FRA-GBR warms by as much
    row = opposite.loc[opposite["period_to"] == "2000–2004"].iloc[0]
    assert (row["dyad"], row["other"]) == ("FRA-DEU", "FRA-GBR")
    assert row["change"] == pytest.approx(-9.2) and row["other_change"] == pytest.approx(9.2)
    assert set(opposite["other"]) == {"FRA-GBR"}
    text = words.opposite_text(opposite, "FRA-DEU", params.start, params.end)
    assert "From 1995–1999 to 2000–2004, the tone of France–Germany cooled" in text
    assert "while that of France–United Kingdom warmed" in text


def test_sentences_describe_direction_and_n(report):
    params, _, result = report
    text = words.co_movement_text(result.co_movement, params.start, params.end)
    assert "France–Germany and France–United Kingdom**: changes in tone moved strongly in " \
           "opposite directions (r = −1.00, n = 5)" in text
    assert "changes in tone moved strongly together (r = +1.00, n = 5)" in text


def test_a_compared_dyad_without_events_gets_one_sentence(report):
    params, _, result = report
    assert result.counts["ESP-PRT"] == 0
    assert "ESP-PRT" not in set(result.periods["dyad"])
    intro = words.section_text(result, params.start, params.end)["intro"]
    assert "Spain–Portugal has no events in the loaded tables" in intro


def test_no_comparison_means_no_section():
    params, table = prepare_report(events_path=str(TABLE), dyad="FRA-DEU", start="1990",
                                   end="2019", eras="")
    assert compare.compare_dyads(table, params, pd.DataFrame()) is None
    assert words.heading(params.compare) == ""
    assert set(words.section_text(None, params.start, params.end).values()) == {""}
