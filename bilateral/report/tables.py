"""The chronology, corrections and References list as HTML: numbered references, no raw URLs.

Rows carry ``data-*`` attributes (domain, era, ISO date, intensity) so the page's script can
filter and sort them; without the script the tables are plain and complete. The stylesheet is
the render template's (``table.bl-chronology``): nothing here emits CSS.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML, display

from bilateral.report.numbers import signed
from bilateral.report.references import ReferenceList, reference_links, references_html

DESCRIPTION_CHARS = 100  # a chronology row's description is its first sentence, cut to this
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])")
# a period after these ends no sentence ("Gen. Kayani", "Col. Ahmed", "M. Alam Brohi")
_ABBREVIATIONS = {"gen", "col", "lt", "maj", "capt", "adm", "brig", "mr", "mrs", "ms", "dr",
                  "st", "gov", "sen", "rep", "pres", "no", "vol", "mt", "jr", "sr", "vs", "u.s",
                  "u.n", "e.g", "i.e"}


def one_line(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Return the first sentence of a description, cut at a word before ``limit`` characters."""
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    first = text
    for match in _SENTENCE_END.finditer(text):
        word = text[:match.start()].rsplit(" ", 1)[-1].rstrip(".!?").lower()
        if word not in _ABBREVIATIONS and not (len(word) == 1 and word.isalpha()):
            first = text[:match.start()]
            break
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def era_of(dates: pd.Series, eras: pd.DataFrame) -> pd.Series:
    """Name the era of each date (empty where no era covers it)."""
    names = pd.Series("", index=dates.index, dtype=object)
    for era in eras.itertuples(index=False):
        names = names.mask(dates.between(era.start, era.end), era.era)
    return names


def chronology_html(chronicle: pd.DataFrame, eras: pd.DataFrame,
                    references: ReferenceList) -> str:
    """Return the chronology table: date, event and one-line description, domain, intensity,
    numbered references (cited into ``references``). Needs the columns of
    :func:`bilateral.analysis.selection.chronology`."""
    esc = html.escape
    when = pd.to_datetime(chronicle["date_iso"])
    era = era_of(when, eras)
    rows = []
    for row, era_name in zip(chronicle.itertuples(index=False), era, strict=False):
        numbers = references.cite(row.source)
        description = one_line(row.description)
        rows.append(
            f'<tr data-domain="{esc(row.domain)}" data-era="{esc(era_name)}" '
            f'data-date="{esc(row.date_iso)}" data-intensity="{row.intensity:.1f}" '
            f'data-event="{esc(row.event_id)}">'
            f'<td class="bl-date">{esc(row.date)}</td>'
            f'<td><span class="bl-title">{esc(row.title)}</span>'
            + (f'<span class="bl-desc">{esc(description)}</span>' if description else "")
            + f'</td><td>{esc(row.domain)}</td>'
            f'<td class="bl-num">{signed(row.intensity)}</td>'
            f'<td class="bl-refs">{reference_links(numbers)}</td></tr>')
    head = ("<thead><tr><th scope=\"col\" data-sort=\"date\">Date</th>"
            "<th scope=\"col\" data-sort=\"text\">Event</th>"
            "<th scope=\"col\" data-sort=\"text\">Domain</th>"
            "<th scope=\"col\" data-sort=\"intensity\" class=\"bl-num\">Intensity</th>"
            "<th scope=\"col\">Sources</th></tr></thead>")
    cols = "".join(f'<col class="bl-col-{c}">' for c in ("date", "event", "domain", "num", "refs"))
    return (f'<table class="bl-chronology bl-filterable" id="bl-chronology">'
            f'<colgroup>{cols}</colgroup>{head}<tbody>{"".join(rows)}</tbody></table>')


def corrections_html(corrected: pd.DataFrame, references: ReferenceList) -> str:
    """Return the corrections table: date, event, the correction, numbered references."""
    esc = html.escape
    rows = [f'<tr><td class="bl-date">{esc(str(r.date))}</td><td>{esc(r.title)}</td>'
            f'<td>{esc(r.note)}</td><td class="bl-refs">'
            f"{reference_links(references.cite(r.source))}</td></tr>"
            for r in corrected.itertuples(index=False)]
    cols = "".join(f'<col class="bl-col-{c}">' for c in ("date", "event", "note", "refs"))
    return (f'<table class="bl-corrections"><colgroup>{cols}</colgroup>'
            '<thead><tr><th scope="col">Date</th>'
            '<th scope="col">Event</th><th scope="col">Correction</th>'
            f'<th scope="col">Sources</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def show_chronology(chronicle: pd.DataFrame, eras: pd.DataFrame,
                    references: ReferenceList) -> None:
    """Display the chronology (nothing when it is empty)."""
    if not chronicle.empty:
        display(HTML(chronology_html(chronicle, eras, references)))


def show_corrections(corrected: pd.DataFrame, references: ReferenceList) -> None:
    """Display the corrections table (nothing when there is none)."""
    if not corrected.empty:
        display(HTML(corrections_html(corrected, references)))


def show_references(references: ReferenceList) -> None:
    """Display the References list: each source once, numbered, with a clickable link."""
    if len(references):
        display(HTML(references_html(references.references)))
