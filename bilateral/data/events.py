"""Load an event table and check it against the schema in ``data/datapackage.json``.

Every problem found is collected, then raised once as a :class:`DataError` whose message names
the file, the line, the ``event_id`` and the column of each problem.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from bilateral.data import tabletext
from bilateral.data.files import regular_file_problem
from bilateral.data.rowchecks import check_countries, check_precision
from bilateral.data.schema import Field, curated_optional_fields, event_fields, optional_fields

MAX_LISTED = 60  # problems printed in a message; all are kept on the exception
TEXT = pd.StringDtype(na_value=np.nan)  # columns as read, before typing


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an event table."""

    line: int
    column: str | None
    message: str
    event_id: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.event_id:
            where += f" (event_id {self.event_id!r})"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """An event table that breaks the schema; ``problems`` lists everything found."""

    def __init__(self, path: str | Path, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        listed = "\n".join(f"  {self.path}: {p}" for p in problems[:MAX_LISTED])
        more = len(problems) - MAX_LISTED
        tail = f"\n  ... and {more} more" if more > 0 else ""
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{self.path}: {len(problems)} {noun}\n{listed}{tail}")


def load_events(path: str | Path) -> pd.DataFrame:
    """Read an event table and return it typed, or raise :class:`DataError`.

    Parameters
    ----------
    path
        A UTF-8, comma-separated file with a header row, in the schema of
        ``data/datapackage.json`` (resource ``events``; extra columns are kept, and the
        machine-coded columns of resource ``events-machine-coded`` are checked when present).

    Returns
    -------
    pandas.DataFrame
        One row per event, in file order: ``date`` (and ``date_added``) as datetime64,
        enumerated columns as ordered-by-schema categoricals, ``intensity`` as float,
        optional integer columns as nullable ``Int64``, text as strings ("" when empty).
        ``df.attrs["lines"]`` holds each row's line number in the file.
    """
    path = Path(path)
    try:  # a FIFO or a device is refused before it is opened: it could block or never end
        unreadable = regular_file_problem(path)
        raw = b"" if unreadable else path.read_bytes()
    except OSError as exc:
        unreadable = f"cannot read file: {exc.strerror}"
    if unreadable:
        raise DataError(path, [Problem(0, None, unreadable)]) from None
    header, table, lines, problems = _parse(tabletext.normalise_newlines(raw))
    header_problems = _check_header(header)
    hint = header_problems and tabletext.delimiter_hint(header, [f.name for f in event_fields()])
    if hint:  # one sentence instead of a missing-column problem per column
        raise DataError(path, [Problem(1, None, hint)])
    problems += header_problems
    typed = table
    if header and not header_problems:
        typed, cell_problems = _check_cells(table, np.asarray(lines, dtype=int))
        problems += cell_problems
    if problems:
        order = {name: i for i, name in enumerate(header)}
        problems.sort(key=lambda p: (p.line, -1 if p.column is None else order.get(p.column, -1)))
        raise DataError(path, problems)
    typed.attrs["lines"] = list(lines)
    return _with_optional_columns(typed)


def _with_optional_columns(typed: pd.DataFrame) -> pd.DataFrame:
    """Add the curated optional columns a table leaves out: empty text, or false."""
    missing = [f for f in curated_optional_fields() if f.name not in typed.columns]
    for field in missing:
        typed[field.name] = False if field.type == "boolean" else ""
    return typed


def _parse(raw: bytes) -> tuple[list[str], pd.DataFrame, list[int], list[Problem]]:
    """Split bytes into header and a table of strings, reporting encoding and field-count
    problems with the line each row starts on."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        prefix = raw[line_start:exc.start].decode("utf-8", errors="replace")
        first_line = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        names = next(csv.reader(io.StringIO(first_line)), [])
        index = len(next(csv.reader(io.StringIO(prefix)), [""])) - 1
        column = names[index] if 0 <= index < len(names) else None
        msg = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        return [], pd.DataFrame(), [], [Problem(line, column, msg)]
    if not text.strip():
        empty = Problem(1, None, "the file is empty; expected a header row")
        return [], pd.DataFrame(), [], [empty]
    fast = _parse_regular(raw, text)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    start = 1
    try:
        for record in reader:
            if not header:
                header = [h.strip() for h in record]
            elif record:  # blank lines are skipped
                if len(record) == len(header):
                    rows.append(record)
                    lines.append(start)
                else:
                    problems.append(Problem(
                        start, None,
                        f"has {len(record)} fields, expected {len(header)} (one per header column)",
                        record[0] if record else None))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = tabletext.field_limit_message(exc) or f"cannot be parsed as CSV: {exc}"
        problems.append(Problem(start, None, message))
    return header, pd.DataFrame(rows, columns=header, dtype=TEXT), lines, problems  # as fast path


def _parse_regular(raw: bytes, text: str) -> tuple | None:
    """Parse a table of one line per row quickly with pyarrow; None when the file is not that
    regular (quoted line breaks, blank lines, wrong field counts), so that the line-by-line
    parser finds and names its problems."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # not text.split: that copies the whole file
    header = [h.strip() for h in next(csv.reader(io.StringIO(first_line)))]
    if len(set(header)) != len(header) or not all(header):
        return None
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_rows != physical - 1:
        return None
    frame = table.to_pandas(types_mapper=lambda _: TEXT)
    return header, frame, list(range(2, table.num_rows + 2)), []


def _check_header(header: list[str]) -> list[Problem]:
    if not header:
        return []
    problems = [Problem(1, name, "column is missing from the header")
                for name in (f.name for f in event_fields()) if name not in header]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(1, name, "column appears twice in the header"))
        seen.add(name)
    return problems


