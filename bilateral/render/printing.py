"""Print the report page to one tagged PDF (PDF/UA-1) with WeasyPrint, laid out in two parts.

The page is cut before its first cell tagged ``records``: the chronology, corrections and
references, the report's last section, which needs only the event table and the parameters.
Each part is laid out as a document of its own, and their pages are joined into one document
(``Document.copy``, WeasyPrint's documented way to combine documents) that is written once, so
the structure tree, bookmarks and links span the whole PDF. The running header and the "page N
of M" footer need the joined page count: the records part is laid out first (or was, ahead),
then the body with as many blank pages at its end as the records have, so that its own footers
count them, and each records page takes its margin boxes from its blank twin there.

Why two parts: a render worker with a core to spare lays the records part out while its kernel
still runs the notebook (``bilateral.render.ahead``), about 60% of the pages of a long
chronology. That layout is used only when its HTML is exactly the finished page's records part;
otherwise the part is laid out again here.

The cyclic garbage collector is paused while WeasyPrint works: its box trees hold millions of
objects, none of them garbage until the PDF is written, and collecting them took about 15% of
the time.

WeasyPrint draws each SVG ``<text>`` one letter at a time, a Pango layout and a text object per
letter, so that ``dx``, ``rotate`` and the like can place each one. The charts' text (ticks,
labels, titles) is placed as whole runs, and drawing it letter by letter took about half of the
charts' drawing time. ``whole_text_runs`` has WeasyPrint draw such a run as one piece: the same
glyphs, kerned as in the page's own text, and the PDF's text reads as words when copied.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bilateral.render.export import printable
from bilateral.render.jobs import RECORDS_TAG

PDF_VARIANT = "pdf/ua-1"  # tagged PDF: structure tree, document language, figure alt text
_RECORDS_CELL = re.compile(r'<div\b[^>]*\sclass="[^"]*\bcelltag_' + RECORDS_TAG + r'\b')
_MAIN = re.compile(r"<main\b[^>]*>")
_CLOSE = "\n</main>\n</body>\n</html>\n"
_SHEET = '<div class="bl-sheet" style="break-before: page"></div>'  # a blank page


def split(page: str) -> tuple[str, str | None]:
    """Cut a printable page before its first ``records`` cell: return the body part and the
    records part (None when the page has no such cell), each a whole HTML document with the
    page's head. Only the records part keeps the page's end (colophon)."""
    cell = _RECORDS_CELL.search(page)
    main = _MAIN.search(page)
    if not cell or not main or main.end() > cell.start():
        return page, None
    return page[:cell.start()] + _CLOSE, page[:main.end()] + page[cell.start():]


def records_part(page: str) -> str | None:
    """Return the records part of a report page as it is printed (see ``split``)."""
    return split(printable(page))[1]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Run(str):
    """An SVG text run that WeasyPrint's ``text`` drawing takes as one letter: it iterates
    as one piece."""

    def __iter__(self) -> Iterator[str]:
        yield str(self)


# What places the letters of a run one by one, where a run must be drawn letter by letter
_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")


def whole_text_runs() -> None:
    """Have WeasyPrint draw each SVG text run that nothing places letter by letter (one ``x``
    and one ``y`` at most, none of ``_PER_LETTER``) as one piece (see the module's docstring).
    Idempotent."""
    import weasyprint.svg  # noqa: PLC0415 - imported by render workers only (jobs.EXPORTER)
    from weasyprint.svg.utils import normalize  # noqa: PLC0415 - "1,2" is two numbers

    draw_text = weasyprint.svg.TAGS["text"]
    if hasattr(draw_text, "letter_by_letter"):
        return

    def text(svg: Any, node: Any, font_size: float) -> None:
        element = node._etree_node  # the run's XML element (private; WeasyPrint is pinned)
        if (not element.text or any(node.get(name) for name in _PER_LETTER)
                or any(len(normalize(node.get(axis)).split()) > 1 for axis in ("x", "y"))):
            return draw_text(svg, node, font_size)
        letters, element.text = element.text, _Run(element.text)
        try:
            return draw_text(svg, node, font_size)
        finally:
            element.text = letters

    text.letter_by_letter = draw_text  # type: ignore[attr-defined]
    # draw_node tells text (anchors, bounding boxes) by this module global, so both change
    weasyprint.svg.TAGS.update({tag: text for tag, draw in weasyprint.svg.TAGS.items()
                                if draw is draw_text})
    weasyprint.svg.text = text


def lay_out(html: str, base_url: Path) -> Any:
    """Lay one HTML document out with WeasyPrint, fetching nothing but ``data:`` URLs; return
    the ``weasyprint.Document``."""
    import weasyprint  # noqa: PLC0415 - imported by render workers only (jobs.EXPORTER)

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    with collector_paused():
        return weasyprint.HTML(string=html, base_url=str(base_url),
                               url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)


def to_pdf(page: str, target: Path, *, base_url: Path,
           ahead: tuple[str, Any] | None = None) -> int:
    """Print the report page to ``target``; return the number of pages.

    ``ahead`` is a records part laid out earlier, as ``(html, document)``; it is used when
    ``html`` is the page's own records part. Inline SVG charts are drawn as vectors, their
    text as text (``bilateral.render.export.printable``).
    """
    body, records = split(printable(page))
    part = None  # the records part: laid out ahead when that was the page's own, else now
    if (records is not None and ahead is not None and ahead[1].pages
            and _content(ahead[0]) == _content(records)):
        part = ahead[1]
    elif records is not None:
        part = lay_out(records, base_url)
    count = len(part.pages) if part is not None else 0
    front = lay_out(_with_blank_pages(body, count), base_url)
    pages = front.pages[:len(front.pages) - count]
    if part is not None:
        _furnish(part.pages, front.pages[-count:])
        pages += part.pages
    joined = front.copy(pages)
    whole_text_runs()
    with collector_paused():
        joined.write_pdf(str(target), pdf_variant=PDF_VARIANT)
    return len(pages)


def _content(part: str) -> str:
    """Return a part without its head: what differs between a part laid out early and the
    finished page's is the title and the time in the head, which feed the running header
    (taken from the body's blank pages) and the metadata (taken from the body part)."""
    main = _MAIN.search(part)
    return part[main.end():] if main else part


def _with_blank_pages(body: str, count: int) -> str:
    """Return the body part with ``count`` blank pages at its end (none: the part as it is),
    whose running header and footer the records pages take."""
    return body[:-len(_CLOSE)] + _SHEET * count + _CLOSE if count else body


def _furnish(pages: list, twins: list) -> None:
    """Give each page the margin boxes (running header, footer) of its blank twin."""
    from weasyprint.formatting_structure.boxes import MarginBox  # noqa: PLC0415

    for page, sheet in zip(pages, twins, strict=True):
        box = page._page_box  # the laid-out page (private; WeasyPrint is pinned)
        twin = sheet._page_box
        box.children = [child for child in box.children if not isinstance(child, MarginBox)] + [
            child for child in twin.children if isinstance(child, MarginBox)]
