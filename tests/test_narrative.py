"""bilateral.report.narrative: the report's sentences, checked word for word against values
worked out by hand from tests/fixtures/pak_rus.csv.

The fixture: 1949 −2, 1954 −4, 1966 +6, 1971 −8, 1973 +5, 1980 −7, 2014 +4, 2016 +3.
"""

import datetime as dt

import pandas as pd
import pytest

from bilateral.analysis import measures
from bilateral.analysis.stats.summary import compute_statistics
from bilateral.data.parameters import parse_eras, prepare_report
from bilateral.data.provenance import Source
from bilateral.report import narrative
from bilateral.report.narrative import biggest_event

T = pd.Timestamp
START, END = T("1947-01-01"), T("2016-12-31")


def findings(events, eras="1947: Early; 1970: Late", years=10, turns=2):
    """Return the key findings of ``events`` from 1947 to 2016, computed as the notebook does."""
    balance = measures.period_balance(events, START, END, years)
    era_rows = measures.era_balance(events, measures.era_table(parse_eras(eras), START, END))
    return narrative.key_findings(events, balance, era_rows,
                                  measures.turning_points(balance, turns),
                                  measures.cumulative_index(events), years)


@pytest.mark.parametrize(("value", "text"), [(12.5, "+12.5"), (-3.0, "−3.0"), (0.04, "+0.0"),
                                             (-0.26, "−0.3"), (7, "+7.0")])
def test_signed_numbers_keep_their_sign_with_a_true_minus(value, text):
    assert narrative.signed(value) == text


def test_day_is_written_without_a_leading_zero():
    assert narrative.day(T("2025-09-02")) == "2 Sep 2025"


def test_key_findings_word_for_word(pak_rus_events):
    assert findings(pak_rus_events).splitlines() == [
        "- **8 events** from 1 Jan 1949 to 24 Sep 2016: **4 of cooperation** (summed intensity "
        "+18.0) and **4 of tension** (summed intensity −21.0).",
        # Early 1947–1969: −2 −4 +6 = 0 over 23 years; Late 1970–2016: −3 over 47 years
        "- **Net balance −3.0** over the whole period. By era, the warmest was *Early* (+0.0 a "
        "year) and the coldest *Late* (−0.1 a year).",
        # decades: 1940s −2, 1950s −4, 1960s +6, 1970s −3, 1980s −7, 2010s +7 (1990s, 2000s: none)
        r"- **Warmest decade: 2010s \(only 1 Jan 2010 to 31 Dec 2016\)**, net +7.0 from 2 "
        "events; largest act of cooperation: “Arms embargo lifted” (2014, +4.0).",
        "- **Coldest decade: 1980s**, net −7.0 from 1 events; largest act of tension: “Protest "
        "at the invasion of Afghanistan” (1980, −7.0).",
        # the 1940s are mostly outside the report (from 1947), so 1940s→1950s is not a turn
        "- **Largest turning points** between consecutive decades: from 1950s to 1960s the net "
        "balance rose by 10.0 (−4.0 → +6.0; largest act of cooperation: “Tashkent Declaration” "
        "(1966, +6.0)); from 1960s to 1970s the net balance fell by 9.0 (+6.0 → −3.0; largest "
        "act of tension: “Arms to India in the 1971 war” (1971, −8.0)).",
        # running sum: −2 −6 0 −8 −3 −10 −6 −3
        "- **Where it stands:** the cumulative index ends at −3.0 (24 Sep 2016); its low was "
        "−10.0 (5 Jan 1980), its high +0.0 (10 Jan 1966).",
    ]


def test_zero_intensity_events_are_neutral_in_the_findings(pak_rus_events):
    events = pak_rus_events.assign(intensity=[-2, -4, 6, -8, 0.0, -7, 0.0, 3])
    first = findings(events).splitlines()[0]
    assert first == ("- **8 events** from 1 Jan 1949 to 24 Sep 2016: **2 of cooperation** "
                     "(summed intensity +9.0) and **4 of tension** (summed intensity −21.0); "
                     "2 neutral (intensity 0).")


