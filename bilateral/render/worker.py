"""Render one report variant in a worker process: execute the notebook, then export HTML and
PDF and the thumbnail (``bilateral.render.export``).

The batch's forkserver has imported this module once for all workers, and for a batch of
several reports papermill and the exporter (nbconvert, WeasyPrint) too; a single report's
worker starts its kernel first, imports papermill in a thread while it boots and waits for its
first reply (``bilateral.render.kernel``), then imports the exporter while the notebook runs
and with a core to spare lays out the report's records meanwhile (``bilateral.render.ahead``);
these two start once papermill is imported, whose import they would slow down. Every output
is written into the variant's staging folder; the batch moves them into place when the run
succeeded (``bilateral.render.staging``), so a failed run never replaces the previous good
outputs. The executed notebook of a failed run is kept as ``<id>.failed.ipynb``, the record of
what went wrong (papermill marks the failing cell).
"""

from __future__ import annotations

import importlib
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed, and that module compiles a grammar at
# import time (~2 s per process). nbformat never checks the IRI formats it serves, so its
# optional import is made to fail here, in the worker only.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None blocks it

from bilateral.render import kernel  # noqa: E402
from bilateral.render.jobs import (  # noqa: E402
    EXPORTER,
    Job,
    Outcome,
    in_background,
    lower_priority,
    now,
    output_names,
)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def render_job(job: Job) -> Outcome:
    """Render one variant into its staging folder; return its outcome (failures are outcomes,
    not exceptions). The batch moves the staged files into ``DIR/<id>/`` afterwards."""
    started = time.perf_counter()
    stage = Path(job.stage_dir)
    stage.mkdir(parents=True, exist_ok=True)
    path = {key: stage / name for key, name in output_names(job.id, job.formats).items()}
    early = started_kernel = client = None
    try:
        started_kernel = kernel.start_kernel(job)  # it boots while papermill is imported
        importing = in_background("import", importlib.import_module, "papermill")
        client = kernel.connect(started_kernel)
        importing.result()
        exporter = _import_in_background(EXPORTER)
        created = now()
        if job.ahead and "pdf" in job.formats:
            from bilateral.render.ahead import Ahead  # noqa: PLC0415

            early = Ahead(job, exporter, created)
        notebook = execute(job, path["ipynb"], started_kernel, client)
        _log_step("executed", started)
        export = exporter.result()
        title = export.report_title(notebook, job)
        page = export.to_html(notebook, title, job, created)
        if "html" in job.formats:
            path["html"].write_text(page, encoding="utf-8")
        _log_step("html", started)
        if "pdf" in job.formats:
            from bilateral.render import printing  # noqa: PLC0415 - imported with the exporter

            records = early.result() if early else None
            if records:
                _log_step("records laid out ahead, ready", started)
            printing.to_pdf(page, path["pdf"], base_url=stage, ahead=records)
            _log_step("pdf", started)
        thumb = export.write_thumbnail(notebook, path["thumb"], path["thumb_svg"])
        return Outcome(job.id, "ok", time.perf_counter() - started, title=title,
                       thumbnail=str(path[thumb]) if thumb else None)
    except Exception as exc:  # noqa: BLE001 - a failure fails only this variant
        return Outcome(job.id, "failed", time.perf_counter() - started,
                       reason=failure_reason(exc, job.timeout))
    finally:
        if early:
            early.stop()
        kernel.stop_kernel(started_kernel, client)


def _import_in_background(modules: Sequence[str]) -> Future:
    """Import modules in a thread while the kernel runs the notebook; ``result()`` is the
    first. The forkserver of a batch of several reports has imported the exporter for all its
    workers; a single report's worker starts its kernel first and imports it meanwhile, on the
    other core, instead of before (``bilateral.render.pool``)."""
    return in_background("import", _import_all, modules)


def _import_all(modules: Sequence[str]):
    """Import each module in order, at low priority; return the first, the exporter, with its
    page template compiled (``export.warm``)."""
    lower_priority()
    imported = [importlib.import_module(name) for name in modules]
    imported[0].warm()
    return imported[0]


def _log_step(step: str, started: float) -> None:
    print(f"bilateral: {step} at {time.perf_counter() - started:.1f} s", file=sys.stderr,
          flush=True)


def execute(job: Job, output_path: Path, started_kernel=None, client=None):
    """Execute the notebook with the job's parameters in a fresh kernel (``started_kernel``,
    a kernel manager, through ``client`` when it is connected, or one papermill starts);
    return it executed."""
    import papermill  # noqa: PLC0415 - after the kernel has started (bilateral.render.kernel)

    # On a time-out the kernel is interrupted, so the cell fails like any other and papermill
    # writes the executed notebook with its error banner (raising CellTimeoutError instead
    # would leave no notebook, since it is not saved after each cell).
    engine = {}
    if started_kernel is not None:
        kernel.register_engine()
        engine = {"engine_name": kernel.ENGINE, "km": started_kernel, "kc": client}
    return papermill.execute_notebook(
        job.notebook, str(output_path), parameters=dict(job.parameters), cwd=job.cwd,
        progress_bar=False, request_save_on_cell_execute=False,
        execution_timeout=job.timeout, interrupt_on_timeout=job.timeout is not None,
        # Every cell has run and replied: the kernel is stopped at once rather than asked to
        # shut down and waited for (about a second of unloading pandas and matplotlib)
        shutdown_kernel="immediate", **engine)


def failure_reason(exc: BaseException, timeout: float | None = None) -> str:
    """Return one line saying why a run failed: a ParameterError's own sentence, else the
    exception name, message and the cell that raised it."""
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

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
        said = f": {message}" if message else ""
        return f"{exc.ename}{said} (cell [{exc.exec_count}])"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where} (the previous outputs are kept)"
    if isinstance(exc, TimeoutError):
        return f"{type(exc).__name__}: {' '.join(str(exc).split())} (--timeout)"
    return " ".join(f"{type(exc).__name__}: {exc}".split())
