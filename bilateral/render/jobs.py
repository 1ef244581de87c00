"""The unit of work of a render batch and how it ended (shared by the pool and the worker)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

# What a worker imports to export a report, in order: the exporter (nbconvert, Pillow), the
# printer, then WeasyPrint (1.2 s), which the printer imports only when it lays a page out.
# The forkserver of a batch imports them once for all workers; a single report's worker, while
# its kernel runs.
EXPORTER = ("bilateral.render.export", "bilateral.render.printing", "weasyprint")
NICE = 10  # the scheduling priority of a worker's side work (0 normal, 19 lowest)
# The cells of the report's last section (chronology, corrections, references), which the PDF
# prints as a part of its own and a worker with a spare core lays out ahead
RECORDS_TAG = "records"


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one variant."""

    id: str
    notebook: str
    parameters: Mapping
    out_dir: str  # the variant's own directory, DIR/<id>
    formats: tuple[str, ...]
    cwd: str  # the kernel's working directory (relative paths in parameters)
    timeout: float | None = None
    stage_dir: str = ""  # where the worker writes; the batch moves the files to out_dir
    batch_pid: int = 0  # the batch process: the worker stops when it is gone
    ahead: bool = False  # a core is spare: lay the records out early (bilateral.render.ahead)


@dataclass(frozen=True)
class Outcome:
    """How one variant ended: "ok", "skipped" or "failed", with its outputs or the reason."""

    id: str
    status: str
    seconds: float
    outputs: Sequence[str] = field(default_factory=list)
    reason: str = ""
    title: str = ""
    thumbnail: str | None = None
    sha256: Mapping[str, str] = field(default_factory=dict)  # output path -> hash


def output_names(report_id: str, formats: Sequence[str]) -> dict[str, str]:
    """Return the file name of each output of a variant: the executed notebook, each format,
    the thumbnail, the console log, and the executed notebook of a failed run."""
    return {"ipynb": f"{report_id}.ipynb", **{f: f"{report_id}.{f}" for f in formats},
            "thumb": f"{report_id}_thumb.png", "thumb_svg": f"{report_id}_thumb.svg",
            "log": f"{report_id}.log",
            "failed": f"{report_id}.failed.ipynb"}


def now() -> dt.datetime:
    """Return the current time in the local time zone, to the second: when a report was made."""
    return dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0)


def lower_priority() -> None:
    """Lower the calling thread's scheduling priority to ``NICE``, and so that of the processes
    it starts (Linux gives each thread its own nice value, and a child its creator's): a
    worker's side work (imports, the records run ahead) takes the time its kernel leaves."""
    if sys.platform == "linux":
        thread = threading.get_native_id()
        with contextlib.suppress(OSError):  # never raises it: a niced batch stays as nice
            os.setpriority(os.PRIO_PROCESS, thread,
                           max(NICE, os.getpriority(os.PRIO_PROCESS, thread)))


def in_background(name: str, work: Callable, *args) -> Future:
    """Run ``work(*args)`` in a thread of its own, named ``name``; return its future."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    future = executor.submit(work, *args)
    executor.shutdown(wait=False)
    return future
