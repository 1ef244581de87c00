"""bilateral.render.export without a kernel: long words in the page's text get break
opportunities, and a failed export never replaces the previous good outputs."""

import base64
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bilateral.render import export, worker
from bilateral.render.export import breakable
from bilateral.render.jobs import Job

nbformat = export.nbformat  # imported after export, which skips a slow optional import

URL = "https://www.example.com/some/long/path/to/a/page_name.html?x=1&amp;y=2"


def test_long_urls_break_after_separators_every_16_or_more_characters():
    assert breakable(f"<td>{URL}</td>") == (
        "<td>https://www.example.<wbr>com/some/long/path/<wbr>to/a/page_name.html?<wbr>"
        "x=1&amp;y=2</td>")


def test_breaks_only_add_wbr_and_keep_every_piece_long():
    page = f"<p>See {URL} and 1971-12-03_arms-to-india_in-the-war_of-1971 here</p>"
    broken = breakable(page)
    assert broken.replace("<wbr>", "") == page
    for word in broken.split():
        pieces = word.removeprefix("<p>").removesuffix("</p>").split("<wbr>")
        assert all(len(p) >= 16 for p in pieces[:-1]), pieces
    assert broken.count("<wbr>") == 5


def test_print_leaves_out_the_downloads_block_and_the_script_only():
    page = ('<main><h2>Chart</h2><svg><title>T</title></svg><div class="bl-downloads"><h2>'
            'Download data</h2><ul><li><a href="data:text/csv;base64,QQ==">Events</a></li>'
            '</ul></div><p>Methods</p></main><script>var x = "<b>";</script></body>')
    assert export.printable(page) == ("<main><h2>Chart</h2><svg><title>T</title></svg>"
                                      "<p>Methods</p></main></body>")


def test_print_draws_each_chart_from_an_svg_image_of_the_same_size_and_alt_text():
    # as nbconvert writes an inline chart: names lowercased (viewbox, clippath, patternunits)
    chart = ('<svg aria-labelledby="c-title" class="bl-chart-svg" height="302.4pt" role="img" '
             'viewbox="0 0 482.4 302.4" width="482.4pt" xmlns="http://www.w3.org/2000/svg">'
             '<title id="c-title">Tension &amp; cooperation</title><defs><clippath id="p">'
             '<rect height="9" width="9"></rect></clippath><pattern patternunits="userSpaceOnUse">'
             '</pattern></defs><text>the viewbox word stays</text></svg>')
    icon = '<svg viewbox="0 0 1 1"><path d="M0 0"></path></svg>'  # not a chart: kept inline
    printed = export.printable(f"<figure>{chart}<figcaption>C</figcaption></figure>{icon}")
    image = re.fullmatch(r'<figure><img class="bl-chart-svg" alt="Tension &amp; cooperation" '
                         r'style="width: 482.4pt" src="data:image/svg\+xml;base64,([^"]+)">'
                         r"<figcaption>C</figcaption></figure>" + re.escape(icon), printed)
    assert image, printed
    svg = base64.b64decode(image[1]).decode()
    assert svg == (chart.replace("viewbox=", "viewBox=").replace("clippath", "clipPath")
                   .replace("patternunits", "patternUnits"))
    assert "the viewbox word stays" in svg  # text is not a name to fix
    ET.fromstring(svg)  # a well-formed SVG file


def _declarations(element) -> dict:
    """An element's presentation attributes and style declarations, as WeasyPrint reads them
    (a style declaration overrides the attribute of the same name)."""
    found = {k: v for k, v in element.attrib.items() if k != "style"}
    for declaration in filter(str.strip, element.get("style", "").split(";")):
        name, _, value = declaration.partition(":")
        found[name.strip()] = value.strip()
    return found


