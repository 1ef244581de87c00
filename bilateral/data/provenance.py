"""Where a report's data came from: file names, checksum, size, newest event, table version."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bilateral.data.files import sha256_file
from bilateral.data.schema import bundled_tables, package_version


@dataclass(frozen=True)
class Source:
    """Provenance of the event tables a report read."""

    name: str  # file names, comma-separated
    sha256: str  # of the one file, or of the files' digests in order
    rows: int
    newest: pd.Timestamp | None
    version: str = ""  # the data package's version when the tables are the bundled ones


def describe_source(paths: Path | Sequence[Path], table: pd.DataFrame) -> Source:
    """Return the provenance of the table loaded from ``paths`` (one file or several)."""
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    digests = [sha256_file(p) for p in files]
    digest = digests[0] if len(digests) == 1 else hashlib.sha256(
        "\n".join(digests).encode()).hexdigest()
    newest = table["date"].max() if len(table) else None
    bundled = {p.resolve() for p in bundled_tables()}
    version = package_version() if {p.resolve() for p in files} <= bundled else ""
    return Source(name=", ".join(p.name for p in files), sha256=digest, rows=len(table),
                  newest=newest, version=version)
