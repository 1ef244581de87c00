"""Where ingest writes: never over an input, and whole files or nothing."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pyarrow as pa

from bilateral.data.files import atomic_paths
from bilateral.data.volume import volume_path


def write_tables(tables: dict[Path, pa.Table]) -> None:
    """Write every table to a temporary file next to it, then move all into place: an
    interrupted or failed run (a full disk) leaves the previous outputs as they were."""
    with atomic_paths(list(tables)) as temporary:
        for tmp, table in zip(temporary, tables.values(), strict=False):
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")  # faster than DataFrame.to_csv
                writer.writerow(table.column_names)
                for batch in table.to_batches(max_chunksize=20_000):
                    writer.writerows(zip(*(c.to_pylist() for c in batch.columns), strict=False))


def refuse_inputs(out: Path, files: list[str]) -> None:
    """Refuse an output path that is one of the inputs (or a hard or symbolic link to one)."""
    for target, path in ((t, p) for t in (out, volume_path(out)) for p in files):
        same = os.path.abspath(target) == os.path.abspath(path)
        if same or (os.path.exists(target) and os.path.samefile(target, path)):
            raise ValueError(f"--out {out} would overwrite the input file {path}; "
                             "choose another output path")
