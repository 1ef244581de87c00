"""Workers and kernels die with the batch that started them.

A render worker is forked from the batch's forkserver. The forkserver exits when the last
holder of its "alive" pipe closes it: the batch (even on ``kill -9``) and every worker, which
gets a copy to start processes of its own; the worker closes that copy, so the forkserver dies
with the batch. The worker asks Linux to send it SIGTERM when its parent (the forkserver) dies
(``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread polls its parent and the batch process as
well (other systems, and the moment before prctl took effect). On SIGTERM, SIGINT or SIGHUP
the worker kills its kernel's whole process group (jupyter_client starts each kernel in a
session of its own) and every other descendant, then exits. ipykernel also exits by itself
when its parent changes (``JPY_PARENT_PID``).

The batch (``bilateral.cli``) turns SIGTERM and SIGHUP into ``KeyboardInterrupt``, so its
``finally`` blocks stop the workers and leave the manifest consistent.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def bind_to_parent(batch: int = 0) -> None:
    """Make this worker process stop, with its kernel, as soon as its parent or the batch
    process ``batch`` (a pid; 0 for none) is gone."""
    parent = os.getppid()
    for number in STOP_SIGNALS:
        signal.signal(number, _stop)
    _release_forkserver()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog alone
            pass
    if os.getppid() != parent or not _running(batch):  # gone before prctl took effect
        _stop(signal.SIGTERM, None)
    threading.Thread(target=_watch, args=(parent, batch), name="parent-watchdog",
                     daemon=True).start()


def _watch(parent: int, batch: int) -> None:
    while os.getppid() == parent and _running(batch):
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


def _running(pid: int) -> bool:
    """Tell whether a process is alive (a zombie is not: it is dead but not yet reaped)."""
    if not pid:
        return True
    import psutil  # noqa: PLC0415

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _release_forkserver() -> None:
    """Close this worker's copy of the forkserver's alive pipe (it starts no process through
    the forkserver), so that the forkserver exits when the batch does."""
    from multiprocessing import forkserver  # noqa: PLC0415

    server = getattr(forkserver, "_forkserver", None)
    descriptor = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(descriptor, int) and server is not None:
        with contextlib.suppress(OSError):
            os.close(descriptor)
        server._forkserver_alive_fd = None


def kill_descendants() -> None:
    """SIGKILL every process this one started (kernels and their process groups)."""
    import psutil  # noqa: PLC0415

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        try:
            group = os.getpgid(child.pid)
            if group != os.getpgrp():
                os.killpg(group, signal.SIGKILL)
            child.kill()
        except (OSError, psutil.Error):
            pass


def _stop(number: int, _frame) -> None:
    kill_descendants()
    os._exit(128 + number)

