"""Printing in two parts: the body and the records (chronology, corrections, references) are laid
out separately, the records possibly ahead of time by a second kernel, and joined into one
tagged PDF whose header, footer, links and bookmarks span both parts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from bilateral.render import ahead, export, jobs, printing
from bilateral.render.jobs import Job

FIXTURES = Path(__file__).parent / "fixtures"

STYLE = """<style>
@page { size: A6; margin: 15mm 10mm;
  @top-center { content: string(report-title); font-size: 7pt }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 7pt } }
@page :first { @top-center { content: none } }
body { string-set: report-title attr(data-title); font-size: 9pt }
h2 { bookmark-level: 2 } .celltag_appendix { break-before: page }
</style>"""


def cell(tags: str, body: str, kind: str = "jp-Cell jp-CodeCell") -> str:
    """A cell as nbconvert writes it: a code cell's id comes before its class."""
    if kind == "bl-cell":  # our template's wrapper of a markdown cell
        return f'<div class="bl-cell {tags}">{body}</div>\n'
    return f'<div id="cell-id={len(body)}" class="{kind} {tags}">{body}</div>\n'


def page(records: str = "<h2 id='refs'>References</h2><ol><li id='r1'>Source one</li></ol>",
         screen_only: bool = True) -> str:
    """A report page as the exporter writes it: head, cells, a records section, colophon."""
    body = "".join("<p>Finding %d: the relationship warmed.</p>" % i for i in range(12))
    cells = (cell("celltag_remove-input", f"<h1>Brief</h1>{body}<p><a href='#r1'>[1]</a></p>")
             + cell("celltag_remove-input", "<h2>Methods</h2>" + body)
             + cell("celltag_records", "<h2>Chronology</h2>" + body * 2, "bl-cell")
             + cell("celltag_remove-input celltag_records", records))
    if screen_only:
        cells += cell("celltag_remove-input celltag_screen-only",
                      '<div class="bl-downloads"><h2>Download data</h2></div><p>screen</p>')
    return (f'<!DOCTYPE html><html lang="en"><head><title>T</title>{STYLE}</head>'
            '<body class="jp-Notebook" data-title="The report"><main>\n'
            '<header class="report-kicker">Kicker</header>\n' + cells
            + '<footer class="report-colophon">Rendered by bilateral</footer>\n</main>\n'
            '<script>1</script></body></html>')


def test_split_cuts_before_the_first_records_cell_and_keeps_the_head_in_both_parts():
    body, records = printing.split(export.printable(page()))
    assert "Brief" in body and "Methods" in body and "Chronology" not in body
    assert body.rstrip().endswith("</html>") and "Rendered by bilateral" not in body
    assert records.startswith(body[:body.index("<main>") + len("<main>")])  # same head
    assert "Kicker" not in records and "Brief" not in records
    assert "Chronology" in records and "Source one" in records
    assert records.index("Source one") < records.index("Rendered by bilateral")


def test_split_leaves_a_page_without_records_whole():
    whole = export.printable(page().replace("celltag_records", "celltag_other"))
    assert printing.split(whole) == (whole, None)


def test_printing_drops_a_screen_only_cell_as_if_it_were_not_there():
    printed = export.printable(page())
    assert "Download data" not in printed and "screen" not in printed
    assert "celltag_screen-only" not in printed
    # the records part is the same HTML whether the screen-only cell was in the notebook or not
    assert printing.records_part(page()) == printing.records_part(page(screen_only=False))


