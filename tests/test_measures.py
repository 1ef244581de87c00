"""Measures against frames computed by hand from tests/fixtures/pak_rus.csv.

The fixture: 1949 −2, 1954 −4, 1966 +6, 1971 −8, 1973 +5, 1980 −7, 2014 +4, 2016 +3.
"""

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from bilateral.analysis import measures
from bilateral.data import parameters
from bilateral.data.markup import escape_markdown, escape_mpl
from bilateral.analysis.selection import chronology, corrections, select_events, top_events

T = pd.Timestamp


def test_period_balance_by_decade(pak_rus_events):
    got = measures.period_balance(pak_rus_events, T("1947-01-01"), T("1989-12-31"), 10)
    expected = pd.DataFrame({
        "period": ["1940s", "1950s", "1960s", "1970s", "1980s"],
        "n_events": [1, 1, 1, 2, 1],
        "n_cooperation": [0, 0, 1, 1, 0],
        "n_tension": [1, 1, 0, 1, 1],
        "cooperation": [0.0, 0.0, 6.0, 5.0, 0.0],
        "tension": [-2.0, -4.0, 0.0, -8.0, -7.0],
        "net": [-2.0, -4.0, 6.0, -3.0, -7.0],
    })
    assert_frame_equal(got[expected.columns].reset_index(drop=True), expected)
    # the 1940s are inside the report from 1947 only: 3 years
    assert got["years_covered"].iloc[0] == pytest.approx(3 * 365 / 365.25, abs=0.01)


def test_empty_periods_hold_zeros(pak_rus_events):
    got = measures.period_balance(pak_rus_events, T("1990-01-01"), T("2009-12-31"), 5)
    assert got["period"].tolist() == ["1990–1994", "1995–1999", "2000–2004", "2005–2009"]
    assert (got[["n_events", "cooperation", "tension", "net"]] == 0).all().all()


def test_smooth_net_is_a_centred_mean():
    balance = pd.DataFrame({"net": [0.0, 3.0, 6.0, -3.0]})
    got = measures.smooth_net(balance, 3)["net_smoothed"].tolist()
    assert got == [1.5, 3.0, 2.0, 1.5]


def test_era_balance_per_year(pak_rus_events):
    eras = measures.era_table(parameters.parse_eras("1947: Early; 1970: Late"),
                              T("1947-01-01"), T("2016-12-31"))
    got = measures.era_balance(pak_rus_events, eras)
    expected = pd.DataFrame({"era": ["Early", "Late"], "n_events": [3, 5],
                             "cooperation": [6.0, 12.0], "tension": [-6.0, -15.0],
                             "net": [0.0, -3.0]})
    assert_frame_equal(got[expected.columns], expected)
    assert got["net_per_year"].iloc[1] == pytest.approx(-3.0 / (47 * 365.25 / 365.25), rel=0.01)


def test_turning_points_largest_change_first(pak_rus_events):
    balance = measures.period_balance(pak_rus_events, T("1950-01-01"), T("1989-12-31"), 10)
    got = measures.turning_points(balance, 2)
    assert got[["previous_period", "period", "change"]].values.tolist() == [
        ["1950s", "1960s", 10.0], ["1960s", "1970s", -9.0]]


def test_cumulative_index(pak_rus_events):
    got = measures.cumulative_index(pak_rus_events)["index"].tolist()
    assert got == [-2.0, -6.0, 0.0, -8.0, -3.0, -10.0, -6.0, -3.0]


def test_domain_totals(pak_rus_events):
    got = measures.domain_totals(pak_rus_events).set_index("domain")
    assert got.loc["military", ["n_events", "cooperation", "tension", "net"]].tolist() == [
        3, 7.0, -8.0, -1.0]
    assert got.loc["economic", "n_cooperation"] == 1


def test_domain_balance_lists_every_domain(pak_rus_events):
    got = measures.domain_balance(pak_rus_events, T("1960-01-01"), T("1979-12-31"), 10)
    assert len(got) == 2 * 5
    row = got.set_index(["period", "domain"]).loc[("1970s", "military")]
    assert (row["cooperation"], row["tension"]) == (0.0, -8.0)


def test_third_party_balance(pak_rus_events):
    got = measures.third_party_balance(pak_rus_events, T("1947-01-01"), T("2016-12-31"))
    usa = got.set_index("code").loc["USA"]
    # USA is named in 1949 (−2), 1954 (−4), 1980 (−7); the mean of all 8 events is −3/8
    assert (usa["n_events"], usa["net"]) == (3, -13.0)
    assert usa["pull"] == pytest.approx(-13 / 3 + 3 / 8)
    assert got["code"].tolist()[:2] == ["USA", "IND"]  # most often named first
    assert got.set_index("code").loc["IND", "net"] == -2.0


