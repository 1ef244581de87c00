"""Output formats without rendering: SVG charts with marks, references, tables, downloads, brief."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from bilateral.analysis import measures
from bilateral.analysis.selection import chronology
from bilateral.plots import figures
from bilateral.plots.display import figure_html
from bilateral.plots.svg import figure_svg
from bilateral.report import downloads, references, tables
from bilateral.report.brief import brief_html

SVG = "{http://www.w3.org/2000/svg}"
T = pd.Timestamp


@pytest.fixture
def eras():
    return pd.DataFrame({"era": ["Cold War", "Since 1992"], "start": [T("1947-01-01"), T("1992-01-01")],
                         "end": [T("1991-12-31"), T("2016-12-31")]})


def timeline(events, eras):
    return figures.timeline_figure(events, eras, events.head(0), title="Every event at its date",
                                   start=T("1947-01-01"), end=T("2016-12-31"))


def test_timeline_svg_keeps_text_and_puts_each_event_on_its_marker(pak_rus_events, eras):
    svg = figure_svg(timeline(pak_rus_events, eras), chart_id="tl")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "tl-title"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Every event at its date"
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Every event at its date" in texts and "1970" in texts  # text, not glyph paths
    marks = [e for e in root.iter() if e.get("class") == "bl-mark"]
    assert sorted(m.get("data-event") for m in marks) == sorted(pak_rus_events["event_id"])
    war = next(m for m in marks if m.get("data-event") == "1971-war")
    assert war.get("data-date") == "1971-12-01" and war.get("data-intensity") == "-8.0"
    assert war.get("aria-label").endswith("(−8.0)")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith("tl-") for i in ids) and len(ids) == len(set(ids))
    refs = re.findall(r'(?:href="#|url\(#)([^")]+)', svg)
    assert refs and set(refs) <= set(ids)  # every reference points to a prefixed id


def test_balance_bars_carry_their_period(pak_rus_events, eras):
    start, end = T("1947-01-01"), T("2016-12-31")
    balance = measures.period_balance(pak_rus_events, start, end, 10).pipe(measures.smooth_net, 1)
    fig = figures.balance_figure(balance, eras, pak_rus_events.head(0), title="Balance",
                                 years=10, window=1, start=start, end=end)
    root = ET.fromstring(figure_svg(fig))
    bars = [e for e in root.iter() if e.get("class") == "bl-mark"]
    assert len(bars) == 2 * len(balance)
    seventies = [b for b in bars if b.get("data-from") == "1970-01-01"]
    assert {b.get("data-series") for b in seventies} == {"cooperation", "tension"}
    assert {b.get("data-to") for b in seventies} == {"1979-12-31"}


def test_figure_html_wraps_the_svg_with_a_caption(pak_rus_events, eras):
    markup = figure_html(timeline(pak_rus_events, eras), caption_html="<em>note</em>")
    assert markup.startswith('<figure class="bl-chart" id="chart-every-event-at-its-date"')
    assert markup.endswith("<figcaption><em>note</em></figcaption></figure>")


@pytest.mark.parametrize(("raw", "expected"), [
    ("Nation, 'Russia: a fast emerging friend' (22 Apr 2019), https://nation.com.pk/x",
     ("Nation", "Russia: a fast emerging friend", "22 Apr 2019", "https://nation.com.pk/x")),
    ("Economic Review, 'Pakistan's trade partners' (1990), https://a.org/p",
     ("Economic Review", "Pakistan's trade partners", "1990", "https://a.org/p")),
    ("Chicago Tribune (17 Aug 1988), http://c.com/1", ("Chicago Tribune", "", "17 Aug 1988", "http://c.com/1")),
    ("Kremlin, 12 May 2011, http://k.ru/2", ("Kremlin", "", "12 May 2011", "http://k.ru/2")),
    ("UrduPoint, 'Kissinger, who made the 1971 trip', https://u.com/3",
     ("UrduPoint", "Kissinger, who made the 1971 trip", "", "https://u.com/3")),
    ("Seed article ¶4", ("Seed article ¶4", "", "", "")),
])
def test_citations_are_parsed(raw, expected):
    c = references.parse_citation(raw)
    assert (c.publisher, c.title, c.date, c.url) == expected


def test_each_source_is_numbered_once_in_order_of_first_citation():
    refs, cited = references.number_references([
        "A, 'One', https://a.org/1 ; Seed article ¶2",
        "B (1 May 2000), https://b.org/2 ; A again, https://a.org/1",
        "", "Seed article ¶2 ; Seed article ¶2"])
    assert cited == [[1, 2], [3, 1], [], [2]]
    assert [r.url for r in refs] == ["https://a.org/1", "", "https://b.org/2"]
    listing = references.references_html(refs)
    assert listing.count("<li ") == 3 and 'href="https://a.org/1"' in listing
    assert ">a.org</a>" in listing and ">https://" not in listing  # no raw URL as text


def test_chronology_table_has_numbered_references_and_filter_data(pak_rus_events, eras):
    listing = references.ReferenceList()
    page = tables.chronology_html(chronology(pak_rus_events, 250), eras, listing)
    assert page.count("<tr data-domain=") == len(pak_rus_events) and "http" not in page
    assert 'data-era="Cold War"' in page and 'data-date="1971-12-01"' in page
    assert '<a href="#ref-1" class="bl-ref">[1]</a>' in page and len(listing) == 8
    assert "<style" not in page and "!important" not in page  # CSS lives in the template


def test_one_line_takes_the_first_sentence_and_cuts_long_ones():
    assert tables.one_line("Gen. Kayani met him. Then more.") == "Gen. Kayani met him."
    long = tables.one_line("word " * 60)
    assert len(long) <= tables.DESCRIPTION_CHARS + 2 and long.endswith(" …")
    assert tables.one_line(float("nan")) == ""


def csv_of(markup: str, name: str) -> pd.DataFrame:
    encoded = re.search(rf'data-dataset="{name}"[^>]*base64,([^"]+)"', markup)[1]
    return pd.read_csv(io.BytesIO(base64.b64decode(encoded)))


def test_downloads_embed_events_and_series_as_csv(pak_rus_events):
    index = measures.cumulative_index(pak_rus_events)
    markup = downloads.downloads_html(pak_rus_events, {"cumulative_index": index})
    events = csv_of(markup, "events")
    assert events["event_id"].tolist() == pak_rus_events["event_id"].tolist()
    assert csv_of(markup, "cumulative_index")["index"].iloc[-1] == pytest.approx(index["index"].iloc[-1])
    assert 'download="events.csv"' in markup and "8 rows" in markup


def test_above_the_row_limit_downloads_hold_monthly_aggregates(pak_rus_events):
    markup = downloads.downloads_html(pak_rus_events, {"cumulative_index":
                                      measures.cumulative_index(pak_rus_events)}, limit=3)
    monthly = csv_of(markup, "events")
    assert list(monthly.columns[:6]) == ["month", "domain", "n_events", "cooperation", "tension", "net"]
    assert monthly["n_events"].sum() == len(pak_rus_events)
    assert monthly["net"].sum() == pytest.approx(pak_rus_events["intensity"].sum())
    war = monthly.loc[monthly["month"] == "1971-12"].iloc[0]
    assert war["largest_event"] == "Arms to India in the 1971 war" and war["tension"] == -8
    assert 'data-aggregate="month"' in markup and "per month" in markup


def test_downloads_switch_to_monthly_aggregates_above_the_charts_threshold(pak_rus_events):
    """The 8 fixture events repeated: 1,000 rows are embedded as rows, 1,001 as months, by
    default (the number above which the charts aggregate)."""
    from bilateral.analysis.aggregate import AGGREGATE_ABOVE

    def repeated(n):
        rows = pak_rus_events.iloc[[i % len(pak_rus_events) for i in range(n)]]
        return rows.assign(event_id=[f"e{i}" for i in range(n)]).reset_index(drop=True)

    at, above = repeated(AGGREGATE_ABOVE), repeated(AGGREGATE_ABOVE + 1)
    assert not downloads.event_rows(at)[1] and len(downloads.event_rows(at)[0]) == 1_000
    monthly, aggregated = downloads.event_rows(above)
    assert aggregated and monthly["n_events"].sum() == 1_001 and len(monthly) == 8
    long = pd.DataFrame({"date": pd.date_range("1950-01-01", periods=1_001, freq="D"),
                         "index": range(1_001)})  # 1,001 days: January 1950 to September 1952
    assert not downloads.series_rows(long.head(1_000))[1]
    rows, rolled = downloads.series_rows(long)
    assert rolled and rows["index"].tolist()[-1] == 1_000 and len(rows) == 33


def test_brief_is_one_block_with_title_chart_findings_and_provenance():
    markup = brief_html("# Title &amp; more", '<figure class="bl-chart"></figure>',
                        "- **a** finding", "**Data as of** 1 May 2000")
    assert markup.startswith('<section class="brief"><div class="brief-title"><h1>Title &amp; more</h1>')
    assert "<li><strong>a</strong> finding</li>" in markup
    assert markup.endswith('<p class="brief-provenance"><strong>Data as of</strong> 1 May 2000</p></section>')


def test_tables_group_the_thousands_of_counts_unless_a_format_is_given(monkeypatch):
    from bilateral.report import document

    shown = []
    monkeypatch.setattr(document, "display", lambda obj: shown.append(obj.data))
    table = pd.DataFrame({"era": ["Cold War"], "n": [19615], "year": [1979], "net": [-3987.2]})
    document.show_table(table, {"era": "Era", "n": "Events", "year": "From", "net": "Net"},
                        formats={"year": str})
    cells = re.findall(r"<td>(.*?)</td>", shown[0])
    assert cells == ["Cold War", "19,615", "1979", "-3987.2"]  # floats keep their own format