def test_printed_charts_carry_their_styles_as_presentation_attributes():
    # as matplotlib writes a chart: a stylesheet that sets line joins on every element, and
    # one element that has both an attribute and a declaration of the same property
    chart = ('<svg xmlns="http://www.w3.org/2000/svg" style="width: 10pt" viewBox="0 0 9 9">'
             '<defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}'
             '</style></defs><g style="fill: #ffffff; stroke: #1f77b4;stroke-linecap: square">'
             '<path d="M 0 0 L 9 9" clip-path="url(#p)" style="stroke-width: 1.5; '
             'stroke-linejoin: miter"/><path d="M 1 1" fill="red" style="fill: blue"/>'
             '<text style="font-family: \'DejaVu Sans\', sans-serif; font-size: 8px">a;b</text>'
             '<path d="M 2 2" style="fill: red !important"/>'
             '<path d="M 3 3" style="-x-vendor: 1; fill: green"/></g></svg>')
    printed = export.presentation_attributes(chart)
    before, after = ET.fromstring(chart), ET.fromstring(printed)  # still well-formed XML
    assert after.get("style") == "width: 10pt"  # the root's size is kept as it is
    pairs = list(zip(before.iter(), after.iter(), strict=True))
    assert all(_declarations(old) == _declarations(new) for old, new in pairs[1:])
    group, line = after.find("{*}g"), after.find("{*}g/{*}path")
    assert group.get("fill") == "#ffffff" and group.get("style") == "stroke-linecap: square"
    assert line.get("stroke-width") == "1.5" and line.get("style") == "stroke-linejoin: miter"
    assert 'fill="red" style="fill: blue"' in printed  # never the same attribute twice
    assert 'style="fill: red !important"' in printed
    assert 'fill="green" style="-x-vendor: 1"' in printed  # not a name an attribute can have
    assert 'font-family="\'DejaVu Sans\', sans-serif" font-size="8px">a;b</text>' in printed
    # an inline chart is printed this way
    assert export.presentation_attributes(export.standalone_svg(chart)) == printed


def test_markup_short_words_and_words_without_separators_are_left_alone():
    page = (f'<a href="{URL}">short words only</a><style>.{"x" * 40}-{"y" * 20} {{}}</style>'
            f'<script>var {"z" * 40}_{"q" * 20};</script><p>{"a" * 50}</p>'
            "<p>twenty-seven-characters-ok</p>")
    assert breakable(page) == page


def test_entities_are_never_split():
    text = "&amp;".join(["abcdefghij"] * 6)
    broken = breakable(f"<td>{text}</td>")
    assert "<wbr>" in broken
    assert all("&amp;" in p or "&" not in p for p in broken.split("<wbr>"))
    assert broken.replace("<wbr>", "") == f"<td>{text}</td>"


@pytest.fixture
def job(tmp_path) -> Job:
    return Job(id="v", notebook=str(tmp_path / "nb.ipynb"), parameters={"title": "V"},
               out_dir=str(tmp_path / "out" / "v"), formats=("html", "pdf"), cwd=str(tmp_path),
               timeout=60)


def _executed(job: Job, path: Path) -> "nbformat.NotebookNode":
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title V")])
    nbformat.write(notebook, path)
    return notebook


def _png(width: int, height: int) -> str:
    import base64
    import io

    import matplotlib.image

    buffer = io.BytesIO()
    matplotlib.image.imsave(buffer, [[[0.1, 0.2, 0.3]] * width] * height, format="png")
    return base64.b64encode(buffer.getvalue()).decode()


def _with_outputs(*outputs) -> "nbformat.NotebookNode":
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data) for data in outputs]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), cell])


@pytest.mark.parametrize(("size", "expected"), [((720, 300), (150, 360)),
                                                ((200, 100), (100, 200))])
def test_the_thumbnail_is_the_first_figure_at_most_360_pixels_wide(tmp_path, size, expected):
    import matplotlib.image

    notebook = _with_outputs({"text/plain": "no figure"}, {"image/png": _png(*size)},
                             {"image/png": _png(50, 50)})
    target = tmp_path / "thumb.png"
    assert export.write_thumbnail(notebook, target, tmp_path / "thumb.svg") == "thumb"
    assert matplotlib.image.imread(target).shape[:2] == expected


