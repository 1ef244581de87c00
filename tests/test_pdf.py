"""The PDF as a reader gets it: a brief on page 1 with a vector chart, links for references,
tags for assistive technology, and pages that are not left half empty (measured on images)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from bilateral.render.pages import blank_fraction, blank_fractions, page_images

POPPLER = shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(POPPLER is None, reason="pdftoppm is not installed "
                                   "(apt-get install poppler-utils; .ci/run does)")


@pytest.fixture(scope="module")
def pdf(interactive_report) -> Path:
    return interactive_report / "interactive.pdf"


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_elements(reader: PdfReader):
    """Yield every structure element of the tagged PDF, depth first."""
    stack = [resolve(reader.trailer["/Root"]["/StructTreeRoot"])]
    while stack:
        node = resolve(stack.pop())
        if not hasattr(node, "get"):
            continue
        yield node
        kids = node.get("/K")
        kids = resolve(kids)
        if isinstance(kids, list):
            stack.extend(kids)
        elif kids is not None:
            stack.append(kids)


def image_xobjects(reader: PdfReader) -> int:
    """Count raster images anywhere in the PDF (inside form XObjects too)."""
    count, seen, stack = 0, set(), [page["/Resources"] for page in reader.pages]
    while stack:
        resources = resolve(stack.pop())
        for xobject in resolve(resources.get("/XObject", {})).values():
            ref = getattr(xobject, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            xobject = resolve(xobject)
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif "/Resources" in xobject:
                stack.append(xobject["/Resources"])
    return count


@pytest.mark.slow
def test_page_one_holds_the_headline_chart_as_text_and_the_findings(pdf):
    reader = PdfReader(pdf)
    first = reader.pages[0].extract_text()
    # the chart's own words (title, axis label, legend, era names): text, not pixels
    for words in ("Cooperation (up) and tension (down)", "Summed intensity", "Year",
                  "Net balance", "Since 2014"):
        assert words in first, words
    assert "events from 1 Jan 2014" in first and "Where it stands" in first  # the findings
    assert "Data as of 1 Aug 2017" in first  # the provenance line
    assert "Event timeline" not in first  # the body starts on page 2
    assert image_xobjects(reader) == 0  # nothing rasterised


@pytest.mark.slow
def test_fonts_are_embedded(pdf):
    reader = PdfReader(pdf)
    fonts = [resolve(f) for page in reader.pages
             for f in resolve(page["/Resources"]).get("/Font", {}).values()]
    assert fonts
    for font in fonts:
        descendant = resolve(font["/DescendantFonts"][0]) if "/DescendantFonts" in font else font
        descriptor = resolve(descendant["/FontDescriptor"])
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


@pytest.mark.slow
def test_references_are_links(pdf):
    reader = PdfReader(pdf)
    uris, internal = set(), 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = resolve(annotation)
            if annotation.get("/Subtype") != "/Link":
                continue
            action = resolve(annotation.get("/A", {}))
            if "/URI" in action:
                uris.add(str(action["/URI"]))
            elif "/Dest" in annotation or "/D" in action:
                internal += 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "https://" not in text and "http://" not in text  # no raw URLs printed
    assert "https://www.dawn.com/news/1277434" in uris or len(uris) >= 10
    assert internal >= 14  # every chronology row links its numbered references


@pytest.mark.slow
def test_pdf_is_tagged_with_language_and_figure_alt_text(pdf):
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and resolve(root["/MarkInfo"])["/Marked"]
    assert str(root["/Lang"]) == "en"
    elements = list(struct_elements(reader))
    kinds = {str(e.get("/S")) for e in elements}
    assert {"/Document", "/H1", "/H2", "/Table", "/Figure", "/Link"} <= kinds
    alts = [str(e["/Alt"]) for e in elements if e.get("/S") == "/Figure" and "/Alt" in e]
    assert sorted(alts) == ["Cooperation (up) and tension (down)", "Every event at its date"]
    assert reader.metadata.title and reader.outline  # metadata and bookmarks stay


def opening(page, title: str) -> str:
    """Return the first line of a page's body (not the running header with the title)."""
    lines = [line for line in page.extract_text().splitlines() if line.strip() != title]
    return lines[0] if lines else ""


