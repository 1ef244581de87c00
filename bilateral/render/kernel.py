"""Start a report's kernel before papermill is imported, and let papermill run the notebook in it.

A worker's first job is to start the kernel, which boots (IPython, ipykernel: about a second)
on the other core while a thread of the worker imports papermill, instead of after. The
worker's main thread meanwhile connects a client and waits for the kernel's first reply
(``connect``), so that nothing is left to wait for once papermill is imported. papermill's
nbclient engine runs a notebook in a kernel manager (and client) it is given, but then leaves
them open, as the caller's; the ``bilateral`` engine registered here gives them back to
nbclient, which stops both when the notebook has run, as it does with a kernel of its own.
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any

from bilateral.render.jobs import Job

ENGINE = "bilateral"
# A render kernel collects once after each cell and freezes what is still alive (gc.freeze):
# the collector's full passes then skip the modules pandas, matplotlib and scipy brought, which
# they scanned again and again. Measured in the kernel (gc.callbacks), the collector took
# 0.37-0.46 s of a full_history render instead of 0.56 s, and 0.43-0.46 s of the 200,000-row
# table's instead of 0.62-0.75 s. The kernel ends with the report, so an object that becomes
# cyclic garbage after the cell it was made in is freed only then.
FREEZE = ("get_ipython().events.register('post_run_cell', "
          "lambda result, gc=__import__('gc'): (gc.collect(), gc.freeze()))")


def start_kernel(job: Job) -> Any:
    """Start the kernel the job's notebook names, in the job's folder; return its (async)
    kernel manager, or None when the notebook cannot be read here (papermill then starts the
    kernel and reports the problem)."""
    try:
        name = kernel_name(json.loads(Path(job.notebook).read_text(encoding="utf-8"))["metadata"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415
    from jupyter_core.utils import run_sync  # noqa: PLC0415

    manager = AsyncKernelManager(kernel_name=name)
    # As nbclient does for a kernel of its own: IPython keeps the history in memory, not in the
    # user's history.sqlite, which would record every report's code and which kernels running
    # at once would share
    ipython = ["--HistoryManager.hist_file=:memory:", f"--IPKernelApp.exec_lines={FREEZE}"]
    run_sync(manager.start_kernel)(cwd=job.cwd, extra_arguments=ipython if manager.ipykernel
                                   else [])
    return manager


def connect(manager: Any, timeout: float = 60) -> Any:
    """Return a client of the kernel ``manager`` started, once the kernel has replied; None
    without a manager. Raise RuntimeError when the kernel dies or does not reply in time."""
    if manager is None:
        return None
    from jupyter_core.utils import run_sync  # noqa: PLC0415

    client = manager.client()
    client.start_channels()
    try:
        run_sync(_first_reply)(client, manager, timeout)
    except BaseException:
        client.stop_channels()
        raise
    return client


async def _first_reply(client: Any, manager: Any, timeout: float) -> None:
    """Wait until the kernel answers a ``kernel_info`` request and its IOPub messages reach the
    client: jupyter_client's ``wait_for_ready`` without its last step, which waits for 0.2 s
    without IOPub messages. nbclient skips the messages of requests that are not its own."""
    from queue import Empty  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while True:
        client.kernel_info()
        try:
            reply = await client.shell_channel.get_msg(timeout=1)
            if reply["msg_type"] == "kernel_info_reply":
                await client.iopub_channel.get_msg(timeout=1)  # IOPub is connected
                return
        except Empty:
            pass
        if not await manager.is_alive():
            raise RuntimeError("the kernel died before it replied")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not reply in {timeout:g} s")


def kernel_name(metadata: Any) -> str:
    """Return the name of the kernel a notebook's metadata asks for (papermill's default too)."""
    return str(metadata.get("kernelspec", {}).get("name") or "python3")


def stop_kernel(manager: Any, client: Any = None) -> None:
    """Stop a kernel ``start_kernel`` started, and the client ``connect`` gave, if it still runs
    (papermill failed before it ran the notebook); nbclient has stopped both otherwise."""
    if manager is not None and manager.has_kernel:
        from jupyter_core.utils import run_sync  # noqa: PLC0415

        if client is not None:
            client.stop_channels()
        run_sync(manager.shutdown_kernel)(now=True)


@functools.cache
def register_engine() -> None:
    """Register the ``bilateral`` papermill engine, once (papermill must be importable)."""
    from papermill.clientwrap import PapermillNotebookClient  # noqa: PLC0415
    from papermill.engines import NBClientEngine, papermill_engines  # noqa: PLC0415
    from papermill.log import logger  # noqa: PLC0415

    class StartedKernelEngine(NBClientEngine):
        """papermill's nbclient engine, run in a kernel started before (``km``), through a
        client connected before (``kc``) when there is one."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            kwargs.pop("input_path", None)
            kwargs.pop("startup_timeout", None)
            timeout = kwargs.pop("timeout", None)
            connected = kwargs.pop("kc", None)
            client = PapermillNotebookClient(
                nb_man, timeout=execution_timeout or timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger,
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                **kwargs)
            client.owns_km = True  # stop the kernel and its client when done, as nbclient's own
            if connected is not None:  # nbclient then skips making and waiting for its own
                connected.allow_stdin = False
                client.kc = connected
            return client.execute()

    papermill_engines.register(ENGINE, StartedKernelEngine)
