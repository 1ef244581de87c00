"""bilateral.report.captions: the sentences under charts and tables, from what they show.

The fixture tests/fixtures/pak_rus.csv: 1949 −2, 1954 −4, 1966 +6, 1971 −8, 1973 +5, 1980 −7,
2014 +4, 2016 +3.
"""

import pandas as pd
import pytest

from bilateral.analysis import measures
from bilateral.report import captions
from bilateral.report.captions import third_party_text

T = pd.Timestamp
START, END = T("1947-01-01"), T("2016-12-31")


def test_balance_caption_names_partial_periods_and_the_overlay(pak_rus_events):
    balance = measures.period_balance(pak_rus_events, START, END, 10)
    overlay = pd.DataFrame({"n_events": [1200, 34]})
    text = captions.balance_caption(balance, 10, 3, 4, overlay, "gdelt_$.csv", normalised=True)
    assert text == (
        "*Bars: summed intensity of cooperation (up) and tension (down) per 10-year period; "
        "the line is the net balance, averaged over 3 neighbouring periods. Shading marks the "
        "eras; the 4 most significant events are labelled. Periods only partly inside the "
        "report (1940s, 2010s) have narrower bars. Dashed grey, right axis: machine-coded net "
        r"cooperation from gdelt\_&#36;\.csv (1,234 events; Goldstein scores per 1,000 events "
        "of all news that period).*")
    plain = captions.balance_caption(balance, 10, 1, 4)
    assert "averaged" not in plain and "Dashed" not in plain
    assert captions.balance_caption(balance.assign(n_events=0), 10, 3, 4) == ""


def test_timeline_caption_says_when_the_chart_is_aggregated():
    assert "All 12 events are drawn; the 3 most significant" in captions.timeline_caption(12, 3)
    at = captions.timeline_caption(1_000, 8)
    assert "All 1,000 events are drawn" in at and "aggregated" not in at
    above = captions.timeline_caption(1_001, 8)
    assert above.startswith("*1,001 events are too many to draw one by one (more than 1,000), "
                            "so the chart is aggregated: each grey cell counts the events of "
                            "one time step in one band of intensity")
    assert ("The most significant events are drawn over it, and 8 of them labelled where a "
            "label finds room off the cells") in above
    assert captions.timeline_caption(0, 0) == ""


def test_domain_text_names_the_warmest_and_the_tensest_domain(pak_rus_events):
    totals = measures.domain_totals(pak_rus_events)
    assert captions.domain_text(totals) == (
        "Most cooperation came in the **military** domain (+7.0 from 2 events); most tension "
        "in the **military** domain (−8.0 from 1 event). Hatched bars below zero are tension.")
    warm = measures.domain_totals(pak_rus_events.loc[pak_rus_events["intensity"] > 0])
    assert "most tension" not in captions.domain_text(warm)
    assert captions.domain_text(totals.iloc[0:0]) == ""


def test_domain_text_groups_the_thousands_of_a_large_table():
    totals = pd.DataFrame({"domain": ["military", "multilateral"],
                           "cooperation": [99445.5, 10.0], "n_cooperation": [19425, 3],
                           "tension": [-2.0, -108905.94], "n_tension": [1, 19462]})
    assert captions.domain_text(totals) == (
        "Most cooperation came in the **military** domain (+99,445.5 from 19,425 events); most "
        "tension in the **multilateral** domain (−108,905.9 from 19,462 events). Hatched bars "
        "below zero are tension.")


def test_third_party_pull_ignores_states_named_once_or_twice():
    parties = pd.DataFrame({"name": ["Often warm", "Rare warm", "Often cold"],
                            "n_events": [4, 1, 3], "mean_intensity": [3.0, 9.0, -4.0],
                            "pull": [1.0, 7.0, -6.0]})
    text = third_party_text(parties, 8)
    assert "at least 3 events" in text
    assert "**Often warm** leaned most towards cooperation" in text
    assert "**Often cold** leaned most towards tension" in text
    assert "Rare warm" not in text


def test_third_party_text_word_for_word(pak_rus_events):
    parties = measures.third_party_balance(pak_rus_events, START, END)
    # USA: 3 events (−2 −4 −7), IND: 2 (+6 −8), GBR 1 (−4), AFG 1 (−7); all 8 events: −3/8
    assert third_party_text(parties, 8) == (
        "4 other states are named 7 times in the 8 selected events. Among the states named in "
        "at least 3 events, events naming **United States** leaned most towards cooperation "
        "(mean intensity −4.3, −4.0 against the mean of all events); events naming **United "
        "States** leaned most towards tension (mean −4.3, −4.0).")
    assert third_party_text(parties.iloc[0:0], 8) == (
        "None of the selected events names a third state.")


