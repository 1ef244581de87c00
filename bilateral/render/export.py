"""Export an executed notebook: its title, the self-contained HTML page, the page as the PDF
prints it (``printable``) and the thumbnail.

nbconvert and Pillow are imported at module level here and nowhere else, and WeasyPrint only
by ``bilateral.render.printing``, which prints the PDF. The render workers import them ahead
(``bilateral.render.jobs.EXPORTER``); the rest of the package, its tests included, need not
wait for WeasyPrint.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import re
import sys
import threading
from io import BytesIO
from pathlib import Path

# As in bilateral.render.worker: nbformat never checks IRI formats, so jsonschema's optional
# RFC 3987 grammar (~2 s to compile at import) is not imported.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None blocks it

import nbformat  # noqa: E402
import PIL.Image  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from nbconvert.exporters.templateexporter import TemplateExporter  # noqa: E402
from nbconvert.filters.highlight import Highlight2HTML  # noqa: E402
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter  # noqa: E402
from traitlets.config import Config  # noqa: E402

import bilateral  # noqa: E402
from bilateral.render.jobs import Job, now  # noqa: E402

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
THUMB_WIDTH = 360  # pixels
_MD_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_MARKUP = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<svg\b.*?</svg>|<[^>]*>)",
                     re.S | re.I)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CHART_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_INLINE_CHART = re.compile(r'<svg\b[^>]*\bclass="bl-chart-svg"[^>]*>.*?</svg>', re.S)
_SVG_WIDTH = re.compile(r'\swidth="([0-9.]+(?:pt|px|mm|cm|in)?)"')
# The SVG names of the HTML parsing spec's case adjustments that matplotlib's SVG uses
_SVG_CAMEL = {name.lower(): name for name in (
    "viewBox", "preserveAspectRatio", "clipPath", "clipPathUnits", "patternUnits",
    "patternContentUnits", "patternTransform", "linearGradient", "radialGradient",
    "gradientUnits", "gradientTransform", "textLength", "lengthAdjust")}
_SVG_CASED = re.compile(r"(</?)(" + "|".join(_SVG_CAMEL) + r")(?=[\s/>])|(\s)("
                        + "|".join(_SVG_CAMEL) + r")(?==)", re.I)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)
_SVG_STYLED = re.compile(r'(<[A-Za-z][^>]*?)\sstyle="([^"]*)"([^>]*>)')  # before, style, after
_SVG_ATTRIBUTE = re.compile(r'\s([\w:-]+)=')
_SVG_NAME = re.compile(r"[A-Za-z][\w-]*")  # a property that can be an attribute's name
# Set by matplotlib's own stylesheet (``*{stroke-linejoin: ...}``) too, which would override
# them as presentation attributes: they stay in style="..."
_STYLE_ONLY = ("stroke-linejoin", "stroke-linecap")
# What print leaves out: a whole cell tagged screen-only (up to the next cell or the page's
# end, with the blank before it, so that the page reads as if the cell were not there), the
# "Download data" block and the script
_SCREEN_ONLY = re.compile(
    r'\s*<div\b[^>]*\sclass="jp-Cell [^"]*\bcelltag_screen-only\b[^"]*"[^>]*>.*?'
    r'(?=\s*(?:<div\b[^>]*\sclass="(?:jp-Cell|bl-cell)[\s"]|<footer class="report-colophon"'
    r'|</main>))'
    r'|<div class="bl-downloads">.*?</div>|<script\b.*?</script>', re.S)
_LONG_WORD = re.compile(r"[^\s<>]{28,}")
_WORD_PIECE = re.compile(r".*?(?:&[#\w]+;|[/._\-?=,;:](?!/)|$)", re.S)


def report_title(notebook: nbformat.NotebookNode, job: Job) -> str:
    """Return the report's title: the first level-1 heading the notebook displays (outputs
    first, then markdown cells), else the ``title`` parameter, else the report id."""
    outputs = [out.get("data", {}) for cell in notebook.cells for out in cell.get("outputs", [])]
    texts = [data.get(mime, "") for data in outputs for mime in ("text/markdown", "text/html")]
    texts += [cell.source for cell in notebook.cells if cell.cell_type == "markdown"
              and "remove-cell" not in cell.metadata.get("tags", [])]
    for text in texts:
        match = _MD_H1.search(text)
        if match:  # Markdown: drop backslash escapes (``\(`` is a literal ``(``)
            return " ".join(html.unescape(_MD_ESCAPE.sub(r"\1", match[1])).split())
        match = _HTML_H1.search(text)
        if match:
            return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match[1])).split())
    return str(job.parameters.get("title") or job.id)


def to_html(notebook: nbformat.NotebookNode, title: str, job: Job,
            created: dt.datetime | None = None) -> str:
    """Export the executed notebook as one self-contained page: no code, prompts or plumbing.
    ``created`` (default: now) is the time the colophon and the page's metadata give."""
    resources = {"bilateral": page_meta(title, job, created or now())}
    with _EXPORTING:  # a render worker exports its records part early, in another thread
        page, _ = _exporter().from_notebook_node(notebook, resources=resources)
    return breakable(page)


