"""Numbered references from the events' ``source`` field: each source listed once.

A ``source`` cell holds citations separated by `` ; ``. A citation is written
``Publisher, 'Title' (date), URL`` with any part but the first optional (``Chicago Tribune
(17 Aug 1988), URL``; ``Kremlin, 12 May 2011, URL``; ``Seed article ¶4`` for a print work).
Two citations are the same source when they share a URL, or, without one, the same text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

SEPARATOR = " ; "
_SPLIT = re.compile(r"\s;\s")
_URL = re.compile(r"(?:,\s*|^)(https?://\S+)\s*$")
_TITLE = re.compile(r",\s*'(.+)'(?=\s*(?:\(|,|$))")
_DATE = re.compile(r"\b(?:\d{1,2} [A-Z][a-z]{2,8}\.? )?(?:1[89]|20)\d\d\b")


@dataclass(frozen=True)
class Citation:
    """One cited source: who published it, its title and date when given, its link."""

    text: str  # the citation as written, without its URL
    publisher: str
    title: str = ""
    date: str = ""
    url: str = ""

    @property
    def key(self) -> str:
        """Identity of the source: its URL, else its text (case and spacing ignored)."""
        return self.url or " ".join(self.text.lower().split())


def parse_citation(raw: str) -> Citation:
    """Split one citation into publisher, title, date and URL (parts it lacks stay empty)."""
    raw = " ".join(raw.split())
    url_match = _URL.search(raw)
    url = url_match[1].rstrip(".,") if url_match else ""
    text = raw[:url_match.start()].strip(" ,") if url_match else raw
    title_match = _TITLE.search(text)
    title = title_match[1] if title_match else ""
    publisher = (text[:title_match.start()] if title_match else text.split(",")[0]).strip(" ,")
    publisher = re.sub(r"\s*\([^)]*\)\s*$", "", publisher) or publisher
    rest = text[title_match.end():] if title_match else text[len(publisher):]
    dates = _DATE.findall(rest)
    return Citation(text=text or url, publisher=publisher or _host(url), title=title,
                    date=dates[-1] if dates else "", url=url)


def split_source(source: str) -> list[Citation]:
    """Return the citations of one ``source`` cell, in order (none for an empty cell)."""
    if not isinstance(source, str) or not source.strip():
        return []
    return [parse_citation(part) for part in _SPLIT.split(source) if part.strip()]


class ReferenceList:
    """The report's references, numbered in order of first citation as tables cite them."""

    def __init__(self) -> None:
        self.references: list[Citation] = []
        self._numbers: dict[str, int] = {}

    def cite(self, source: str) -> list[int]:
        """Return the numbers of one ``source`` cell's citations, numbering new sources."""
        row: list[int] = []
        for citation in split_source(source):
            if citation.key not in self._numbers:
                self.references.append(citation)
                self._numbers[citation.key] = len(self.references)
            if self._numbers[citation.key] not in row:
                row.append(self._numbers[citation.key])
        return row

    def __len__(self) -> int:
        return len(self.references)


def number_references(sources: Iterable[str]) -> tuple[list[Citation], list[list[int]]]:
    """Number the distinct sources in order of first citation.

    Returns the references (number ``i`` is ``references[i - 1]``) and, for each source cell,
    the numbers it cites (each once, in its own order).
    """
    listing = ReferenceList()
    cited = [listing.cite(source) for source in sources]
    return listing.references, cited


def reference_links(numbers: list[int], anchor: str = "ref") -> str:
    """Return ``[1] [4]`` as HTML links to the References list's items."""
    return " ".join(f'<a href="#{anchor}-{n}" class="bl-ref">[{n}]</a>' for n in numbers)


def references_html(references: list[Citation], anchor: str = "ref") -> str:
    """Return the References list as an HTML ordered list: each source once, with its link
    (shown as the site's name and path start, never as a raw URL)."""
    if not references:
        return ""
    items = []
    for n, ref in enumerate(references, start=1):
        link = (f' <a href="{html.escape(ref.url)}" class="bl-ref-link">'
                f"{html.escape(_host(ref.url))}</a>") if ref.url else ""
        items.append(f'<li id="{anchor}-{n}" value="{n}">{html.escape(ref.text)}.{link}</li>')
    return f'<ol class="bl-references">{"".join(items)}</ol>'


def references_frame(references: list[Citation]) -> pd.DataFrame:
    """Return the references as a table (number, publisher, title, date, url, citation)."""
    return pd.DataFrame([{"number": n, "publisher": r.publisher, "title": r.title,
                          "date": r.date, "url": r.url, "citation": r.text}
                         for n, r in enumerate(references, start=1)],
                        columns=["number", "publisher", "title", "date", "url", "citation"])


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    return host.removeprefix("www.") if host else url