def test_short_notebook_keeps_the_parameters_setup_and_records_cells_in_order():
    notebook = nbformat.read(FIXTURES / "render" / "interactive.ipynb", as_version=4)
    short = ahead.short_notebook(notebook)
    kept = [set(c.metadata.get("tags", [])) & ahead.KEPT_TAGS for c in short.cells]
    assert all(kept) and len(short.cells) < len(notebook.cells)
    assert [c.id for c in short.cells] == [c.id for c in notebook.cells
                                           if set(c.metadata.get("tags", [])) & ahead.KEPT_TAGS]
    assert sum("records" in tags for tags in kept) == 4
    assert notebook.cells[-1].id not in {c.id for c in short.cells}  # the downloads
    for c in notebook.cells:
        c.metadata["tags"] = [t for t in c.metadata.get("tags", []) if t != "records"]
    assert ahead.short_notebook(notebook) is None


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def test_joined_pdf_numbers_every_page_of_both_parts_and_links_across_them(tmp_path):
    target = tmp_path / "joined.pdf"
    pages = printing.to_pdf(page(), target, base_url=tmp_path)
    reader = PdfReader(target)
    assert pages == len(reader.pages) >= 4
    texts = [p.extract_text() for p in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {pages}" in text, text
        assert text.count("page ") == 1  # one footer: the parts' own were replaced
        assert ("The report" in text) == (number > 1)  # the running header, not on page 1
    first_records = next(i for i, t in enumerate(texts) if "Chronology" in t)
    assert first_records > 0 and "Methods" in texts[first_records - 1]
    assert "Rendered by bilateral" in texts[-1]
    # the brief's [1] links to the reference in the records part
    links = [resolve(a) for p in reader.pages for a in p.get("/Annots", [])]
    internal = [a for a in links if "/Dest" in a or "/D" in resolve(a.get("/A", {}))]
    assert internal
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root["/Lang"]) == "en"
    titles = []
    stack = list(reader.outline)
    while stack:
        entry = stack.pop(0)
        if isinstance(entry, list):
            stack[:0] = entry
        else:
            titles.append(entry.title)
    assert titles == ["Brief", "Methods", "Chronology", "References"]


def test_records_laid_out_ahead_are_numbered_and_headed_as_if_laid_out_with_the_body(tmp_path):
    """With the records laid out ahead, the body is laid out with a blank page for each of
    theirs at its end: the PDF reads page for page as the one printed without them."""
    records = printing.records_part(page())
    early = printing.lay_out(records, tmp_path)
    count = printing.to_pdf(page(), tmp_path / "ahead.pdf", base_url=tmp_path,
                            ahead=(records, early))
    printing.to_pdf(page(), tmp_path / "plain.pdf", base_url=tmp_path)
    texts = [p.extract_text() for p in PdfReader(tmp_path / "ahead.pdf").pages]
    assert texts == [p.extract_text() for p in PdfReader(tmp_path / "plain.pdf").pages]
    assert count == len(texts) > len(early.pages)
    for number, text in enumerate(texts, start=1):
        assert text.count("page ") == 1 and f"page {number} of {count}" in text, text
        assert ("The report" in text) == (number > 1)


def test_records_laid_out_ahead_are_used_only_when_they_are_the_pages_own(tmp_path):
    records = printing.records_part(page())
    decoy = records.replace("Source one", "Laid out ahead")
    early = printing.lay_out(decoy, tmp_path)

    printing.to_pdf(page(), tmp_path / "used.pdf", base_url=tmp_path,
                    ahead=(records, early))  # claims to be the page's records: used as it is
    used = "".join(p.extract_text() for p in PdfReader(tmp_path / "used.pdf").pages)
    assert "Laid out ahead" in used and "Source one" not in used

    printing.to_pdf(page(), tmp_path / "again.pdf", base_url=tmp_path,
                    ahead=(decoy, early))  # differs from the page's records: laid out again
    again = "".join(p.extract_text() for p in PdfReader(tmp_path / "again.pdf").pages)
    assert "Source one" in again and "Laid out ahead" not in again


def test_a_head_that_differs_does_not_count_as_a_difference(tmp_path):
    records = printing.records_part(page())
    other_head = records.replace("<title>T</title>", "<title></title>").replace(
        'data-title="The report"', 'data-title=""')
    early = printing.lay_out(other_head.replace("Source one", "Early"), tmp_path)
    printing.to_pdf(page(), tmp_path / "used.pdf", base_url=tmp_path, ahead=(other_head, early))
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "used.pdf").pages)
    assert "Early" in text and "The report" in text  # the header still has the page's title


def job_for(notebook: Path, tmp_path: Path, parameters: dict) -> Job:
    return Job("t", str(notebook), parameters, str(tmp_path / "out"), ("html", "pdf"),
               str(Path.cwd()), None, str(tmp_path / "stage"), 0, True)