def test_a_figure_stored_as_lines_makes_a_thumbnail_and_none_makes_none(tmp_path):
    import matplotlib.image

    encoded = _png(720, 300)
    lines = [encoded[i:i + 76] + "\n" for i in range(0, len(encoded), 76)]
    assert export.write_thumbnail(_with_outputs({"image/png": lines}), tmp_path / "a.png",
                                  tmp_path / "a.svg") == "thumb"
    assert matplotlib.image.imread(tmp_path / "a.png").shape[:2] == (150, 360)
    assert export.write_thumbnail(_with_outputs({"text/plain": "x"}), tmp_path / "b.png",
                                  tmp_path / "b.svg") is None
    assert not (tmp_path / "b.png").exists()


def test_html_shows_prose_and_outputs_only(job):
    code = nbformat.v4.new_code_cell("secret_code()", execution_count=3)
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<b>shown</b>"})]
    params = nbformat.v4.new_code_cell("hidden_parameter = 1", metadata={"tags": ["parameters"]})
    params.outputs = [nbformat.v4.new_output("stream", text="parameter output")]
    tagged = {tag: nbformat.v4.new_code_cell(f"{tag}_source", metadata={"tags": [tag]})
              for tag in ("remove-cell", "remove-input", "remove-output", "injected-parameters")}
    for tag, cell in tagged.items():
        cell.outputs = [nbformat.v4.new_output("stream", text=f"{tag}_output")]
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# The title\n\nProse with https://example.com/a/long/"
                                      "path/to/somewhere/that/goes/on.html"),
        params, code, *tagged.values()])
    page = export.to_html(notebook, "The <title>", job)
    assert "<title>The &lt;title&gt;</title>" in page
    assert "<b>shown</b>" in page and "Prose with" in page
    assert "secret_code" not in page and "In&nbsp;[" not in page and "Out[" not in page
    assert "hidden_parameter" not in page and "parameter output" not in page
    for gone in ("remove-cell_source", "remove-cell_output", "remove-input_source",
                 "remove-output_output", "remove-output_source", "injected-parameters_output"):
        assert gone not in page, gone
    assert "remove-input_output" in page
    assert "<wbr>" in page  # long words get break opportunities
    assert "Report v rendered from nb.ipynb" in page and "bilateral" in page
    assert "<script" in page.lower() and "src=" not in page.split("<script", 1)[1][:20]


@pytest.mark.parametrize(("outputs", "cells", "expected"), [
    ([{"text/markdown": "# From *markdown* output"}], [], "From *markdown* output"),
    ([{"text/html": '<h1 class="x">From <em>HTML</em> &amp; more</h1>'}], [],
     "From HTML & more"),
    ([{"text/plain": "# not a heading"}], ["# From a cell ##"], "From a cell"),
    ([], [], "V"),
])
def test_report_title_is_the_first_level_1_heading(job, outputs, cells, expected):
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [nbformat.v4.new_output("display_data", data=data) for data in outputs]
    hidden = nbformat.v4.new_markdown_cell("# Hidden", metadata={"tags": ["remove-cell"]})
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Second level"), hidden, code,
        *map(nbformat.v4.new_markdown_cell, cells)])
    assert export.report_title(notebook, job) == expected
    untitled = Job(**{**job.__dict__, "parameters": {}})
    if expected == "V":
        assert export.report_title(notebook, untitled) == "v"


