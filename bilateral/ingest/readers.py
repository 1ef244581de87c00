"""Read raw event files (plain, ``.gz``, ``.zip``) in line-aligned chunks, counting bad lines.

A file is read in chunks of whole lines; pyarrow parses each chunk on all cores, all as text,
keeping only the few columns needed to check and select rows. The source module (``gdelt``,
``icews``) checks the rows; the dyad's lines are parsed again with every column the output
needs and turned into events in batches. This module keeps the line numbers, the counts and the
per-month volume, so memory depends on the chunk size and the dyad's rows, not the file size.
"""

from __future__ import annotations

import gzip
import os
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from io import BufferedIOBase
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from bilateral.data.events import DataError, Problem
from bilateral.ingest.streams import line_chunks, open_streams

MAX_EXAMPLES = 5  # malformed lines quoted in a warning or error
BATCH_ROWS = 50_000  # dyad rows turned into events at once (bounds pandas' working memory)


class IngestError(DataError):
    """A raw event file that cannot be ingested (damaged archive, unknown layout, bad lines)."""

    def __init__(self, path: str | Path, message: str):
        super().__init__(path, [Problem(0, None, message)])
        self.args = (f"{path}: {message}",)

    def __reduce__(self):  # picklable, so Dask workers can send it back
        return (type(self), (self.path, self.problems[0].message))


@dataclass(frozen=True)
class Layout:
    """How to parse one stream: format, column names in file order, columns to read.

    ``scan`` columns are read on every row (to check and select them); ``include`` columns
    only on the dyad's rows, which are parsed a second time.
    """

    format: str
    columns: tuple[str, ...]
    scan: tuple[str, ...]
    include: tuple[str, ...]
    header_lines: int = 0


@dataclass
class Checked:
    """What a source found in one parsed chunk.

    ``bad`` maps (column, what the value should be) to a mask of rows that fail; ``yyyymmdd``
    holds each row's event date as an integer (0 if not a date); ``keep`` holds the indices of
    the dyad's rows.
    """

    bad: dict[tuple[str, str], np.ndarray]
    yyyymmdd: np.ndarray
    keep: np.ndarray


class Source(Protocol):
    """What ``gdelt`` and ``icews`` provide."""

    def detect_layout(self, name: str, head: list[bytes]) -> Layout: ...

    def check(self, table: pa.Table, layout: Layout, dyad: tuple[str, str]) -> Checked: ...

    def events(self, kept: pa.Table, yyyymmdd: np.ndarray, layout: Layout, name: str
               ) -> tuple[pd.DataFrame, dict[tuple[str, str], np.ndarray]]: ...


@dataclass
class FileScan:
    """Everything learned from one input file."""

    path: str
    size: int
    rows_read: int = 0
    rows_skipped: int = 0
    examples: list[str] = field(default_factory=list)
    volume: Counter = field(default_factory=Counter)
    events: list[pa.Table] = field(default_factory=list)  # all-text columns


def scan_file(path: str, source: Source, dyad: tuple[str, str],
              on_bytes: Callable[[int], None] | None = None) -> FileScan:
    """Read one file (every stream in it) and return its counts, volume and dyad events.

    ``on_bytes`` is called with the number of (compressed) bytes read since its last call.
    """
    scan = FileScan(path=path, size=0)
    done = 0

    def tick(position: int) -> None:
        nonlocal done
        if on_bytes is not None:
            on_bytes(position - done)
        done = position

    try:
        scan.size = os.path.getsize(path)
        with ExitStack() as stack:
            raw = stack.enter_context(open(path, "rb"))
            for name, stream in open_streams(path, raw, stack):
                _scan_stream(scan, name, stream, source, dyad, lambda: tick(raw.tell()))
    except (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
        raise IngestError(path, f"truncated or damaged archive ({exc})") from None
    except pa.ArrowInvalid as exc:
        raise IngestError(path, f"cannot be parsed: {exc}") from None
    except IsADirectoryError:
        raise IngestError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot be read: {exc.strerror or exc}") from None
    tick(scan.size)
    return scan


def _scan_stream(scan: FileScan, name: str, stream: BufferedIOBase, source: Source,
                 dyad: tuple[str, str], tick: Callable[[], None]) -> None:
    """Read one stream chunk by chunk into ``scan``; dyad rows become events in batches."""
    kept: list[tuple[pa.Table, np.ndarray, np.ndarray]] = []
    layout = None
    for table, lines, layout, invalid, chunk in _tables(name, stream, source):
        for line, message in invalid:
            _example(scan, name, line, message)
        scan.rows_read += len(invalid)
        scan.rows_skipped += len(invalid)
        kept.append(_add(scan, name, table, lines, source.check(table, layout, dyad), chunk,
                         layout))
        if sum(k[0].num_rows for k in kept) >= BATCH_ROWS:
            _add_events(scan, name, source, layout, kept)
            kept = []
        tick()
    if kept and layout is not None:
        _add_events(scan, name, source, layout, kept)


def _tables(name: str, stream: BufferedIOBase, source: Source
            ) -> Iterator[tuple[pa.Table, np.ndarray, Layout, list, tuple[memoryview, int]]]:
    """Yield each parsed chunk, the line number of every row, the layout, bad lines, the bytes.

    Bad lines (wrong number of fields) come as (line number, message). The bytes come with
    the number of their first line.
    """
    layout = None
    next_line = 1
    for chunk in line_chunks(stream):
        if layout is None:
            head = bytes(chunk[: 1 << 20]).split(b"\n")[:50]
            layout = source.detect_layout(name, head)
            skip = sum(len(line) + 1 for line in head[: layout.header_lines])
            chunk = chunk[skip:]
            next_line += layout.header_lines
            if not len(chunk):
                continue
        table, invalid = _parse(chunk, layout, layout.scan, threads=True)
        if invalid:  # threaded parsing does not number rows: parse again to find them
            table, invalid = _parse(chunk, layout, layout.scan, threads=False)
        total = table.num_rows + len(invalid)
        lines = np.arange(next_line, next_line + total)
        bad = [(next_line + number - 1,
                f"has {fields} tab-separated fields, expected {len(layout.columns)}")
               for number, fields in invalid]
        lines = np.delete(lines, [number - 1 for number, _ in invalid])
        yield table, lines, layout, bad, (chunk, next_line)
        next_line += total


def _parse(chunk: memoryview | bytes, layout: Layout, columns: tuple[str, ...],
           threads: bool) -> tuple[pa.Table, list[tuple[int, int]]]:
    invalid: list[tuple[int, int]] = []

    def skip(row) -> str:
        invalid.append((row.number or 0, row.actual_columns))
        return "skip"

    table = pacsv.read_csv(
        pa.py_buffer(chunk),
        read_options=pacsv.ReadOptions(column_names=list(layout.columns), use_threads=threads,
                                       block_size=4 << 20),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, double_quote=False,
                                         ignore_empty_lines=False, invalid_row_handler=skip),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(columns), check_utf8=False,
            column_types={c: pa.string() for c in columns}))
    return table, invalid