def test_warmest_and_coldest_era_are_compared_per_year():
    # Long has the largest net but over 40 years; Short has less over 2 years
    eras = pd.DataFrame({"era": ["Long", "Short", "Quiet", "Cold"], "n_events": [9, 2, 0, 3],
                         "net": [20.0, 6.0, 0.0, -3.0], "net_per_year": [0.5, 3.0, 0.0, -1.5]})
    assert narrative.era_sentence(eras) == (
        "By era, the warmest was *Short* (+3.0 a year) and the coldest *Cold* (−1.5 a year).")
    # an era without events is neither: Quiet (0 a year) is not the warmest of cold eras
    colder = eras.assign(net_per_year=[-0.5, -3.0, 0.0, -1.5])
    assert narrative.era_sentence(colder).startswith(
        "By era, the warmest was *Long* (−0.5 a year) and the coldest *Short* (−3.0 a year)")
    assert narrative.era_sentence(eras.iloc[:1]) == ""  # one era: nothing to compare


def _balance(nets, n_events, years=5):
    starts = pd.to_datetime([f"{1990 + years * i}-01-01" for i in range(len(nets))])
    ends = starts + pd.DateOffset(years=years) - pd.Timedelta(days=1)
    return pd.DataFrame({
        "period_start": starts, "period_end": ends,
        "period": [measures.period_label(s.year, years) for s in starts],
        "covered_from": starts, "covered_to": ends,
        "years_covered": ((ends - starts).days + 1) / 365.25,
        "n_events": n_events, "net": nets})


def test_warmest_and_coldest_period_skip_periods_without_events(pak_rus_events):
    events = pak_rus_events.assign(date=pd.to_datetime(
        ["1991-01-01", "1992-01-01", "1996-01-01", "1997-01-01", "2006-01-01", "2007-01-01",
         "2008-01-01", "2009-01-01"]))
    # every active period is net negative; 2000–2004 has no event (net 0) and is not "warmest"
    balance = _balance([-6.0, -2.0, 0.0, -4.0], [2, 2, 0, 4])
    got = narrative.period_extremes(balance, events, 5)
    assert [line.split(":")[0] for line in got] == ["- **Warmest 5-year period",
                                                    "- **Coldest 5-year period"]
    assert got[0] == ("- **Warmest 5-year period: 1995–1999**, net −2.0 from 2 events; "
                      "largest act of cooperation: “Tashkent Declaration” (1996, +6.0).")
    assert got[1] == ("- **Coldest 5-year period: 1990–1994**, net −6.0 from 2 events; "
                      "largest act of tension: “Pakistan joins SEATO” (1992, −4.0).")
    assert narrative.period_extremes(balance.iloc[:1], events, 5) == []
    large = _balance([-8544.8, -2.0, 0.0, -4.0], [34812, 2, 0, 4])  # a machine-coded table
    assert narrative.period_extremes(large, events, 5, compact=True)[1] == (
        "- **Coldest 5-year period: 1990–1994**, net −8,544.8 from 34,812 events.")


def test_biggest_event_takes_the_side_of_the_change(pak_rus_events):
    period = pd.Series({"period_start": T("1947-01-01"), "period_end": T("2030-12-31")})
    most_tense = pak_rus_events.loc[pak_rus_events["intensity"].idxmin()]
    most_warm = pak_rus_events.loc[pak_rus_events["intensity"].idxmax()]
    assert str(most_tense["title"]) in biggest_event(pak_rus_events, period, -1)
    assert str(most_warm["title"]) in biggest_event(pak_rus_events, period, +1)
    warm_only = pak_rus_events.loc[pak_rus_events["intensity"] > 0]
    text = biggest_event(warm_only, period, -1)  # no tension: say so, do not call it tension
    assert text.startswith("no act of tension; largest event: ")
    assert biggest_event(pak_rus_events, period) == (
        "largest event: “Arms to India in the 1971 war” (1971, −8.0)")


def test_biggest_event_includes_the_last_day_of_its_period(pak_rus_events):
    period = pd.Series({"period_start": T("1971-01-01"), "period_end": T("1971-12-01")})
    assert "1971 war" in biggest_event(pak_rus_events, period, -1)
    before = pd.Series({"period_start": T("1971-01-01"), "period_end": T("1971-11-30")})
    assert biggest_event(pak_rus_events, before, -1) == "no event recorded"


def test_a_zero_intensity_event_is_not_an_act_of_cooperation(pak_rus_events):
    events = pak_rus_events.assign(intensity=[-2, -4, 0.0, -8, 5, -7, 4, 3])
    period = pd.Series({"period_start": T("1960-01-01"), "period_end": T("1969-12-31")})
    assert biggest_event(events, period, +1) == (
        "no act of cooperation; largest event: “Tashkent Declaration” (1966, +0.0)")


def test_no_findings_for_an_empty_selection(pak_rus_events):
    assert findings(pak_rus_events.iloc[0:0]) == "No findings: the selection holds no events."


@pytest.fixture
def params():
    return prepare_report(dyad="PAK-RUS", start=1980, end=1995)[0]