def page_meta(title: str, job: Job, created: dt.datetime) -> dict[str, str]:
    """Return what the page template says of the report: title, generator, time, colophon."""
    generator = f"bilateral {bilateral.__version__}"
    return {"title": title, "author": generator, "generator": generator,
            "created": created.isoformat(timespec="seconds"),
            "description": f"Report {job.id} rendered from {Path(job.notebook).name}",
            "kicker": f"Bilateral relations report · {job.id}",
            "colophon": f"Rendered by {generator} on {created:%Y-%m-%d %H:%M %Z} from "
                        f"{Path(job.notebook).name} with the parameters of {job.id}."}


def exporter_config() -> Config:
    """Return the exporter's configuration: the ``bilateral`` template, no code or prompts,
    images embedded, and the cells tagged to be removed left out."""
    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
    config.HTMLExporter.template_name = "bilateral"
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.anchor_link_text = ""
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "parameters",
                                                     "injected-parameters"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    return config


def warm() -> None:
    """Export a one-cell notebook, as a render worker does while its notebook runs: the
    process's exporter then holds its templates compiled (about 0.15 s), for the export that
    comes after the notebook."""
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", {"text/html": "<p>warm</p>", "text/markdown": "warm"})])
    to_html(nbformat.v4.new_notebook(cells=[cell]), "", Job("warm", "warm.ipynb", {}, "", (), ""))


_EXPORTING = threading.Lock()


@functools.cache
def _exporter() -> ReportExporter:
    """The process's one exporter: its Jinja environment keeps the templates it compiled."""
    return ReportExporter(config=exporter_config())