@pytest.mark.slow
def test_the_records_laid_out_ahead_are_the_finished_pages_own(tmp_path):
    """The short run of the interactive fixture gives the same records part as the full run."""
    from concurrent.futures import Future

    import papermill

    render = FIXTURES / "render"
    notebook = render / "interactive.ipynb"
    parameters = {"events_path": str(render / "real_events.csv")}
    exporter: Future = Future()
    exporter.set_result(export)
    job = job_for(notebook, tmp_path, parameters)
    created = export.now()
    early = ahead.Ahead(job, exporter, created)
    full = papermill.execute_notebook(str(notebook), None, parameters=parameters,
                                      progress_bar=False)
    laid_out = early.result()
    assert laid_out is not None
    html, document = laid_out
    finished = printing.records_part(export.to_html(full, "A title", job, created))
    assert printing._content(html) == printing._content(finished)
    assert len(document.pages) >= 1


@pytest.mark.slow
def test_stopping_the_records_run_stops_its_kernel(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import time\ntime.sleep(60)", metadata={"tags": ["setup"]}),
        nbformat.v4.new_markdown_cell("## Chronology", metadata={"tags": ["records"]})])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = tmp_path / "slow.ipynb"
    path.write_text(json.dumps(notebook))
    from concurrent.futures import Future

    exporter: Future = Future()
    exporter.set_result(export)
    early = ahead.Ahead(job_for(path, tmp_path, {}), exporter, export.now())
    deadline = time.monotonic() + 60
    while early._kernel_pid is None and time.monotonic() < deadline:
        time.sleep(0.1)
    pid = early._kernel_pid
    assert pid
    early.stop()
    assert early.result() is None  # the run ends, well before its cell's minute is up
    assert time.monotonic() < deadline
    import psutil

    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_split_finds_a_records_code_cell_whatever_the_order_of_its_attributes():
    code_first = page().replace('<div class="bl-cell celltag_records">',
                                '<div id="cell-id=c" class="jp-Cell jp-CodeCell celltag_records">')
    body, records = printing.split(export.printable(code_first))
    assert records is not None and "Chronology" in records and "Chronology" not in body


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_side_work_runs_below_the_kernels_priority_and_so_do_its_processes():
    """The records run and the background imports lower their own thread's priority, which
    the kernel they start inherits; the rest of the worker keeps its own."""
    seen = {}

    def side_work():
        jobs.lower_priority()
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        seen["child"] = int(subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"],
                                           capture_output=True, text=True, check=True).stdout)

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=side_work)
    thread.start()
    thread.join()
    assert seen["thread"] == seen["child"] == max(jobs.NICE, before)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


@pytest.mark.parametrize(("workers", "variants", "cores", "spare"), [
    (2, 1, 2, True),    # one report on two cores: the second lays the records out
    (4, 1, 2, True),
    (2, 7, 2, False),   # a batch that fills both cores
    (1, 7, 2, False),   # --jobs 1 keeps to one core
    (1, 1, 2, False),
    (2, 1, 1, False),   # one core
    (0, 1, 2, False),   # fewer than one worker counts as one
])
def test_records_are_laid_out_ahead_only_on_a_core_the_batch_may_use_and_leaves_idle(
        workers, variants, cores, spare):
    from bilateral.render import pool

    assert pool.spare_core(workers, variants, cores) is spare


def test_a_batch_on_two_cores_lays_out_its_last_reports_records_ahead(tmp_path):
    """The report started last runs while the others finish, then alone: the core they free
    lays its records out. A batch that leaves a core idle does it for every report; --jobs 1
    and one core never."""
    from bilateral.render import pool

    batch = [job_for(Path("n.ipynb"), tmp_path, {}) for _ in range(3)]
    assert [j.ahead for j in pool.with_ahead(batch, 2, 2)] == [False, False, True]
    assert [j.ahead for j in pool.with_ahead(batch, 4, 8)] == [True, True, True]
    assert [j.ahead for j in pool.with_ahead(batch, 1, 2)] == [False] * 3
    assert [j.ahead for j in pool.with_ahead(batch, 2, 1)] == [False] * 3