def _add(scan: FileScan, name: str, table: pa.Table, lines: np.ndarray, checked: Checked,
         chunk: tuple[memoryview, int], layout: Layout) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Fold one chunk into the counts, examples and volume; return its good dyad rows.

    The dyad's rows are parsed again from their lines, with all the columns the source needs.
    """
    scan.rows_read += table.num_rows
    bad_any = np.zeros(table.num_rows, dtype=bool)
    for mask in checked.bad.values():
        bad_any |= mask
    if bad_any.any():
        scan.rows_skipped += int(bad_any.sum())
        for row in np.flatnonzero(bad_any)[:MAX_EXAMPLES]:
            (column, should), _ = next((k, m) for k, m in checked.bad.items() if m[row])
            _example(scan, name, int(lines[row]),
                     f"{column} {table[column][int(row)].as_py()!r} is not {should}")
    months, counts = np.unique(checked.yyyymmdd[~bad_any] // 100, return_counts=True)
    scan.volume.update(dict(zip(months.tolist(), counts.tolist(), strict=True)))
    rows = checked.keep[~bad_any[checked.keep]]
    kept = _reparse(chunk[0], lines[rows] - chunk[1], layout)
    return kept, checked.yyyymmdd[rows], lines[rows]


def _reparse(chunk: memoryview, index: np.ndarray, layout: Layout) -> pa.Table:
    """Parse the lines at ``index`` (0-based, in order) of ``chunk`` with all needed columns."""
    if not len(index):
        return pa.table({c: pa.array([], pa.string()) for c in layout.include})
    ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
    if len(ends) == int(index[-1]):  # the last line has no newline
        ends = np.append(ends, len(chunk))
    starts = np.concatenate(([0], ends[:-1] + 1))
    data = b"\n".join(chunk[starts[i]:ends[i]] for i in index.tolist()) + b"\n"
    table, invalid = _parse(data, layout, layout.include, threads=False)
    if invalid:
        raise IngestError(layout.format, "internal error: a line parsed twice differently")
    return table


def _add_events(scan: FileScan, name: str, source: Source, layout: Layout,
                kept: list[tuple[pa.Table, np.ndarray, np.ndarray]]) -> None:
    """Turn a stream's dyad rows into events; rows with bad values are skipped and counted."""
    table = pa.concat_tables(k[0] for k in kept)
    if not table.num_rows:
        return
    yyyymmdd = np.concatenate([k[1] for k in kept])
    lines = np.concatenate([k[2] for k in kept])
    events, bad = source.events(table, yyyymmdd, layout, name)
    bad_any = np.zeros(table.num_rows, dtype=bool)
    for (column, should), mask in bad.items():
        for row in np.flatnonzero(mask & ~bad_any)[:MAX_EXAMPLES]:
            _example(scan, name, int(lines[row]),
                     f"{column} {table[column][int(row)].as_py()!r} is not {should}")
        bad_any |= mask
    scan.rows_skipped += int(bad_any.sum())
    scan.volume.subtract(Counter((yyyymmdd[bad_any] // 100).tolist()))
    events = events[~bad_any]
    scan.events.append(pa.table({c: pa.array(events[c].astype(str).tolist(), pa.string())
                                 for c in events.columns}))


def _example(scan: FileScan, name: str, line: int, message: str) -> None:
    if len(scan.examples) < MAX_EXAMPLES:
        where = "" if name == scan.path else f"{name.removeprefix(scan.path + ':')}, "
        scan.examples.append(f"{where}line {line}: {message}")