class ReportExporter(HTMLExporter):
    """nbconvert's HTMLExporter without its last step, a BeautifulSoup pass over the whole page
    (a second on a long report) that gives images without alt text a placeholder, makes input
    and output areas keyboard-focusable, and writes the markup out again. ``accessible`` makes
    the same changes to the markup directly."""

    def from_notebook_node(self, nb, resources=None, **kw):
        """As ``HTMLExporter.from_notebook_node`` (nbconvert 7), then ``accessible``."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(page), resources


_NO_ALT = re.compile(r"<img\b(?![^>]*\salt=)")
_EMPTY_LINK = re.compile(r"<a\b([^<>]*?)\s*/>")
_FOCUSABLE = re.compile(r'(<div class="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)'
                        r'(?:\s[^"]*)?")(?![^>]*\stabindex=)')


def accessible(page: str) -> str:
    """Give every ``<img>`` without alt text nbconvert's placeholder, and every input and output
    area ``tabindex="0"``, as nbconvert's HTMLExporter does (an output may scroll sideways).
    Close the empty heading anchors that nbconvert writes as XML (``<a ... />``): an HTML parser
    reads that as an open link around the rest of the page, which BeautifulSoup used to fix."""
    page = _EMPTY_LINK.sub(r"<a\1></a>", page)
    page = _NO_ALT.sub('<img alt="No description has been provided for this image"', page)
    return _FOCUSABLE.sub(r'\1 tabindex="0"', page)


def breakable(page: str) -> str:
    """Put ``<wbr>`` break opportunities into long words (URLs in source columns) of the page's
    text, every 16 or more characters after a ``/ . _ - ? = , ; :``, so tables fit the width.

    ``overflow-wrap: anywhere`` would do it in CSS, but WeasyPrint then measures every
    character as a break point when it sizes table columns: 10x slower on a long chronology.
    """
    def split_word(match: re.Match) -> str:
        chunks, run = [], ""
        for piece in _WORD_PIECE.findall(match[0]):
            run += piece
            if len(run) >= 16:
                chunks.append(run)
                run = ""
        return "<wbr>".join([*chunks, run] if run else chunks)

    head, sep, body = page.partition("</head>")  # the <title> is text, not markup
    if not sep:
        head, body = "", page
    parts = _MARKUP.split(body)
    parts[::2] = [_LONG_WORD.sub(split_word, text) for text in parts[::2]]
    return head + sep + "".join(parts)


def printable(page: str) -> str:
    """Return the page as WeasyPrint should print it: without what print hides anyway (cells
    tagged ``screen-only``, the "Download data" block, a quarter of a 200k-row report's page,
    and the script), and with
    each inline SVG chart as an ``<img>`` of the same SVG, its title as alt text.

    WeasyPrint draws an SVG image with the same vector renderer, text kept as text, but its
    HTML parser and style cascade then skip the chart's thousands of elements: about 15% of
    the PDF's time on full_history.
    """
    return _INLINE_CHART.sub(_as_image, _SCREEN_ONLY.sub("", page))


def _as_image(match: re.Match) -> str:
    svg = presentation_attributes(standalone_svg(match[0]))
    title = _SVG_TITLE.search(svg)
    alt = html.unescape(title[1]) if title else "Chart"
    width = _SVG_WIDTH.search(svg[:svg.find(">")])  # the size the inline chart printed at
    size = f' style="width: {width[1]}"' if width else ""
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img class="bl-chart-svg" alt="{html.escape(alt)}"{size} '
            f'src="data:image/svg+xml;base64,{encoded}">')


def presentation_attributes(svg: str) -> str:
    """Return an SVG with its elements' ``style="fill: #fff; ..."`` declarations written as
    presentation attributes (``fill="#fff"``). WeasyPrint's SVG renderer reads both the same
    way (a declaration becomes an attribute) but parses each style with its CSS parser, about a
    fifth of the time it spends drawing full_history's charts. The root element is kept as it
    is (its style sizes the chart on the page)."""
    root_end = svg.find(">") + 1
    return svg[:root_end] + _SVG_STYLED.sub(_as_attributes, svg[root_end:])


def _as_attributes(tag: re.Match) -> str:
    before, style, after = tag.groups()
    if "!" in style or "&" in style:  # !important or an escaped character: as it is
        return tag[0]
    present = set(_SVG_ATTRIBUTE.findall(before + after))  # an attribute twice is not XML
    moved: list[tuple[str, str]] = []
    kept: list[tuple[str, str]] = []
    for name, _, value in (d.partition(":") for d in style.split(";") if d.strip()):
        name, value = name.strip(), value.strip()
        movable = _SVG_NAME.fullmatch(name) and name not in _STYLE_ONLY and name not in present
        (moved if movable else kept).append((name, value))
    style = "; ".join(f"{n}: {v}" for n, v in kept)
    return before + "".join(f' {n}="{v}"' for n, v in moved) + (
        f' style="{style}"' if style else "") + after


def standalone_svg(svg: str) -> str:
    """Return an inline ``<svg>`` element of the page as an SVG file of its own: with the SVG
    namespace, and with the camel-case names that nbconvert's HTML serialisation lowercased
    (``viewbox``, ``clippath``, ...) written as XML needs them; an SVG reader ignores a
    ``viewbox``, so the chart would be drawn at the wrong scale."""
    svg = _SVG_CASED.sub(lambda m: (m[1] or m[3]) + _SVG_CAMEL[(m[2] or m[4]).lower()], svg)
    if "xmlns=" in svg[:300]:
        return svg
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)


def write_thumbnail(notebook: nbformat.NotebookNode, png_target: Path,
                    svg_target: Path) -> str | None:
    """Write the notebook's first figure as a thumbnail: an inline SVG chart is copied as it is
    (``"thumb_svg"``), a PNG is scaled down with Pillow (``"thumb"``); None without a figure."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("metadata", {}).get("bilateral", {}).get("figure"):
                markup = data.get("text/html", "")
                svg = _CHART_SVG.search(markup if isinstance(markup, str) else "".join(markup))
                if svg:
                    svg_target.write_text(standalone_svg(svg[0]), encoding="utf-8")
                    return "thumb_svg"
            encoded = data.get("image/png")
            if not encoded:
                continue
            png = base64.b64decode(encoded if isinstance(encoded, str) else "".join(encoded))
            with PIL.Image.open(BytesIO(png)) as image:
                width, height = image.size
                scale = min(1.0, THUMB_WIDTH / max(width, 1))
                small = image.resize((max(1, round(width * scale)), max(1, round(height * scale))),
                                     PIL.Image.Resampling.LANCZOS)
                small.save(png_target, format="PNG", optimize=True)
            return "thumb"
    return None