def test_title_names_the_countries_as_they_were_called(params):
    assert narrative.report_title(params) == (
        "Pakistan and USSR/Russia: cooperation and tension, 1980–1995")
    assert narrative.dyad_names(params) == ("Pakistan", "USSR/Russia")


def test_header_lists_dyad_period_filters_and_provenance(params):
    source = Source(name="events.csv", sha256="ab" * 32, rows=1234, newest=T("2016-09-24"))
    text = narrative.header(params, source, 56,
                            generated_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc))
    assert text.splitlines() == [
        "# Pakistan and USSR/Russia: cooperation and tension, 1980–1995", "",
        "**Dyad:** Pakistan (PAK) – USSR/Russia (RUS), events in either direction  ",
        "**Period:** 1 Jan 1980 to 31 Dec 1995  ",
        "**Domains:** all · **Events selected:** 56  ",
        r"**Data:** events\.csv, 1,234 rows, newest event 24 Sep 2016  ",
        f"**SHA-256:** `{'ab' * 32}`  ",
        "**Generated:** 2026-01-02 03:04 UTC",
    ]


def test_provenance_names_the_version_only_when_there_is_one():
    when = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    ingested = Source(name="gdelt_pak_rus.csv", sha256="ab" * 32, rows=200000,
                      newest=T("2024-12-28"))
    assert narrative.provenance(ingested, generated_at=when) == (
        r"**Data as of 28 Dec 2024** (newest event) · gdelt\_pak\_rus\.csv, 200,000 rows, "
        "SHA-256 `abababababab` · generated 2026-01-02 03:04 UTC")
    bundled = Source(name="pak_rus.csv", sha256="cd" * 32, rows=417, newest=T("2025-11-17"),
                     version="2.0.0")
    assert narrative.provenance(bundled, generated_at=when).startswith(
        r"**Data as of 17 Nov 2025** (newest event) · pak\_rus\.csv, version 2\.0\.0, 417 rows")


def test_empty_selection_says_what_was_asked(params):
    assert narrative.empty_selection(params, 3) == ""
    assert narrative.empty_selection(params, 0) == (
        "**No events match this selection.** The table has no event between Pakistan and "
        "USSR/Russia from 1 Jan 1980 to 31 Dec 1995, so the sections below have nothing to "
        "measure or chart.")


def test_period_name_says_when_a_period_is_partly_outside():
    def row(covered_to):
        return pd.Series({"period": "1990s", "period_start": T("1990-01-01"),
                          "period_end": T("1999-12-31"), "covered_from": T("1990-01-01"),
                          "covered_to": T(covered_to),
                          "years_covered": ((T(covered_to) - T("1990-01-01")).days + 1) / 365.25})
    assert narrative.period_name(row("1999-06-30")) == "1990s (only 1 Jan 1990 to 30 Jun 1999)"
    assert narrative.period_name(row("1999-12-31")) == "1990s"


def test_names_follow_the_period_and_the_order_of_the_dyad():
    params = prepare_report(dyad="RUS-PAK", start=1960, end=1980)[0]
    assert narrative.dyad_names(params) == ("USSR", "Pakistan")
    later = prepare_report(dyad="RUS-PAK", start=1995, end=2000)[0]
    assert narrative.dyad_names(later) == ("Russia", "Pakistan")


def test_header_lists_the_domains_and_a_table_without_events():
    params = prepare_report(start=1990, end=1991, domains="military, economic",
                                          title="Own <title>")[0]
    text = narrative.header(params, Source("e.csv", "0" * 64, 0, None), 0).splitlines()
    assert text[0] == "# Own &lt;title&gt;"
    assert text[4] == "**Domains:** military, economic · **Events selected:** 0  "
    assert text[5] == r"**Data:** e\.csv, 0 rows, newest event none  "
    now = dt.datetime.now(dt.UTC)
    assert text[-1].startswith(f"**Generated:** {now:%Y-%m-%d}")


def test_methods_of_a_machine_coded_table_state_when_and_how_charts_aggregate(params):
    from bilateral.report.methods import methods_text

    coded = methods_text(params, machine_coded=True, overlay=False)
    assert "Large selections (more than 1,000 events" in coded
    assert "each of 1,000 equal time slices (M4: Jugel et al. 2014" in coded
    assert "at most 80 columns" in coded and "hover data and downloads hold monthly" in coded
    assert "Large selections" not in methods_text(params, machine_coded=False, overlay=False)


