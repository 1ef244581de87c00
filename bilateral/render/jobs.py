"""The unit of work of a render batch and how it ended (shared by the pool and the worker)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


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
