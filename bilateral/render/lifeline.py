"""Workers and kernels die with the batch that started them.

A render worker is forked from the batch's forkserver, which exits when the batch does (its
pipe to the batch closes, even on ``kill -9``). The worker asks Linux to send it SIGTERM when
its parent dies (``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread polls ``os.getppid()`` as
well (other systems, and the moment before prctl took effect). On SIGTERM, SIGINT or SIGHUP
the worker kills its kernel's whole process group (jupyter_client starts each kernel in a
session of its own) and every other descendant, then exits. ipykernel also exits by itself
when its parent changes (``JPY_PARENT_PID``).

The batch (``bilateral.cli``) turns SIGTERM and SIGHUP into ``KeyboardInterrupt``, so its
``finally`` blocks stop the workers and leave the manifest consistent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def bind_to_parent() -> None:
    """Make this worker process stop, with its kernel, as soon as its parent is gone."""
    parent = os.getppid()
    for number in STOP_SIGNALS:
        signal.signal(number, _stop)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog alone
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        _stop(signal.SIGTERM, None)
    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


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