def test_a_batch_starts_the_reports_that_took_longest_last_time_first(tmp_path):
    from dataclasses import replace

    from bilateral.render import manifest, pool

    jobs = [replace(job_for(Path("n.ipynb"), tmp_path, {}), id=name)
            for name in ("short", "new", "long", "newer", "middle")]
    records = {"short": {"seconds": 6.1}, "long": {"seconds": 9.8}, "middle": {"seconds": 7},
               "newer": {"seconds": "9"}, "gone": {"seconds": 99}, "odd": [1]}
    seconds = manifest.seconds_taken(records)
    assert seconds == {"short": 6.1, "long": 9.8, "middle": 7.0, "gone": 99.0}
    assert [j.id for j in pool.launch_order(jobs, seconds)] == [
        "new", "newer", "long", "middle", "short"]  # never rendered first, as given


CHART = """<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="120pt" viewBox="0 0 300 120">
<g style="font: 10px 'DejaVu Sans'"><text x="10" y="20">Cooperation rose</text>
<text x="150" y="50" style="text-anchor: middle">Tension 1971</text>
<text x="290" y="70" style="text-anchor: end">Since 2014</text>
<text transform="translate(20 110) rotate(-90)">Intensity</text>
<text x="40 60 80" y="100">abc</text><text x="200" y="100" dx="2">xyz</text></g></svg>"""


def chart_pdf(target: Path) -> Path:
    """Print a page holding one SVG chart whose text runs are placed in each way matplotlib
    and hand-written SVG place them."""
    import base64

    src = "data:image/svg+xml;base64," + base64.b64encode(CHART.encode()).decode()
    html = f'<html lang="en"><body><img alt="A chart" src="{src}" style="width: 300pt"></body></html>'
    printing.lay_out(html, target.parent).write_pdf(str(target), pdf_variant=printing.PDF_VARIANT)
    return target


def shown_texts(target: Path) -> int:
    """Count the PDF's text-showing operations, form XObjects (anchored runs) included."""
    from pypdf.generic import ContentStream

    reader = PdfReader(target)
    count, todo = 0, [reader.pages[0]]
    while todo:
        holder = todo.pop()
        content = holder.get_contents() if hasattr(holder, "get_contents") else holder
        for _, operator in ContentStream(content, reader).operations:
            count += operator in (b"Tj", b"TJ")
        resources = resolve(holder.get("/Resources", {}))
        todo += [resolve(x) for x in resolve(resources.get("/XObject", {})).values()]
    return count


def word_boxes(target: Path) -> list[tuple[str, list[float]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True,
                         text=True, check=True).stdout
    import re

    return [(word, [float(v) for v in box]) for *box, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (.ci/run installs it)")
def test_svg_text_runs_are_drawn_whole_where_nothing_places_their_letters(tmp_path, monkeypatch):
    import weasyprint.svg

    printing.whole_text_runs()
    printing.whole_text_runs()  # idempotent: wraps WeasyPrint's drawing once
    whole = chart_pdf(tmp_path / "whole.pdf")
    draw = weasyprint.svg.TAGS["text"]
    assert draw.letter_by_letter is not draw and weasyprint.svg.text is draw
    monkeypatch.setattr(weasyprint.svg, "text", draw.letter_by_letter)
    monkeypatch.setitem(weasyprint.svg.TAGS, "text", draw.letter_by_letter)
    letters = chart_pdf(tmp_path / "letters.pdf")
    # one text operation per whole run; "abc" (three x) and "xyz" (dx) letter by letter
    assert shown_texts(whole) == 4 + 3 + 3
    assert shown_texts(letters) == len("CooperationroseTension1971Since2014Intensityabcxyz")
    # the same words in the same places: anchors, rotation and positions hold, to kerning
    drawn, expected = word_boxes(whole), word_boxes(letters)
    assert [w for w, _ in drawn] == [w for w, _ in expected]
    assert "Tension" in dict(drawn) and "Intensity" in dict(drawn)
    for (word, box), (_, box_expected) in zip(drawn, expected, strict=True):
        assert box == pytest.approx(box_expected, abs=1.0), word
