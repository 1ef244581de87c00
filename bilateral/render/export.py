"""Render one report variant in a worker: execute the notebook, export HTML and PDF, thumbnail.

Runs in the batch's worker processes, which import this module once (forkserver preload), so
the heavy imports are at module level here and nowhere else. Every output is written into the
variant's staging folder; the batch moves them into place when the run succeeded
(``bilateral.render.staging``), so a failed run never replaces the previous good outputs. The
executed notebook of a failed run is kept as ``<id>.failed.ipynb``, the record of what went
wrong (papermill marks the failing cell).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import sys
import time
from io import BytesIO
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed, and that module compiles a grammar at
# import time (~2 s per process). nbformat never checks the IRI formats it serves, so its
# optional import is made to fail here, in the worker only.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None blocks it

import nbformat  # noqa: E402
import papermill  # noqa: E402
import PIL.Image  # noqa: E402
import weasyprint  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402
from traitlets.config import Config  # noqa: E402

import bilateral  # noqa: E402
from bilateral.render.jobs import Job, Outcome, output_names  # noqa: E402

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
THUMB_WIDTH = 360  # pixels
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MD_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_MARKUP = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<svg\b.*?</svg>|<[^>]*>)",
                     re.S | re.I)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CHART_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_SCREEN_ONLY = re.compile(r'<div class="bl-downloads">.*?</div>|<script\b.*?</script>', re.S)
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: structure tree, document language, figure alt text
_LONG_WORD = re.compile(r"[^\s<>]{28,}")
_WORD_PIECE = re.compile(r".*?(?:&[#\w]+;|[/._\-?=,;:](?!/)|$)", re.S)


def render_job(job: Job) -> Outcome:
    """Render one variant into its staging folder; return its outcome (failures are outcomes,
    not exceptions). The batch moves the staged files into ``DIR/<id>/`` afterwards."""
    started = time.perf_counter()
    stage = Path(job.stage_dir)
    stage.mkdir(parents=True, exist_ok=True)
    path = {key: stage / name for key, name in output_names(job.id, job.formats).items()}
    try:
        notebook = execute(job, path["ipynb"])
        _log_step("executed", started)
        title = report_title(notebook, job)
        page = to_html(notebook, title, job)
        if "html" in job.formats:
            path["html"].write_text(page, encoding="utf-8")
        _log_step("html", started)
        if "pdf" in job.formats:
            to_pdf(page, path["pdf"], base_url=stage)
            _log_step("pdf", started)
        thumb = write_thumbnail(notebook, path["thumb"], path["thumb_svg"])
        return Outcome(job.id, "ok", time.perf_counter() - started, title=title,
                       thumbnail=str(path[thumb]) if thumb else None)
    except Exception as exc:  # noqa: BLE001 - a failure fails only this variant
        return Outcome(job.id, "failed", time.perf_counter() - started,
                       reason=failure_reason(exc, job.timeout))


def _log_step(step: str, started: float) -> None:
    print(f"bilateral: {step} at {time.perf_counter() - started:.1f} s", file=sys.stderr,
          flush=True)


def execute(job: Job, output_path: Path) -> nbformat.NotebookNode:
    """Execute the notebook with the job's parameters in a fresh kernel; return it executed."""
    # On a time-out the kernel is interrupted, so the cell fails like any other and papermill
    # writes the executed notebook with its error banner (raising CellTimeoutError instead
    # would leave no notebook, since it is not saved after each cell).
    return papermill.execute_notebook(
        job.notebook, str(output_path), parameters=dict(job.parameters), cwd=job.cwd,
        progress_bar=False, request_save_on_cell_execute=False,
        execution_timeout=job.timeout, interrupt_on_timeout=job.timeout is not None)


def failure_reason(exc: BaseException, timeout: float | None = None) -> str:
    """Return one line saying why a run failed: a ParameterError's own sentence, else the
    exception name, message and the cell that raised it."""
    if isinstance(exc, PapermillExecutionError) and timeout and exc.ename == "KeyboardInterrupt":
        return (f"a cell ran longer than --timeout {timeout:g} s (cell [{exc.exec_count}]); "
                "the executed notebook is kept")
    if isinstance(exc, PapermillExecutionError):
        if exc.ename.endswith("DataError"):  # "FILE: N problems" then one line per problem
            first = _ANSI.sub("", str(exc.evalue)).splitlines()[0].strip()
            path = first.rsplit(": ", 1)[0]
            return f"bad event table {first}; `bilateral validate {path}` lists them"
        message = " ".join(_ANSI.sub("", str(exc.evalue)).split())
        if exc.ename.endswith("ParameterError"):
            return message
        return f"{exc.ename}: {message} (cell [{exc.exec_count}])"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where} (the previous outputs are kept)"
    if isinstance(exc, TimeoutError):
        return f"{type(exc).__name__}: {' '.join(str(exc).split())} (--timeout)"
    return " ".join(f"{type(exc).__name__}: {exc}".split())


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


def to_html(notebook: nbformat.NotebookNode, title: str, job: Job) -> str:
    """Export the executed notebook as one self-contained page: no code, prompts or plumbing."""
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
    created = dt.datetime.now(dt.UTC).astimezone()
    generator = f"bilateral {bilateral.__version__}"
    meta = {"title": title, "author": generator, "generator": generator,
            "created": created.isoformat(timespec="seconds"),
            "description": f"Report {job.id} rendered from {Path(job.notebook).name}",
            "kicker": f"Bilateral relations report · {job.id}",
            "colophon": f"Rendered by {generator} on {created:%Y-%m-%d %H:%M %Z} from "
                        f"{Path(job.notebook).name} with the parameters of {job.id}."}
    page, _ = HTMLExporter(config=config).from_notebook_node(notebook,
                                                             resources={"bilateral": meta})
    return breakable(page)


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


def to_pdf(page: str, target: Path, *, base_url: Path) -> None:
    """Print the report page to a tagged PDF (PDF/UA-1) with WeasyPrint, fetching nothing but
    ``data:`` URLs. Inline SVG charts are drawn as vectors, their text as text."""
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    weasyprint.HTML(string=printable(page), base_url=str(base_url),
                    url_fetcher=fetcher).write_pdf(str(target), pdf_variant=PDF_VARIANT)


def printable(page: str) -> str:
    """Return the page without what print hides anyway and WeasyPrint would parse for nothing:
    the "Download data" block (its CSV links hold a quarter of a 200k-row report's page) and
    the script."""
    return _SCREEN_ONLY.sub("", page)


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
                    svg_target.write_text(svg[0].replace(
                        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
                        if "xmlns=" not in svg[0][:300] else svg[0], encoding="utf-8")
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