def test_findings_word_for_word_on_a_table_worked_out_by_hand():
    """Two +1 events a year in 2000-2019, one +9 in 2012 and one -6 in 2004: periods of five
    years net +4 (2000-04, 11 events), +10, +19 (2010-14, 11 events), +10. The warmest is
    2010-14, 9 above the next-warmest (2005-09, the first of the two at +10); the coldest is
    2000-04, 6 below 2005-09; the largest turn is 2005-09 -> 2010-14 (+9). The counts of
    specifications and the intervals are the robustness check's and the seeded bootstrap's."""
    rows = [(f"s{y}{i}", f"{y}-0{i + 1}-15", 1.0) for y in range(2000, 2020) for i in range(2)]
    rows += [("big", "2012-06-01", 9.0), ("cold", "2004-03-03", -6.0)]
    events = pd.DataFrame(rows, columns=["event_id", "date", "intensity"]).assign(
        date=lambda d: pd.to_datetime(d["date"]), actor1="PAK", actor2="RUS", indirect=False,
        joint=False, title=lambda d: "Event " + d["event_id"], mode="verbal", source="",
        domain=pd.Categorical(["diplomatic"] * len(rows)), date_precision="day", note="",
        third_parties="").sort_values("date", ignore_index=True)
    params, _ = prepare_report(start="2000", end="2019", period_years=5, eras="")
    eras = measures.era_table(params.eras, params.start, params.end)
    stats = compute_statistics(events, start=params.start, end=params.end, period_years=5,
                               eras=eras, seed=0, machine_coded=False, dyad=params.dyad)
    balance = measures.period_balance(events, params.start, params.end, 5).pipe(
        measures.smooth_net, 3)
    found = [measures.era_balance(events, eras), measures.turning_points(balance, 3),
             measures.cumulative_index(events), 5]
    key = narrative.key_findings(events, balance, *found, stats=stats).splitlines()
    noise = "tone alike within noise; activity alike within noise."
    assert key[2] == (
        "- **Warmest 5-year period: 2010–2014**, net +19.0 from 11 events; largest act of "
        "cooperation: “Event big” (2012, +9.0); holds in 96 of 108 specifications; removing one "
        "event alone would change it (“Event big” (2012)); its lead over the next-warmest, "
        "2005–2009, is within noise (net +9.0; sensitivity to which events were recorded: −7.0 "
        f"to +33.0): {noise}")
    assert key[3] == (
        "- **Coldest 5-year period: 2000–2004**, net +4.0 from 11 events; largest act of "
        "tension: “Event cold” (2004, −6.0); holds in 100 of 108 specifications; its gap to the "
        "next-coldest, 2005–2009, is within noise (net −6.0; sensitivity to which events were "
        f"recorded: −24.0 to +7.0): {noise}")
    assert key[4].startswith(
        "- **Largest turning points** between consecutive 5-year periods: from 2005–2009 to "
        "2010–2014 the net balance rose by 9.0 (+10.0 → +19.0; largest act of cooperation: "
        "“Event big” (2012, +9.0)); from 2010–2014 to 2015–2019 the net balance fell by 9.0 "
        "(+19.0 → +10.0; no act of tension; largest event: “Event s20150” (2015, +1.0)); from "
        "2000–2004 to 2005–2009 the net balance rose by 6.0 (+4.0 → +10.0; ")
    assert key[4].endswith(
        ". The largest, from 2005–2009 to 2010–2014, holds in 86 of 108 specifications; removing"
        " any one of 11 events alone would change it (“Event big” (2012), “Event s20150” (2015),"
        " “Event s20151” (2015) and 8 more); the difference is within noise (net +9.0; "
        "sensitivity to which events were recorded: −7.0 to +33.0): tone unchanged within "
        "noise; activity unchanged within noise.")
    brief = narrative.brief_findings(events, balance, *found, stats=stats).splitlines()
    assert brief[1:] == [
        "- **Warmest 5-year period: 2010–2014**, net +19.0 from 11 events; holds in 96 of 108 "
        "specifications; removing one event alone would change it; its lead over the "
        f"next-warmest, 2005–2009, is within noise: {noise}",
        "- **Coldest 5-year period: 2000–2004**, net +4.0 from 11 events; holds in 100 of 108 "
        "specifications; its gap to the next-coldest, 2005–2009, is within noise: "
        f"{noise}",
        "- **Largest turning point:** from 2005–2009 to 2010–2014 the net balance rose by 9.0; "
        "it holds in 86 of 108 specifications; removing any one of 11 events alone would change"
        " it; the difference is within noise: tone unchanged within noise; activity unchanged "
        "within noise."]