def test_cumulative_text_says_since_when_the_sign_held():
    index = pd.DataFrame({"date": pd.to_datetime(["1990-01-01", "1995-01-01", "2001-06-01",
                                                  "2010-01-01"]),
                          "index": [1.0, 3.0, -2.0, -1.0]})
    assert captions.cumulative_text(index) == (
        "*The index adds up every intensity from the start of the report period: it stands at "
        "−1.0; it has been at or below zero since 2001. Above zero, cooperation has outweighed "
        "tension so far.*")
    always = index.assign(index=[1.0, 2.0, 3.0, 4.0])
    assert "stands at +4.0. Above zero" in captions.cumulative_text(always)
    assert captions.cumulative_text(index.iloc[0:0]) == ""


def test_cumulative_text_says_when_the_line_is_aggregated():
    """Four dates of 250 events each are 1,000 events: drawn whole; one more is aggregated."""
    index = pd.DataFrame({"date": pd.to_datetime(["1990-01-01", "1995-01-01", "2001-06-01",
                                                  "2010-01-01"]),
                          "index": [1.0, 3.0, -2.0, -1.0], "n_events": [250, 250, 250, 250]})
    assert "aggregated" not in captions.cumulative_text(index)
    above = captions.cumulative_text(index.assign(n_events=[250, 250, 250, 251]))
    assert above.endswith("tension so far. With 1,001 events the line is aggregated: it is drawn "
                          "through the first, lowest, highest and last value of each of 1,000 "
                          "time slices (M4), which looks the same as the full line; the marked "
                          "values are exact.*")


def test_chronology_and_corrections_text():
    assert captions.chronology_text(8, 8) == "All 8 selected events, oldest first."
    assert captions.chronology_text(250, 1300) == (
        "The 250 most significant of 1,300 selected events (largest |intensity|), oldest "
        "first; 1,050 are not shown.")
    assert captions.chronology_text(0, 0) == "No events to list."
    assert captions.corrections_text(1).startswith("1 row records where")
    assert captions.corrections_text(2).startswith("2 rows record where")
    assert captions.corrections_text(0) == (
        "No row in this selection records a correction of a source.")


def test_balance_caption_for_two_period_smoothing_and_a_summed_overlay(pak_rus_events):
    balance = measures.period_balance(pak_rus_events, T("1950-01-01"), T("1979-12-31"), 10)
    text = captions.balance_caption(balance, 10, 2, 1, pd.DataFrame({"n_events": [5]}), "x")
    assert text == (
        "*Bars: summed intensity of cooperation (up) and tension (down) per 10-year period; "
        "the line is the net balance, averaged over 2 neighbouring periods. Shading marks the "
        "eras; the 1 most significant events are labelled. Dashed grey, right axis: "
        "machine-coded net cooperation from x (5 events; Goldstein scores summed).*")
    plain = captions.balance_caption(balance, 10, 1, 1)
    assert plain.endswith("the line is the net balance. Shading marks the eras; the 1 most "
                          "significant events are labelled.*")


def test_a_period_half_outside_is_partial_a_day_short_is_not(pak_rus_events):
    balance = measures.period_balance(pak_rus_events, T("1950-01-01"), T("1979-12-31"), 10)
    shorter = balance.assign(years_covered=[10.0, 10.0 - 1 / 365.25, 9.5])
    assert "(1970s) have narrower bars" in captions.balance_caption(shorter, 10, 1, 1)


@pytest.mark.parametrize(("values", "since"), [
    ([-1.0, -2.0, -3.0, 3.0, 1.0], "above zero since 2003"),
    ([1.0, -1.0, 2.0], "above zero since 2002"),
    ([-1.0, 2.0, 0.0], "at or below zero since 2002"),
    ([1.0, 2.0, -1.0], "at or below zero since 2002"),
])
def test_cumulative_text_finds_the_last_change_of_sign(values, since):
    index = pd.DataFrame({"date": pd.to_datetime([f"{2000 + i}-06-01" for i in range(len(values))]),
                          "index": values})
    assert f"; it has been {since}. Above zero" in captions.cumulative_text(index)


def test_third_party_text_when_all_or_none_are_named_often():
    parties = pd.DataFrame({"name": [f"S{i}" for i in range(13)], "n_events": [3] * 13,
                            "mean_intensity": [float(i) for i in range(13)],
                            "pull": [float(i) for i in range(13)]})
    text = third_party_text(parties, 40)
    assert text.startswith("13 other states are named 39 times in the 40 selected events. The "
                           "chart shows the 12 named most often. Events naming **S12** leaned")
    rare = parties.iloc[:12].assign(n_events=1)
    assert third_party_text(rare, 40).startswith(
        "12 other states are named 12 times in the 40 selected events. Events naming **S11**")