def _check_cells(table: pd.DataFrame, lines: np.ndarray) -> tuple[pd.DataFrame, list[Problem]]:
    """Type every column and collect the problems of every cell (vectorised)."""
    ids = table["event_id"].to_numpy() if "event_id" in table else np.full(len(table), None)
    problems: list[Problem] = []

    def flag(mask, column: str, message) -> None:
        mask = np.asarray(mask, dtype=bool)
        for i in np.flatnonzero(mask):
            text = message(i) if callable(message) else message
            problems.append(Problem(int(lines[i]), column, text, ids[i] or None))

    typed = table.copy()
    fields = [f for f in event_fields() + optional_fields() if f.name in table.columns]
    for field in fields:
        typed[field.name] = _check_column(field, table[field.name], lines, flag)
    check_countries(table, flag)
    check_precision(table, typed, flag)
    for field in fields:
        if field.enum is not None and field.type == "string":
            values = typed[field.name].where(typed[field.name].isin(field.enum))
            typed[field.name] = pd.Categorical(values, categories=list(field.enum))
    return typed.reset_index(drop=True), problems


def _check_column(field: Field, column: pd.Series, lines: np.ndarray, flag) -> pd.Series:
    """Flag every cell of one column that breaks its field's constraints; return it typed."""
    raw = column.astype(str).str.strip()
    empty = (raw == "").to_numpy()
    values = raw.array  # cells for messages, indexed only when a cell is flagged
    if field.required:
        flag(empty, field.name, "is required but empty")
    flag(raw.str.len().to_numpy() > tabletext.MAX_FIELD_CHARS, field.name,
         tabletext.FIELD_TOO_LONG.removeprefix("has a field "))
    typed, bad = _convert(raw, field)
    flag(bad & ~empty, field.name, lambda i: _bad_type_message(values[i], field))
    checkable = ~empty & ~bad
    if field.pattern and field.type == "string":
        bad_pattern = ~raw.str.fullmatch(field.pattern).fillna(False).to_numpy(dtype=bool)
        flag(bad_pattern & checkable, field.name,
             lambda i: f"{values[i]!r} does not match the pattern {field.pattern}")
    if field.enum is not None:
        allowed = {str(v) for v in field.enum}
        flag(~raw.isin(allowed).to_numpy() & checkable, field.name,
             lambda i: f"{values[i]!r} is not one of: {', '.join(map(str, field.enum))}")
    if field.type == "date" and field.minimum and field.maximum:  # what the charts can draw
        outside = ~typed.between(pd.Timestamp(field.minimum), pd.Timestamp(field.maximum))
        flag(checkable & outside.to_numpy(dtype=bool), field.name, lambda i: f"{values[i]} is "
             f"outside the supported range {field.minimum} to {field.maximum}")
    elif field.minimum is not None or field.maximum is not None:
        num = _numbers(raw.where(checkable, "")).to_numpy(dtype=float)
        lo = -np.inf if field.minimum is None else field.minimum
        hi = np.inf if field.maximum is None else field.maximum
        flag(checkable & ((num < lo) | (num > hi)), field.name,
             lambda i: f"{values[i]} is outside the range [{field.minimum}, {field.maximum}]")
    if field.unique:
        dup = raw.duplicated(keep=False).to_numpy() & ~empty
        where = pd.Series(lines[dup]).groupby(values[dup]).agg(list).to_dict()
        flag(dup, field.name, lambda i: f"{values[i]!r} is not unique: it is on lines "
             + ", ".join(map(str, where[values[i]])))
    return typed


def _convert(raw: pd.Series, field: Field) -> tuple[pd.Series, np.ndarray]:
    """Convert one column to its schema type; return values and a mask of unconvertible cells."""
    if field.type == "date":
        values = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        return values, values.isna().to_numpy()
    if field.type in ("number", "integer"):
        values = _numbers(raw)
        bad = values.isna().to_numpy() | ~np.isfinite(values.fillna(0).to_numpy(dtype=float))
        if field.type == "integer":
            bad |= (values.fillna(0) % 1 != 0).to_numpy()
            values = values.where(~bad).astype("Int64")
        return values.astype(float) if field.type == "number" else values, bad
    if field.type == "boolean":
        values = raw.str.lower().map({"true": True, "false": False})
        bad = values.isna().to_numpy() & (raw != "").to_numpy()
        return values.fillna(False).astype(bool), bad
    return raw.astype(str), np.zeros(len(raw), dtype=bool)


def _numbers(raw: pd.Series) -> pd.Series:
    """Parse numbers, NaN where empty or not a number: pyarrow's cast when every cell parses
    (a machine-coded column of 200,000 cells: 0.02 s), else pandas (0.3 s), which marks the
    cells that do not."""
    cells = pa.array(raw.array, type=pa.string())
    try:
        parsed = pc.cast(pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells),
                         pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(raw.where(raw != ""), errors="coerce")
    return pd.Series(parsed.to_numpy(zero_copy_only=False), index=raw.index, dtype=float)


def _bad_type_message(value: str, field: Field) -> str:
    kinds = {"date": "a valid date (YYYY-MM-DD)", "number": "a number", "integer": "an integer",
             "boolean": "true or false"}
    return f"{value!r} is not {kinds.get(field.type, field.type)}"
