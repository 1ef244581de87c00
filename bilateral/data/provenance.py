"""Where a report's data came from: file name, checksum, size and newest event."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bilateral.data.files import sha256_file


@dataclass(frozen=True)
class Source:
    """Provenance of one event table."""

    name: str
    sha256: str
    rows: int
    newest: pd.Timestamp | None


def describe_source(path: Path, table: pd.DataFrame) -> Source:
    """Return the provenance of the table loaded from ``path``."""
    digest = sha256_file(path)
    newest = table["date"].max() if len(table) else None
    return Source(name=Path(path).name, sha256=digest, rows=len(table), newest=newest)