@pytest.mark.slow
def test_appendix_starts_a_new_page(pdf):
    reader = PdfReader(pdf)
    openings = [opening(page, reader.metadata.title) for page in reader.pages]
    assert "Chronology" in openings, openings


def _page_with_block(tmp_path, height_mm: float) -> Path:
    import weasyprint  # noqa: PLC0415 - 1.2 s, for the few tests that print

    html = ('<html lang="en"><style>@page { size: A4; margin: 22mm 18mm 20mm }</style><body>'
            f'<div style="height:{height_mm}mm;background:#333"></div></body></html>')
    target = tmp_path / f"block{height_mm}.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


@needs_poppler
@pytest.mark.parametrize("height_mm", [255, 170, 85, 0])
def test_blank_fraction_measures_the_empty_part_of_a_page(tmp_path, height_mm):
    content_mm = 297 - 22 - 20
    (image,) = page_images(_page_with_block(tmp_path, height_mm), dpi=30)
    assert blank_fraction(image, 30) == pytest.approx(1 - height_mm / content_mm, abs=0.03)


def test_blank_fraction_counts_short_gaps_as_content():
    dpi = 30
    page = np.full((351, 248), 255, dtype=np.uint8)  # A4 at 30 dpi
    top = round(22 / 25.4 * dpi)
    for line in range(top, 351 - 30, 6):  # text lines 3 px high, 3 px apart: a full page
        page[line:line + 3, 40:200] = 0
    assert blank_fraction(page, dpi) < 0.05
    page[200:] = 255  # the lower part left empty
    assert blank_fraction(page, dpi) > 0.4


@needs_poppler
@pytest.mark.slow
def test_no_body_page_is_more_than_a_third_empty(pdf):
    reader = PdfReader(pdf)
    fractions = blank_fractions(pdf)
    assert len(fractions) == len(reader.pages)
    starts_section = [opening(page, reader.metadata.title) in ("Chronology", "References")
                      for page in reader.pages]
    for number, fraction in enumerate(fractions[:-1]):  # the last page may end anywhere
        if starts_section[number + 1]:
            continue  # the page before a new top-level section may end early
        assert fraction <= 1 / 3, f"page {number + 1} is {fraction:.0%} empty"


@pytest.fixture(scope="module")
def full_history(tmp_path_factory) -> Path:
    """The shipped full_history report, rendered to PDF (as `make report` does)."""
    from bilateral import cli
    from bilateral.data.paths import PARAMS_DIR

    out = tmp_path_factory.mktemp("full_history")
    assert cli.main(["render", str(PARAMS_DIR / "full_history.yaml"), "--out", str(out),
                     "--format", "pdf", "--jobs", "1"]) == 0
    return out / "full_history" / "full_history.pdf"


def section_pages(reader: PdfReader) -> dict[str, int]:
    """Map each top-level section (level-2 bookmark) to the page it starts on (1-based)."""
    pages: dict[str, int] = {}
    for entry in reader.outline:
        for child in entry if isinstance(entry, list) else []:
            if not isinstance(child, list):
                pages[child.title] = reader.get_destination_page_number(child) + 1
    return pages


@needs_poppler
@pytest.mark.slow
def test_full_history_body_fits_in_eight_pages_none_a_third_empty(full_history):
    reader = PdfReader(full_history)
    sections = section_pages(reader)
    appendix = sections["Appendix: tables behind the charts"]
    body = range(1, appendix)  # page 1 (the brief) up to the page before the appendix
    assert len(body) <= 8, f"the body runs to {len(body)} pages"
    assert all(sections[s] > sections["Appendix: tables behind the charts"]
               for s in ("Chronology", "Corrections", "References", "Methods"))
    fractions = blank_fractions(full_history)
    opens_section = set(sections.values())
    for page in body:
        if page + 1 in opens_section:
            continue  # the page before a new top-level section may end early
        assert fractions[page - 1] <= 1 / 3, f"page {page} is {fractions[page - 1]:.0%} empty"
    text = reader.pages[0].extract_text()
    assert "Cooperation (up) and tension (down)" in text  # the headline chart, as vector text
    assert "Warmest 5-year period" in text and "Data as of" in text
    assert image_xobjects(reader) == 0  # nothing rasterised
