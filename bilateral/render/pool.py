"""Run render jobs in parallel worker processes, one process per variant.

Workers are forked from a forkserver that has imported papermill, nbconvert and WeasyPrint once
(``bilateral.render.worker``, ``bilateral.render.export``), so a worker starts in milliseconds;
for a single report the forkserver imports papermill only, so that the kernel starts sooner.
One process per variant means a worker that crashes, or a kernel
that takes its worker down, fails only its own variant.
"""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import wait
from pathlib import Path

from bilateral.render.jobs import EXPORTER, Job, Outcome

# How long a worker's thread may hold the interpreter lock while another waits for it (Python's
# default: 5 ms). The main thread drives the kernel: it takes each reply and sends the next cell,
# waiting for the lock each time while the side threads import the exporter and lay the records
# out. At 0.5 ms, the idle time between cells fell from 0.32 s to 0.18 s of a full_history
# render (median of 6 alternating renders).
SWITCH_SECONDS = 0.0005


def run_jobs(jobs: Sequence[Job], *, workers: int = 1,
             progress: bool | None = None) -> Iterator[Outcome]:
    """Yield the outcome of every job as it finishes, running up to ``workers`` at once, in the
    order given (``launch_order``)."""
    if not jobs:
        return
    from tqdm import tqdm  # noqa: PLC0415 - only when there is work

    context = multiprocessing.get_context("forkserver")
    # One report: its worker starts the kernel first and imports papermill while it boots and
    # the exporter while the notebook runs (bilateral.render.worker); several: every worker
    # inherits them from here.
    context.set_forkserver_preload(["bilateral.render.worker"] + (
        ["papermill", *EXPORTER] if len(jobs) > 1 else []))
    waiting = with_ahead(jobs, workers, cores())
    running: dict = {}  # sentinel -> (job, process, connection, started)
    bar = tqdm(total=len(jobs), unit="report", desc="render", disable=_bar_disabled(progress))
    try:
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                job = waiting.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_work, args=(job, sender), name=f"render-{job.id}")
                process.start()
                sender.close()
                running[process.sentinel] = (job, process, receiver, time.perf_counter())
            for sentinel in wait(list(running)):
                job, process, receiver, started = running.pop(sentinel)
                process.join()
                outcome = _received(receiver) or Outcome(
                    job.id, "failed", time.perf_counter() - started,
                    reason=f"the worker process died (exit code {process.exitcode})")
                receiver.close()
                bar.set_postfix_str(f"{job.id} {outcome.status}")
                bar.update()
                yield outcome
    finally:
        for _job, process, receiver, _started in running.values():
            process.terminate()
            process.join()
            receiver.close()
        bar.close()


def _received(receiver) -> Outcome | None:
    try:
        return receiver.recv() if receiver.poll() else None
    except (EOFError, OSError):
        return None


def _work(job: Job, sender) -> None:
    """Worker entry point: render one job and send its outcome back.

    The worker's and its kernel's console output (papermill and kernel warnings) goes to
    ``<id>.log`` in the variant's staging folder (moved to ``DIR/<id>/`` with the outputs)
    rather than into the batch's terminal.
    """
    started = time.perf_counter()
    sys.setswitchinterval(SWITCH_SECONDS)
    try:
        from bilateral.render import lifeline  # noqa: PLC0415

        lifeline.bind_to_parent(job.batch_pid)
        _log_to(Path(job.stage_dir) / f"{job.id}.log")
        from bilateral.render import worker  # noqa: PLC0415 - preloaded by the forkserver

        outcome = worker.render_job(job)
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the summary
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        outcome = Outcome(job.id, "failed", time.perf_counter() - started, reason=reason)
    sender.send(outcome)
    sender.close()


def _log_to(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)


def launch_order(jobs: Sequence[Job], seconds: Mapping[str, float]) -> list[Job]:
    """Return the jobs longest first, by the ``seconds`` each took last time (the manifest's),
    those never rendered before first, in the order given. A batch ends when its last report
    does: started last, a short report leaves less time with one core busy and the other idle
    (longest processing time first, Graham 1969)."""
    return sorted(jobs, key=lambda job: -seconds.get(job.id, math.inf))


def with_ahead(jobs: Sequence[Job], workers: int, cores: int) -> list[Job]:
    """Mark the jobs that lay their records out early on another core (``Job.ahead``): all of
    them when the batch leaves a core idle (``spare_core``), else, with two workers or more,
    the last one started, which runs while the others finish and then alone. The records run is
    niced (``jobs.lower_priority``), so it takes little from reports still running."""
    spare = spare_core(workers, len(jobs), cores)
    tail = min(max(1, workers), cores) > 1
    return [dataclasses.replace(job, ahead=spare or (tail and i == len(jobs) - 1))
            for i, job in enumerate(jobs)]


def spare_core(workers: int, jobs: int, cores: int) -> bool:
    """Whether the batch leaves a core it may use idle: ``workers`` (--jobs) is how many cores
    it may use, and it runs at most ``jobs`` variants at once. Such a core lays out each
    report's records early (``bilateral.render.ahead``); ``--jobs 1`` keeps to one core."""
    workers = max(1, workers)
    return min(workers, jobs) < min(workers, cores)


def cores() -> int:
    """Return the number of cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _bar_disabled(progress: bool | None) -> bool | None:
    return None if progress is None else not progress
