"""bilateral.analysis.measures against frames computed by hand from tests/fixtures/pak_rus.csv.

The fixture: 1949 −2, 1954 −4, 1966 +6, 1971 −8, 1973 +5, 1980 −7, 2014 +4, 2016 +3.
"""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from bilateral.analysis import aggregate, measures
from bilateral.data import parameters

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


def test_period_grid_ends_the_day_before_the_next_period_starts():
    got = measures.period_grid(T("1947-03-15"), T("1961-06-30"), 5)
    assert got["period_start"].tolist() == [T("1945-01-01"), T("1950-01-01"), T("1955-01-01"),
                                            T("1960-01-01")]
    assert got["period_end"].tolist() == [T("1949-12-31"), T("1954-12-31"), T("1959-12-31"),
                                          T("1964-12-31")]
    assert got["period"].tolist() == ["1945–1949", "1950–1954", "1955–1959", "1960–1964"]
    # the first and last periods are clipped to the report's dates, to the day
    assert got["covered_from"].tolist() == [T("1947-03-15"), T("1950-01-01"), T("1955-01-01"),
                                            T("1960-01-01")]
    assert got["covered_to"].tolist() == [T("1949-12-31"), T("1954-12-31"), T("1959-12-31"),
                                          T("1961-06-30")]
    days = [(T("1949-12-31") - T("1947-03-15")).days + 1, 1826, 1826,
            (T("1961-06-30") - T("1960-01-01")).days + 1]
    assert got["years_covered"].tolist() == [d / 365.25 for d in days]


def test_yearly_periods_are_whole_calendar_years():
    got = measures.period_grid(T("2014-01-01"), T("2016-12-31"), 1)
    assert got["period"].tolist() == ["2014", "2015", "2016"]
    assert got["period_end"].tolist() == [T("2014-12-31"), T("2015-12-31"), T("2016-12-31")]
    assert got["years_covered"].tolist() == [365 / 365.25, 365 / 365.25, 366 / 365.25]


def test_an_event_on_the_last_day_of_a_period_counts_in_that_period(pak_rus_events):
    events = pak_rus_events.iloc[:2].assign(date=[T("1959-12-31"), T("1960-01-01")])
    got = measures.period_balance(events, T("1950-01-01"), T("1969-12-31"), 10)
    assert got["n_events"].tolist() == [1, 1]


@pytest.mark.parametrize(("years", "label"), [(1, "1990"), (10, "1990s"), (5, "1990–1994"),
                                              (2, "1990–1991")])
def test_period_labels(years, label):
    assert measures.period_label(1990, years) == label


def test_empty_periods_hold_zeros(pak_rus_events):
    got = measures.period_balance(pak_rus_events, T("1990-01-01"), T("2009-12-31"), 5)
    assert got["period"].tolist() == ["1990–1994", "1995–1999", "2000–2004", "2005–2009"]
    assert (got[["n_events", "cooperation", "tension", "net"]] == 0).all().all()


def test_zero_intensity_is_neither_cooperation_nor_tension(pak_rus_events):
    events = pak_rus_events.assign(intensity=[0.0, -4, 6, -8, 0.0, -7, 4, 3])
    balance = measures.period_balance(events, T("1940-01-01"), T("1979-12-31"), 10)
    assert balance["n_events"].tolist() == [1, 1, 1, 2]
    assert balance["n_cooperation"].tolist() == [0, 0, 1, 0]
    assert balance["n_tension"].tolist() == [0, 1, 0, 1]
    sides = measures.split_sides(events)
    assert sides["is_cooperation"].tolist() == [False, False, True, False, False, False, True,
                                                True]
    assert sides["is_tension"].tolist() == [False, True, False, True, False, True, False, False]
    totals = measures.domain_totals(events).set_index("domain")
    assert totals.loc["economic", ["n_events", "n_cooperation", "n_tension"]].tolist() == [
        1, 0, 0]
    assert totals.loc["diplomatic", ["n_events", "n_cooperation", "n_tension"]].tolist() == [
        2, 1, 0]


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
    late_days = (T("2016-12-31") - T("1970-01-01")).days + 1
    assert got["net_per_year"].tolist() == [0.0, -3.0 / (late_days / 365.25)]