def test_failure_reasons_are_one_line():
    from papermill.exceptions import PapermillExecutionError

    def failed(ename, evalue):
        return worker.failure_reason(PapermillExecutionError(3, 7, "src", ename, evalue, []))

    assert failed("ParameterError", "\x1b[31mdyad 'X'\nis bad.\x1b[0m") == "dyad 'X' is bad."
    assert failed("KeyError", "'x'\n  more") == "KeyError: 'x' more (cell [7])"
    assert failed("bilateral.data.events.DataError",
                  "\x1b[1m/d/e.csv: 1 problem\x1b[0m\n  /d/e.csv: line 2: bad") == (
        "bad event table /d/e.csv: 1 problem; `bilateral validate /d/e.csv` lists them")
    assert worker.failure_reason(OSError("disk\n full")) == "OSError: disk full"




def _figure_output(markup):
    return nbformat.v4.new_output("display_data", data={"text/html": markup},
                                  metadata={"bilateral": {"figure": True}})


def test_the_thumbnail_of_an_inline_svg_chart_is_the_chart_itself(tmp_path):
    svg = '<svg width="10" height="5" viewBox="0 0 10 5"><rect width="10" height="5"/></svg>'
    plain = nbformat.v4.new_output("display_data", data={"text/html": "<svg><g/></svg>"})
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [plain,  # an SVG that is not a figure of the report: not the thumbnail
                    _figure_output(["<figure>", f"<div>{svg}</div>", "</figure>"])]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    png, target = tmp_path / "t.png", tmp_path / "t.svg"
    assert export.write_thumbnail(notebook, png, target) == "thumb_svg"
    assert not png.exists()
    assert target.read_text(encoding="utf-8") == svg.replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    # nbconvert lowercases SVG names in the page; the thumbnail file needs them as XML has them
    cell.outputs = [_figure_output(f"<figure>{svg.replace('viewBox', 'viewbox')}</figure>")]
    assert export.write_thumbnail(notebook, png, target) == "thumb_svg"
    assert 'viewBox="0 0 10 5"' in target.read_text(encoding="utf-8")
    # a chart that names its namespace already is copied as it is
    named = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ')
    cell.outputs = [_figure_output(f"<figure>{named}</figure>")]
    assert export.write_thumbnail(notebook, png, target) == "thumb_svg"
    assert target.read_text(encoding="utf-8") == named


def test_a_figure_output_without_svg_falls_back_to_its_png(tmp_path):
    import matplotlib.image

    cell = nbformat.v4.new_code_cell()
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": "<p>no chart</p>", "image/png": _png(720, 300)},
        metadata={"bilateral": {"figure": True}})]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert export.write_thumbnail(notebook, tmp_path / "t.png", tmp_path / "t.svg") == "thumb"
    assert matplotlib.image.imread(tmp_path / "t.png").shape[:2] == (150, 360)
    assert not (tmp_path / "t.svg").exists()


def test_failure_reasons_of_time_outs_full_disks_and_paths_with_colons():
    from papermill.exceptions import PapermillExecutionError

    interrupted = PapermillExecutionError(3, 7, "src", "KeyboardInterrupt", "", [])
    assert worker.failure_reason(interrupted, timeout=2.5) == (
        "a cell ran longer than --timeout 2.5 s (cell [7]); the executed notebook is kept")
    assert worker.failure_reason(interrupted) == "KeyboardInterrupt (cell [7])"  # a real ^C
    stopped = PapermillExecutionError(3, 7, "src", "ValueError", "bad", [])
    assert worker.failure_reason(stopped, timeout=2.5) == "ValueError: bad (cell [7])"
    bad = PapermillExecutionError(3, 5, "load", "DataError", "C:/x: y/e.csv: 2 problems\n  more",
                                  [])
    assert worker.failure_reason(bad) == ("bad event table C:/x: y/e.csv: 2 problems; "
                                          "`bilateral validate C:/x: y/e.csv` lists them")
    full = OSError(28, "No space left on device", "/out/a.pdf")
    assert worker.failure_reason(full) == (
        "No space left on device writing /out/a.pdf (the previous outputs are kept)")
    assert worker.failure_reason(OSError(28, "No space left on device")) == (
        "No space left on device (the previous outputs are kept)")
    assert worker.failure_reason(TimeoutError("kernel\n  did not start"), 30) == (
        "TimeoutError: kernel did not start (--timeout)")