def test_selection_either_direction_and_domains(pak_rus_events):
    got = select_events(pak_rus_events, dyad=("RUS", "PAK"), start=T("1960-01-01"),
                        end=T("1975-12-31"), domains=("military", "economic"))
    assert got["event_id"].tolist() == ["1971-war", "1973-steel-mill"]


def test_top_events_and_chronology(pak_rus_events):
    assert top_events(pak_rus_events, 2)["event_id"].tolist() == ["1971-war", "1980-afghanistan"]
    table = chronology(pak_rus_events, 3)
    # the three largest |intensity| (−8, −7, +6), oldest first, dates as precise as known
    assert table["date"].tolist() == ["1966-01-10", "1971-12", "1980-01-05"]
    assert table.columns.tolist() == ["date", "title", "domain", "mode", "intensity", "source",
                                      "event_id", "description", "date_iso"]
    assert table["date_iso"].tolist() == ["1966-01-10", "1971-12-01", "1980-01-05"]


def test_corrections(pak_rus_events):
    assert corrections(pak_rus_events)["event_id"].tolist() == ["1971-war"]


@pytest.mark.parametrize(("raw", "expected"), [
    (1990, T("1990-01-01")), ("1990", T("1990-01-01")), ("1990-05", T("1990-05-01")),
    ("1990-05-17", T("1990-05-17")), (1990.0, T("1990-01-01"))])
def test_parse_start_accepts_numbers_and_strings(raw, expected):
    assert parameters.parse_date(raw, "start", first=True) == expected


def test_parse_end_is_inclusive():
    assert parameters.parse_date(2020, "end", first=False) == T("2020-12-31")
    assert parameters.parse_date("2020-02", "end", first=False) == T("2020-02-29")


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"dyad": "PAK-XXX"}, "'XXX' is not an ISO 3166-1 alpha-3"),
    ({"start": 2000, "end": 1990}, "is after end"),
    ({"domains": ["military", "cultural"]}, "'cultural' is not a domain"),
    ({"dyad": "PAK"}, "must be two ISO"),
    ({"period_years": 0}, "at least 1"),
])
def test_bad_parameters_stop_with_one_sentence(kwargs, words):
    with pytest.raises(parameters.ParameterError, match=words) as info:
        parameters.check_values(kwargs)
    assert "\n" not in str(info.value)


def test_domains_as_comma_string():
    assert parameters.parse_domains("military, economic") == ("military", "economic")


def test_escaping():
    assert escape_markdown("<script>x</script> *a*") == r"&lt;script&gt;x&lt;/script&gt; \*a\*"
    assert escape_mpl("$5") == r"\$5"


def test_auto_eras_come_from_the_reference_table_for_the_dyad_in_either_order():
    forward = parameters.parse_eras("auto", ("PAK", "RUS"))
    backward = parameters.parse_eras("auto", ("RUS", "PAK"))
    assert forward == backward
    assert forward[1][0] == pd.Timestamp("1991-12-26")
    assert parameters.parse_eras("auto", ("BRA", "ARG")) == ()  # none recorded: decades


def test_biggest_event_takes_the_side_of_the_change(pak_rus_events):
    from bilateral.report.narrative import biggest_event

    period = pd.Series({"period_start": pd.Timestamp("1947-01-01"),
                        "period_end": pd.Timestamp("2030-12-31")})
    most_tense = pak_rus_events.loc[pak_rus_events["intensity"].idxmin()]
    most_warm = pak_rus_events.loc[pak_rus_events["intensity"].idxmax()]
    assert str(most_tense["title"]) in biggest_event(pak_rus_events, period, -1)
    assert str(most_warm["title"]) in biggest_event(pak_rus_events, period, +1)
    warm_only = pak_rus_events.loc[pak_rus_events["intensity"] > 0]
    text = biggest_event(warm_only, period, -1)  # no tension: say so, do not call it tension
    assert text.startswith("no act of tension; largest event: ")


def test_third_party_pull_ignores_states_named_once_or_twice():
    from bilateral.report.captions import third_party_text

    parties = pd.DataFrame({"name": ["Often warm", "Rare warm", "Often cold"],
                            "n_events": [4, 1, 3], "mean_intensity": [3.0, 9.0, -4.0],
                            "pull": [1.0, 7.0, -6.0]})
    text = third_party_text(parties, 8)
    assert "at least 3 events" in text
    assert "**Often warm** leaned most towards cooperation" in text
    assert "**Often cold** leaned most towards tension" in text
    assert "Rare warm" not in text
