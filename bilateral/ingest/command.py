"""Turn downloaded GDELT or ICEWS files into an event table for one dyad, plus monthly volume.

Reads plain, .gz and .zip files in chunks (memory does not grow with the input), keeps the rows
whose two actor countries are the dyad (either direction), and writes them in the schema of
data/datapackage.json, sorted by date then event_id. Alongside, <out stem>_volume.csv holds the
number of events per month across all rows read, to normalise the dyad's counts.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bilateral.data.events import DataError
from bilateral.data.parameters import ParameterError, parse_dyad
from bilateral.data.schema import event_fields, machine_coded_fields
from bilateral.data.volume import volume_path
from bilateral.ingest import gdelt, icews
from bilateral.ingest.output import refuse_inputs, write_tables
from bilateral.ingest.readers import FileScan, IngestError, scan_file

SOURCES = {"gdelt": gdelt, "icews": icews}
ENGINES = ("local", "dask")


class IngestWarning(UserWarning):
    """Malformed lines were skipped."""


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest read and wrote."""

    files: int
    rows_read: int
    rows_kept: int
    rows_skipped: int
    duplicates: int
    seconds: float
    out: Path
    volume: Path

    def __str__(self) -> str:
        dup = f", {self.duplicates:,} duplicate events dropped" if self.duplicates else ""
        files = f"{self.files:,} file{'s' if self.files != 1 else ''}"
        return (f"{files}, {self.rows_read:,} rows read, {self.rows_kept:,} kept, "
                f"{self.rows_skipped:,} skipped (malformed){dup}, {self.seconds:.1f} s\n"
                f"events: {self.out}\nvolume: {self.volume}")


def ingest_files(source: str, paths: list[str], dyad: str, out: Path, *, engine: str = "local",
                 scheduler: str | None = None, strict: bool = False,
                 progress: bool = True) -> IngestSummary:
    """Ingest event files for one dyad and write the event table and its monthly volume.

    Parameters
    ----------
    source
        ``"gdelt"`` (1.0 historical, 1.0 daily and 2.0 export layouts, told apart per file)
        or ``"icews"``.
    paths
        Files or glob patterns; plain, ``.gz`` or ``.zip``.
    dyad
        Two ISO 3166-1 alpha-3 codes, e.g. ``"FRA-DEU"``; rows in either direction are kept.
    out
        The event table to write (CSV); ``<stem>_volume.csv`` is written next to it.
    engine, scheduler
        ``"local"`` reads the files one after the other, each on all cores; ``"dask"`` reads
        them in parallel on a Dask cluster: a new LocalCluster, or the one at ``scheduler``
        (its workers must see the same paths).
    strict
        Raise on the first file with malformed lines instead of skipping them with a warning.

    Returns
    -------
    IngestSummary
        Counts of files and rows, and the paths written.

    Raises
    ------
    ValueError
        For bad arguments (unknown source or engine, bad dyad, no file matching).
    bilateral.data.events.DataError
        For files that cannot be read, are damaged, or (with ``strict``) hold malformed lines.
    """
    start = time.perf_counter()
    module = _source(source)
    codes = _dyad(dyad)
    files = expand_paths(paths)
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    out = Path(out)
    refuse_inputs(out, files)
    scans = (_scan_dask if engine == "dask" else _scan_local)(
        files, module, codes, strict, progress, scheduler)
    events, duplicates = _combine([s.events for s in scans])
    volume = _volume(scans)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_tables({out: events, volume_path(out): volume})
    return IngestSummary(files=len(files), rows_read=sum(s.rows_read for s in scans),
                         rows_kept=events.num_rows, rows_skipped=sum(s.rows_skipped for s in scans),
                         duplicates=duplicates, seconds=time.perf_counter() - start, out=out,
                         volume=volume_path(out))