def test_era_table_ends_each_era_the_day_before_the_next():
    eras = parameters.parse_eras("1947: A; 1971-12-16: B; 1991-12-26: C")
    got = measures.era_table(eras, T("1950-01-01"), T("2000-06-30"))
    assert got["era"].tolist() == ["A", "B", "C"]
    assert got["start"].tolist() == [T("1950-01-01"), T("1971-12-16"), T("1991-12-26")]
    assert got["end"].tolist() == [T("1971-12-15"), T("1991-12-25"), T("2000-06-30")]


def test_era_table_without_eras_is_decades_clipped_to_the_report():
    got = measures.era_table(parameters.parse_eras(""), T("1985-06-01"), T("2003-02-01"))
    assert got["era"].tolist() == ["1980s", "1990s", "2000s"]
    assert got["start"].tolist() == [T("1985-06-01"), T("1990-01-01"), T("2000-01-01")]
    assert got["end"].tolist() == [T("1989-12-31"), T("1999-12-31"), T("2003-02-01")]


def test_eras_outside_the_report_are_dropped():
    eras = parameters.parse_eras("1947: A; 1971: B; 1991: C")
    got = measures.era_table(eras, T("1975-01-01"), T("1985-12-31"))
    assert got["era"].tolist() == ["B"]


def test_turning_points_largest_change_first(pak_rus_events):
    balance = measures.period_balance(pak_rus_events, T("1950-01-01"), T("1989-12-31"), 10)
    got = measures.turning_points(balance, 2)
    assert got[["previous_period", "period", "change"]].values.tolist() == [
        ["1950s", "1960s", 10.0], ["1960s", "1970s", -9.0]]


def test_turning_points_leave_out_a_mostly_outside_last_period(pak_rus_events):
    # 2010s: only 2010-01-01..2011-03-31 inside, well under half the decade
    balance = measures.period_balance(pak_rus_events, T("1990-01-01"), T("2011-03-31"), 10)
    assert measures.turning_points(balance, 5).empty


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


def test_domain_totals_most_events_first_then_warmest(pak_rus_events):
    got = measures.domain_totals(pak_rus_events)
    assert got["domain"].tolist() == ["military", "diplomatic", "economic", "multilateral",
                                      "security"]


# --- aggregates of a large selection (bilateral.analysis.aggregate) ---------------------------


def test_aggregation_starts_above_the_threshold():
    assert aggregate.AGGREGATE_ABOVE == 1_000
    assert not aggregate.aggregated(1_000) and aggregate.aggregated(1_001)
    assert not aggregate.aggregated(0)


@pytest.mark.parametrize("value, band, low, high", [
    (-10, 0, -10, -8), (-8, 1, -8, -6), (-2.5, 3, -4, -2), (-2, 4, -2, 0), (-0.5, 4, -2, 0),
    (0, 5, 0, 0), (0.5, 6, 0, 2), (2, 6, 0, 2), (2.5, 7, 2, 4), (10, 10, 8, 10),
])
def test_intensity_bands_keep_zero_apart_and_close_towards_it(value, band, low, high):
    """Below zero a band is [low, high), above zero (low, high]; zero is a band of its own."""
    got = aggregate.intensity_band(pd.Series([float(value)]).to_numpy())
    assert got.tolist() == [band]
    lows, highs = aggregate.band_bounds(got)
    assert (lows[0], highs[0]) == (low, high)


@pytest.mark.parametrize("start, end, unit", [
    ("1979-01-01", "2024-12-31", "year"),     # 46 years: 552 months, 184 quarters
    ("2014-01-01", "2024-12-31", "quarter"),  # 132 months > 80, 44 quarters
    ("2020-03-15", "2026-10-01", "month"),    # 80 months exactly
    ("1800-01-01", "2199-12-31", "year"),     # 400 years: nothing fits, years still
])
def test_time_step_is_the_finest_that_fits(start, end, unit):
    assert aggregate.time_step(T(start), T(end))[0] == unit


def test_event_density_counts_every_event_once_per_step_and_band():
    """Five events in 1994 and 1995 (a 1960-1999 report: years). 1994: −3 and −2.5 share
    [−4, −2); 0 is alone; 2 is in (0, 2]. 1995: 2.5 in (2, 4]. Means by hand: 1994 cell of
    −3 and −2.5: −2.75; the year 1994: (−3 − 2.5 + 0 + 2) / 4 = −0.875."""
    events = pd.DataFrame({"date": pd.to_datetime(["1994-02-01", "1994-07-09", "1994-12-31",
                                                   "1994-03-03", "1995-01-01"]),
                           "intensity": [-3.0, -2.5, 0.0, 2.0, 2.5]})
    got = aggregate.event_density(events, T("1960-06-01"), T("1999-06-30"))
    assert got["n_events"].sum() == len(events)
    assert got[["step", "low", "high", "n_events"]].values.tolist() == [
        ["1994", -4.0, -2.0, 2], ["1994", 0.0, 0.0, 1], ["1994", 0.0, 2.0, 1],
        ["1995", 2.0, 4.0, 1]]
    assert got["mean_intensity"].tolist() == [-2.75, 0.0, 2.0, 2.5]
    assert got["step_events"].tolist() == [4, 4, 4, 1]
    assert got["step_mean"].iloc[0] == pytest.approx(-0.875)
    assert (got["unit"] == "year").all()
    assert got["step_start"].iloc[0] == T("1994-01-01") and got["step_end"].iloc[0] == T("1995-01-01")


