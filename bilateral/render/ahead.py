"""Lay out the report's records part while the kernel still runs the notebook.

The records (the chronology, corrections and references: the cells tagged ``records``) need
only the cells tagged ``setup``, which read the table and the parameters. When a render worker
has a core to spare (``Job.ahead``), a second kernel runs just the ``parameters``, ``setup`` and
``records`` cells with the job's parameters, the worker exports that short notebook with the
same exporter and lays its records part out with WeasyPrint, all while the first kernel runs
the whole notebook. ``bilateral.render.printing.to_pdf`` uses that layout only when it is the
finished page's own records part, HTML for HTML; otherwise it lays the part out again. A
difference costs time, never a wrong page.
"""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import nbformat

from bilateral.render.jobs import RECORDS_TAG, Job, in_background, lower_priority
from bilateral.render.kernel import kernel_name

KEPT_TAGS = frozenset({"parameters", "setup", RECORDS_TAG})


def short_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """Return the notebook's ``parameters``, ``setup`` and ``records`` cells, in order, as a
    notebook of its own; None when it has no ``records`` cell."""
    if not any(RECORDS_TAG in _tags(cell) for cell in notebook.cells):
        return None
    short = copy.deepcopy(notebook)
    short.cells = [cell for cell in short.cells if KEPT_TAGS & _tags(cell)]
    return short


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


class Ahead:
    """The records part of one job, laid out in a background thread.

    ``result()`` is ``(html, weasyprint.Document)``, or None when the notebook has no records
    cells or the short run failed (the full run then reports what went wrong).
    """

    def __init__(self, job: Job, exporter: Future, created: Any) -> None:
        self._job = job
        self._kernel_pid: int | None = None
        self._stopped = threading.Event()
        self._future = in_background("ahead", self._run, exporter, created)

    def result(self) -> tuple[str, Any] | None:
        try:
            return self._future.result()
        except Exception:  # noqa: BLE001 - the full run's own error is the one to report
            return None

    def stop(self) -> None:
        """Stop the short run's kernel if it still runs (the job failed or ended early)."""
        self._stopped.set()
        if self._kernel_pid and not self._future.done():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._kernel_pid, signal.SIGKILL)

    def _run(self, exporter: Future, created: Any) -> tuple[str, Any] | None:
        from jupyter_core.utils import ensure_event_loop  # noqa: PLC0415

        lower_priority()  # and so the kernel it starts: the short run takes the time left
        try:
            return self._lay_out(exporter, created)
        finally:  # the event loop nbclient opened for this thread, and its sockets
            ensure_event_loop().close()

    def _lay_out(self, exporter: Future, created: Any) -> tuple[str, Any] | None:
        from nbclient import NotebookClient  # noqa: PLC0415 - papermill's own runner
        from papermill.parameterize import parameterize_notebook  # noqa: PLC0415

        short = short_notebook(nbformat.read(self._job.notebook, as_version=4))
        if short is None or self._stopped.is_set():
            return None
        if self._job.parameters:
            short.metadata.setdefault("papermill", nbformat.from_dict({}))
            short = parameterize_notebook(short, dict(self._job.parameters))
        client = NotebookClient(short, timeout=self._job.timeout,
                                kernel_name=kernel_name(short.metadata),
                                resources={"metadata": {"path": self._job.cwd}},
                                shutdown_kernel="immediate")
        client.on_notebook_start = self._started(client)
        client.execute()
        if self._stopped.is_set():
            return None
        export = exporter.result()
        from bilateral.render import printing  # noqa: PLC0415 - after the exporter's import

        records = printing.records_part(export.to_html(short, "", self._job, created))
        if records is None or self._stopped.is_set():
            return None
        return records, printing.lay_out(records, Path(self._job.stage_dir))

    def _started(self, client: Any):
        def remember_kernel(**_: Any) -> None:
            self._kernel_pid = getattr(client.km.provisioner, "pid", None)
            if self._stopped.is_set():
                self.stop()
        return remember_kernel
