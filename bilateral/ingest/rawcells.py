"""Cells of raw event files: dates from text parts, number checks, text decoding, slugs."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NUMBER = r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
BadMasks = dict[tuple[str, str], np.ndarray]  # (column, what it should be) -> rows that fail


def parse_dates(year: pa.Array, month: pa.Array, day: pa.Array) -> np.ndarray:
    """Return YYYYMMDD integers from text parts; 0 where the parts are not a real date."""
    y, m, d = (pc.cast(pc.if_else(pc.utf8_is_digit(p), p, "0"), pa.int64())
               .fill_null(0).to_numpy(zero_copy_only=False) for p in (year, month, day))
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m, 0, 12)]
    days = days + ((m == 2) & leap)
    ok = (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    return np.where(ok, y * 10000 + m * 100 + d, 0)


def iso_dates(yyyymmdd: np.ndarray) -> pd.Series:
    """Return YYYYMMDD integers as ISO ``YYYY-MM-DD`` text."""
    date = pd.Series(yyyymmdd).astype(str)
    return date.str[:4] + "-" + date.str[4:6] + "-" + date.str[6:8]


def bad_mask(values: pa.Array, pattern: str, allow_empty: bool = True) -> np.ndarray:
    """Return a mask of the values that do not match ``pattern`` (regex)."""
    ok = pc.match_substring_regex(values, pattern)
    if allow_empty:
        ok = pc.or_(ok, pc.equal(values, ""))
    return ~ok.fill_null(False).to_numpy(zero_copy_only=False)


def texts(table: pa.Table, column: str) -> pd.Series:
    """Return a column as text: UTF-8, or value by value Latin-1 where a value is not UTF-8."""
    values = table[column].combine_chunks()
    try:
        values.validate(full=True)
        return values.to_pandas()
    except pa.ArrowInvalid:
        pass
    out = []
    for raw in pc.cast(values, pa.binary()).to_pylist():
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1"))
    return pd.Series(out, dtype=str)


def slug(value: str) -> str:
    """Return ``value`` as a lower-case slug of [a-z0-9] runs joined by '-'."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


def flag(bad: BadMasks, column: str, should: str, mask: pd.Series | np.ndarray) -> None:
    """Add the rows in ``mask`` to the rows whose ``column`` is not ``should``."""
    mask = np.asarray(mask, dtype=bool)
    bad[(column, should)] = bad[(column, should)] | mask if (column, should) in bad else mask