def expand_paths(paths: list[str]) -> list[str]:
    """Expand ``~`` and glob patterns; raise ValueError naming the patterns matching nothing.

    A name that exists is taken as it is, even with ``*``, ``?`` or ``[`` in it."""
    files: list[str] = []
    unmatched = []
    for pattern in map(os.path.expanduser, paths):
        found = [pattern] if os.path.exists(pattern) else (
            sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [])
        if not found:
            unmatched.append(pattern)
        files += [f for f in found if f not in files]
    if unmatched:
        raise ValueError(f"no file matches {', '.join(map(repr, unmatched))}")
    return files


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``bilateral ingest`` to ``parser``."""
    parser.add_argument("source", choices=sorted(SOURCES), help="dataset the files come from")
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_GLOB",
                        help="event files (plain, .gz or .zip); quote globs, e.g. 'data/*.zip'")
    parser.add_argument("--dyad", required=True, metavar="AAA-BBB",
                        help="two ISO 3166-1 alpha-3 codes, e.g. FRA-DEU (both directions kept)")
    parser.add_argument("--out", required=True, type=Path, metavar="PATH",
                        help="event table to write (CSV); <stem>_volume.csv goes next to it")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local: one file after another; dask: files in parallel")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: address of a running Dask scheduler "
                             "(default: start a local cluster)")
    parser.add_argument("--strict", action="store_true",
                        help="stop with an error on malformed lines instead of skipping them")
    parser.add_argument("--no-progress", dest="progress", action="store_false",
                        help="do not show the progress bar")


def run(args: argparse.Namespace) -> int:
    """Run ``bilateral ingest`` from parsed arguments; return the exit status."""
    from tqdm import tqdm  # noqa: PLC0415

    def show(message, category, *_args, **_kwargs) -> None:
        tqdm.write(f"warning: {message}", file=sys.stderr)  # above the progress bar

    with warnings.catch_warnings():
        warnings.simplefilter("always", IngestWarning)
        warnings.showwarning = show
        try:
            summary = ingest_files(args.source, args.paths, args.dyad, args.out,
                                   engine=args.engine, scheduler=args.scheduler,
                                   strict=args.strict, progress=args.progress)
        except DataError as exc:
            print(f"bilateral ingest: error: {exc}", file=sys.stderr)
            return 1
        except ValueError as exc:
            print(f"bilateral ingest: error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # a full disk: the previous outputs are kept
            print(f"bilateral ingest: error: {exc.strerror or exc} ({exc.filename or args.out}); "
                  "the previous output is kept", file=sys.stderr)
            return 1
    print(summary)
    return 0


def _source(source: str):
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; choose from {', '.join(sorted(SOURCES))}")
    return SOURCES[source]


def _dyad(dyad: str) -> tuple[str, str]:
    """Parse a dyad with the report's one syntax (``bilateral.data.parameters.parse_dyad``)."""
    try:
        return parse_dyad(dyad)
    except ParameterError as exc:
        raise ValueError(f"--{exc}") from None


def _checked(scan: FileScan, strict: bool) -> FileScan:
    """Warn about (or, when strict, raise on) a file's malformed lines."""
    if scan.rows_skipped:
        what = f"{scan.rows_skipped:,} malformed line{'s' if scan.rows_skipped > 1 else ''}"
        first = "\n  ".join(scan.examples)
        if strict:
            raise IngestError(scan.path, f"{what} (--strict), first:\n  {first}")
        warnings.warn(f"{scan.path}: {what} skipped, first:\n  {first}", IngestWarning,
                      stacklevel=4)
    return scan


def _progress(files: list[str], enabled: bool):
    from tqdm import tqdm  # noqa: PLC0415 - only when ingesting

    total = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, disable=not enabled,
                desc=f"0/{len(files)} files", file=sys.stderr, leave=False)


def _scan_local(files: list[str], module, dyad: tuple[str, str], strict: bool, progress: bool,
                scheduler: str | None) -> list[FileScan]:
    """Read the files one after the other (pyarrow parses each chunk on all cores)."""
    scans = []
    with _progress(files, progress) as bar:
        for i, path in enumerate(files, 1):
            scans.append(_checked(scan_file(path, module, dyad, bar.update), strict))
            bar.set_description(f"{i}/{len(files)} files")
    return scans


def _scan_dask(files: list[str], module, dyad: tuple[str, str], strict: bool, progress: bool,
               scheduler: str | None) -> list[FileScan]:
    """Read the files in parallel on Dask: one task per file, results combined here in order."""
    from dask.distributed import Client, LocalCluster, as_completed  # noqa: PLC0415

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(processes=False, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client, _progress(files, progress) as bar:
            futures = client.map(_scan_named, files, source=module.__name__.rsplit(".", 1)[1],
                                 dyad=dyad, pure=False)
            for done, future in enumerate(as_completed(futures), start=1):
                scan = future.result()
                _checked(scan, strict)
                bar.update(scan.size)
                bar.set_description(f"{done}/{len(files)} files")
            return client.gather(futures)
    finally:
        if cluster is not None:
            cluster.close()


def _scan_named(path: str, source: str, dyad: tuple[str, str]) -> FileScan:
    """Run on a Dask worker: modules do not travel, so the source goes by name."""
    return scan_file(path, SOURCES[source], dyad)


def _combine(parts: list[list[pa.Table]]) -> tuple[pa.Table, int]:
    """Concatenate in file order, drop repeated event_ids (keep the first), sort."""
    columns = [f.name for f in event_fields() + machine_coded_fields()]
    tables = [t.select(columns) for tables in parts for t in tables]
    if not tables:
        return pa.table({c: pa.array([], pa.string()) for c in columns}), 0
    events = pa.concat_tables(tables)
    first = ~pd.Series(events["event_id"].to_numpy()).duplicated(keep="first").to_numpy()
    events = events.filter(pa.array(first))
    order = pc.sort_indices(events, [("date", "ascending"), ("event_id", "ascending")])
    return events.take(order), int((~first).sum())


def _volume(scans: list[FileScan]) -> pa.Table:
    """Total events per month (YYYY-MM) over every well-formed row read."""
    total: Counter = Counter()
    for scan in scans:
        total.update(scan.volume)
    months = sorted(m for m in total if total[m])
    return pa.table({"month": [f"{m // 100:04d}-{m % 100:02d}" for m in months],
                     "events_total": [str(total[m]) for m in months]})