def test_accessible_makes_inputs_and_outputs_focusable_and_gives_images_alt_text():
    page = ('<div class="jp-Cell-inputWrapper"><img src="a.png"></div>'
            '<div class="jp-RenderedHTML jp-OutputArea-output" data-mime-type="text/html">'
            '<img alt="Chart" src="b.png"></div>'
            '<div class="jp-OutputArea-output" tabindex="-1"></div>'
            '<div class="jp-OutputArea-outputs"></div><span class="jp-OutputArea-output"></span>')
    assert export.accessible('<h1 id="T">T<a class="anchor-link" href="#T" /></h1>') == (
        '<h1 id="T">T<a class="anchor-link" href="#T"></a></h1>')
    assert export.accessible(page) == (
        '<div class="jp-Cell-inputWrapper" tabindex="0">'
        '<img alt="No description has been provided for this image" src="a.png"></div>'
        '<div class="jp-RenderedHTML jp-OutputArea-output" tabindex="0" '
        'data-mime-type="text/html"><img alt="Chart" src="b.png"></div>'
        '<div class="jp-OutputArea-output" tabindex="-1"></div>'  # its own tabindex is kept
        '<div class="jp-OutputArea-outputs"></div><span class="jp-OutputArea-output"></span>')


def test_the_process_exporter_keeps_nothing_of_one_notebook_for_the_next(job):
    """Every export in a process goes through one exporter (its compiled templates are kept,
    ``export.warm``): each page is its own notebook's, and the same notebook gives the same
    page again."""
    def notebook(word: str) -> nbformat.NotebookNode:
        return nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(f"# {word} report"),
            nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
                "display_data", {"text/html": f"<p>{word} output</p>"})])])

    created, first = export.now(), notebook("Alpha")
    export.warm()
    alpha = export.to_html(first, "Alpha", job, created)
    beta = export.to_html(notebook("Beta"), "Beta", job, created)
    assert "Alpha output" in alpha and "Beta" not in alpha
    assert "Beta output" in beta and "Alpha" not in beta
    assert "warm" not in alpha + beta
    assert export.to_html(first, "Alpha", job, created) == alpha


def test_the_page_has_the_markup_nbconvert_would_give_it():
    """The exporter skips nbconvert's BeautifulSoup pass; parsed as a browser (or WeasyPrint)
    parses HTML, its page is nbconvert's."""
    import tinyhtml5  # WeasyPrint's HTML5 parser
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('# Title\n\nSome *text* and <img src="data:image/png;'
                                      'base64,iVBORw0KGgo=">'),
        nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
            "display_data", {"text/html": "<table><tr><td>1</td></tr></table>"})])])
    job = Job("t", "t.ipynb", {}, "out", ("html",), ".", None, "stage", 0)
    created = export.now()
    ours = export.to_html(notebook, "Title", job, created)
    theirs, _ = HTMLExporter(config=export.exporter_config()).from_notebook_node(
        notebook, resources={"bilateral": export.page_meta("Title", job, created)})
    theirs = breakable(theirs)
    assert ours != theirs  # nbconvert's BeautifulSoup pass writes the markup otherwise
    assert 'tabindex="0"' in ours and "No description has been provided" in ours
    def tree(e) -> tuple:
        """An element as a tuple: tag, attributes (in any order; a class list's spacing does
        not count), text, tail and children."""
        return (e.tag, sorted((k, " ".join(v.split()) if k == "class" else v)
                              for k, v in e.attrib.items()),
                (e.text or "").strip(), (e.tail or "").strip(), [tree(c) for c in e])

    assert tree(tinyhtml5.parse(ours)) == tree(tinyhtml5.parse(theirs))
