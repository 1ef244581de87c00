"""Render one report variant in a worker: execute the notebook, export HTML and PDF, thumbnail.

Runs in the batch's worker processes, which import this module once (forkserver preload), so
the heavy imports are at module level here and nowhere else. Every output is written under a
temporary name and moved into place only when all of them are complete: a failed run never
replaces the previous good HTML or PDF. The executed notebook is kept even when the run fails,
as the record of what went wrong (papermill marks the failing cell).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import re
import struct
import sys
import time
from io import BytesIO
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed, and that module compiles a grammar at
# import time (~2 s per process). nbformat never checks the IRI formats it serves, so its
# optional import is made to fail here, in the worker only.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None blocks it

import matplotlib.image  # noqa: E402
import nbformat  # noqa: E402
import papermill  # noqa: E402
import weasyprint  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402
from traitlets.config import Config  # noqa: E402

import bilateral  # noqa: E402
from bilateral.render.jobs import Job, Outcome  # noqa: E402

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
THUMB_WIDTH = 360  # pixels
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MD_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_MARKUP = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)", re.S | re.I)
_LONG_WORD = re.compile(r"[^\s<>]{28,}")
_WORD_PIECE = re.compile(r".*?(?:&[#\w]+;|[/._\-?=,;:](?!/)|$)", re.S)


def render_job(job: Job) -> Outcome:
    """Render one variant; return its outcome (failures are outcomes, not exceptions)."""
    started = time.perf_counter()
    out_dir = Path(job.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = {ext: out_dir / f"{job.id}.{ext}" for ext in ("ipynb", *job.formats)}
    final["thumb"] = out_dir / f"{job.id}_thumb.png"
    for stale in out_dir.glob(f".{job.id}.*.part*"):  # left by a killed worker
        if not _alive(stale.name.split(".")[2]):
            stale.unlink(missing_ok=True)
    part = {ext: path.with_name(f".{job.id}.{os.getpid()}.part{path.name.removeprefix(job.id)}")
            for ext, path in final.items()}
    try:
        notebook = execute(job, part["ipynb"])
        _log_step("executed", started)
        title = report_title(notebook, job)
        page = to_html(notebook, title, job)
        if "html" in job.formats:
            part["html"].write_text(page, encoding="utf-8")
        _log_step("html", started)
        if "pdf" in job.formats:
            to_pdf(page, part["pdf"], base_url=out_dir)
            _log_step("pdf", started)
        has_thumb = write_thumbnail(notebook, part["thumb"])
        for ext, path in part.items():
            if path.is_file():
                os.replace(path, final[ext])
        outputs = [str(final[ext]) for ext in ("ipynb", *job.formats)]
        return Outcome(job.id, "ok", time.perf_counter() - started, outputs, title=title,
                       thumbnail=str(final["thumb"]) if has_thumb else None)
    except Exception as exc:  # noqa: BLE001 - a failure fails only this variant
        if part["ipynb"].is_file():  # the executed notebook, with papermill's error banner
            os.replace(part["ipynb"], final["ipynb"])
        return Outcome(job.id, "failed", time.perf_counter() - started,
                       [str(final["ipynb"])] if final["ipynb"].is_file() else [],
                       reason=failure_reason(exc))
    finally:
        for path in part.values():
            path.unlink(missing_ok=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _log_step(step: str, started: float) -> None:
    print(f"bilateral: {step} at {time.perf_counter() - started:.1f} s", file=sys.stderr,
          flush=True)


def execute(job: Job, output_path: Path) -> nbformat.NotebookNode:
    """Execute the notebook with the job's parameters in a fresh kernel; return it executed."""
    return papermill.execute_notebook(
        job.notebook, str(output_path), parameters=dict(job.parameters), cwd=job.cwd,
        progress_bar=False, request_save_on_cell_execute=False,
        execution_timeout=job.timeout)


def failure_reason(exc: BaseException) -> str:
    """Return one line saying why a run failed: a ParameterError's own sentence, else the
    exception name, message and the cell that raised it."""
    if isinstance(exc, PapermillExecutionError):
        if exc.ename.endswith("DataError"):  # "FILE: N problems" then one line per problem
            first = _ANSI.sub("", str(exc.evalue)).splitlines()[0].strip()
            path = first.rsplit(": ", 1)[0]
            return f"bad event table {first}; `bilateral validate {path}` lists them"
        message = " ".join(_ANSI.sub("", str(exc.evalue)).split())
        if exc.ename.endswith("ParameterError"):
            return message
        return f"{exc.ename}: {message} (cell [{exc.exec_count}])"
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def report_title(notebook: nbformat.NotebookNode, job: Job) -> str:
    """Return the report's title: the first level-1 heading the notebook displays (outputs
    first, then markdown cells), else the ``title`` parameter, else the report id."""
    outputs = [out.get("data", {}) for cell in notebook.cells for out in cell.get("outputs", [])]
    texts = [data.get(mime, "") for data in outputs for mime in ("text/markdown", "text/html")]
    texts += [cell.source for cell in notebook.cells if cell.cell_type == "markdown"
              and "remove-cell" not in cell.metadata.get("tags", [])]
    for text in texts:
        match = _MD_H1.search(text) or _HTML_H1.search(text)
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

    parts = _MARKUP.split(page)
    parts[::2] = [_LONG_WORD.sub(split_word, text) for text in parts[::2]]
    return "".join(parts)


def to_pdf(page: str, target: Path, *, base_url: Path) -> None:
    """Print the report page to PDF with WeasyPrint, fetching nothing but ``data:`` URLs."""
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    weasyprint.HTML(string=page, base_url=str(base_url), url_fetcher=fetcher).write_pdf(
        str(target))


def write_thumbnail(notebook: nbformat.NotebookNode, target: Path) -> bool:
    """Write a small copy of the first PNG figure of the notebook; False when there is none."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            encoded = output.get("data", {}).get("image/png")
            if not encoded:
                continue
            png = base64.b64decode(encoded if isinstance(encoded, str) else "".join(encoded))
            width = struct.unpack(">I", png[16:20])[0]  # the PNG IHDR chunk
            matplotlib.image.thumbnail(BytesIO(png), str(target),
                                       scale=min(1.0, THUMB_WIDTH / max(width, 1)))
            return True
    return False
