"""Start a report's kernel before papermill is imported, and let papermill run the notebook in it.

A worker's first job is to start the kernel, which boots (IPython, ipykernel: about a second)
on the other core while the worker imports papermill, instead of after. papermill's nbclient
engine runs a notebook in a kernel manager it is given, but then leaves the kernel and its
client open, as the caller's; the ``bilateral`` engine registered here gives them back to
nbclient, which stops both when the notebook has run, as it does with a kernel of its own.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from bilateral.render.jobs import Job

ENGINE = "bilateral"


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
    run_sync(manager.start_kernel)(cwd=job.cwd)
    return manager


def kernel_name(metadata: Any) -> str:
    """Return the name of the kernel a notebook's metadata asks for (papermill's default too)."""
    return str(metadata.get("kernelspec", {}).get("name") or "python3")


def stop_kernel(manager: Any) -> None:
    """Stop a kernel ``start_kernel`` started if it still runs (papermill failed before it ran
    the notebook); nbclient has stopped it otherwise."""
    if manager is not None and manager.has_kernel:
        from jupyter_core.utils import run_sync  # noqa: PLC0415

        run_sync(manager.shutdown_kernel)(now=True)


@functools.cache
def register_engine() -> None:
    """Register the ``bilateral`` papermill engine, once (papermill must be importable)."""
    from papermill.clientwrap import PapermillNotebookClient  # noqa: PLC0415
    from papermill.engines import NBClientEngine, papermill_engines  # noqa: PLC0415
    from papermill.log import logger  # noqa: PLC0415

    class StartedKernelEngine(NBClientEngine):
        """papermill's nbclient engine, run in a kernel started before (``km``)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            kwargs.pop("input_path", None)
            kwargs.pop("startup_timeout", None)
            timeout = kwargs.pop("timeout", None)
            client = PapermillNotebookClient(
                nb_man, timeout=execution_timeout or timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger,
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                **kwargs)
            client.owns_km = True  # stop the kernel and its client when done, as nbclient's own
            return client.execute()

    papermill_engines.register(ENGINE, StartedKernelEngine)
