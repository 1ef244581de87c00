"""bilateral.analysis.selection: the dyad, the dates, the domains, the most significant events."""

import pandas as pd

from bilateral.analysis.selection import (by_significance, chronology, corrections,
                                          display_dates, in_dyad, newest_date, select_events,
                                          top_events)

T = pd.Timestamp


def test_selection_either_direction_and_domains(pak_rus_events):
    got = select_events(pak_rus_events, dyad=("RUS", "PAK"), start=T("1960-01-01"),
                        end=T("1975-12-31"), domains=("military", "economic"))
    assert got["event_id"].tolist() == ["1971-war", "1973-steel-mill"]


def test_selection_includes_both_ends_and_an_open_end(pak_rus_events):
    got = select_events(pak_rus_events, dyad=("PAK", "RUS"), start=T("1966-01-10"),
                        end=T("1971-12-01"))
    assert got["event_id"].tolist() == ["1966-tashkent", "1971-war"]
    open_end = select_events(pak_rus_events, dyad=("PAK", "RUS"), start=T("2014-06-02"),
                             end=None)
    assert open_end["event_id"].tolist() == ["2014-arms-embargo-lifted",
                                             "2016-friendship-exercise"]


def test_other_dyads_are_left_out(pak_rus_events):
    events = pak_rus_events.copy()
    events.loc[0, "actor2"] = "IND"  # 1949: PAK–IND
    assert len(in_dyad(events, ("PAK", "RUS"))) == 7
    assert newest_date(events, ("PAK", "IND")) == T("1949-01-01")
    assert newest_date(events, ("USA", "IND")) is None


def test_top_events_and_chronology(pak_rus_events):
    assert top_events(pak_rus_events, 2)["event_id"].tolist() == ["1971-war", "1980-afghanistan"]
    table = chronology(pak_rus_events, 3)
    # the three largest |intensity| (−8, −7, +6), oldest first, dates as precise as known
    assert table["date"].tolist() == ["1966-01-10", "1971-12", "1980-01-05"]
    assert table.columns.tolist() == ["date", "title", "domain", "mode", "intensity", "source",
                                      "event_id", "description", "date_iso"]


def test_significance_order_is_a_stable_sort_of_the_whole_table(pak_rus_events):
    """by_significance and top_events sort only their keys; the rows and their order are those
    of a stable sort of the whole table (|intensity| down, coverage down, date up), ties and
    missing coverage included."""
    import numpy as np

    rng = np.random.default_rng(4)
    n = 400
    events = pd.concat([pak_rus_events] * (n // len(pak_rus_events)), ignore_index=True)
    events["intensity"] = rng.choice([-3.0, -1.5, 0.0, 1.5, 3.0], len(events))
    events["date"] = T("2000-01-01") + pd.to_timedelta(rng.integers(0, 30, len(events)), "D")
    events["num_mentions"] = pd.array(rng.choice([1, 2, None], len(events)), dtype="Int64")
    events.index = pd.RangeIndex(100, 100 + len(events))  # positions are not labels
    whole = (events.assign(_rank=lambda d: d["intensity"].abs() + d["num_mentions"]
                           .astype("Float64").fillna(0).astype(float).rank(pct=True) * 1e-3)
             .sort_values(["_rank", "date"], ascending=[False, True], kind="stable")
             .drop(columns="_rank"))
    pd.testing.assert_frame_equal(by_significance(events), whole)
    pd.testing.assert_frame_equal(top_events(events, 25),
                                  whole.head(25).sort_values("date", kind="stable"))
    assert top_events(events, 0).empty


def test_chronology_lists_everything_when_it_fits(pak_rus_events):
    assert len(chronology(pak_rus_events, 8)) == 8
    assert len(chronology(pak_rus_events, 7)) == 7


def test_display_dates_follow_precision(pak_rus_events):
    assert display_dates(pak_rus_events).tolist()[:4] == ["1949", "1954-09-08", "1966-01-10",
                                                          "1971-12"]


def test_corrections(pak_rus_events):
    assert corrections(pak_rus_events)["event_id"].tolist() == ["1971-war"]


def test_chronology_columns_are_plain_text(pak_rus_events):
    table = chronology(pak_rus_events, 3)
    assert table["domain"].tolist() == ["diplomatic", "military", "security"]
    assert not isinstance(table["domain"].dtype, pd.CategoricalDtype)
    assert not isinstance(table["mode"].dtype, pd.CategoricalDtype)