def test_event_density_clips_the_first_and_last_step_to_the_report():
    events = pd.DataFrame({"date": pd.to_datetime(["1960-06-01", "1999-06-30"]),
                           "intensity": [1.0, -1.0]})
    got = aggregate.event_density(events, T("1960-06-01"), T("1999-06-30"))
    assert got["step_start"].tolist() == [T("1960-06-01"), T("1999-01-01")]
    assert got["step_end"].tolist() == [T("1961-01-01"), T("1999-07-01")]


def test_event_density_by_quarter_labels_its_steps():
    events = pd.DataFrame({"date": pd.to_datetime(["2015-05-20", "2015-06-30", "2015-07-01"]),
                           "intensity": [1.0, 1.5, 1.0]})
    got = aggregate.event_density(events, T("2014-01-01"), T("2024-12-31"))
    assert got[["step", "n_events"]].values.tolist() == [["2015 Q2", 2], ["2015 Q3", 1]]
    assert got["step_end"].iloc[0] == T("2015-07-01")


def test_count_classes_are_half_decades_up_to_above_the_largest_count():
    assert aggregate.count_classes(412) == [1, 3, 10, 30, 100, 300, 1_000]
    assert aggregate.count_classes(300) == [1, 3, 10, 30, 100, 300, 1_000]
    assert aggregate.count_classes(1) == [1, 3]
    assert aggregate.count_classes(2) == [1, 3]


@pytest.fixture
def walk():
    """A random walk of 5,000 steps at uneven times (seeded)."""
    rng = np.random.default_rng(7)
    x = np.cumsum(rng.integers(1, 5, 5_000)).astype(float)
    return x, np.cumsum(rng.normal(size=5_000))


def test_m4_keeps_the_first_lowest_highest_and_last_of_each_slice(walk):
    x, y = walk
    kept = aggregate.m4_rows(x, y, slices=50)
    assert len(kept) <= 4 * 50 and (np.diff(kept) > 0).all()
    which = aggregate._slice_of(x, 50)
    for s in range(50):
        raw = np.flatnonzero(which == s)
        mine = kept[which[kept] == s]
        assert mine[0] == raw[0] and mine[-1] == raw[-1]
        assert y[mine].min() == y[raw].min() and y[mine].max() == y[raw].max()


def test_m4_keeps_a_short_series_whole(walk):
    x, y = walk
    assert aggregate.m4_rows(x[:200], y[:200], slices=50).tolist() == list(range(200))


def test_reduced_index_keeps_the_exact_extremes_and_the_last_value(walk):
    x, y = walk
    index = pd.DataFrame({"date": T("1950-01-01") + pd.to_timedelta(x, unit="D"), "index": y})
    reduced = aggregate.reduce_index(index)
    assert len(reduced) <= 4 * aggregate.LINE_SLICES < len(index)
    assert reduced["index"].max() == index["index"].max()
    assert reduced["index"].min() == index["index"].min()
    assert reduced.iloc[-1].equals(index.iloc[-1]) and reduced.iloc[0].equals(index.iloc[0])


def test_index_envelope_reaches_each_slices_extremes_and_the_value_carried_in():
    """Index 0 on day 0, 5 on day 1, −2 on day 9; two slices of days [0, 4.5) and [4.5, 9]:
    the first takes 0 and 5; the second holds 5 (carried in) until it falls to −2."""
    index = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-10"]),
                          "index": [0.0, 5.0, -2.0]})
    got = aggregate.index_envelope(index, slices=2)
    assert got["high"].tolist() == [5.0, 5.0] and got["low"].tolist() == [0.0, -2.0]
    assert got["start"].iloc[0] == T("2000-01-01") and got["end"].iloc[-1] == T("2000-01-10")
