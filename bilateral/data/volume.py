"""Monthly volume files: the total number of events in the source per month, written by
``bilateral ingest`` next to a machine-coded table and read to normalise an overlay."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bilateral.data.events import DataError, Problem


def volume_path(events_path: str | Path) -> Path:
    """Return the monthly volume file written next to an ingested event table."""
    events_path = Path(events_path)
    return events_path.with_name(f"{events_path.stem}_volume.csv")


def load_volume(path: str | Path) -> pd.DataFrame:
    """Read a volume file: ``month`` (datetime, first of month) and ``events_total`` (int)."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        raise DataError(path, [Problem(0, None, f"cannot read file: {exc.strerror}")]) from None
    problems = [Problem(1, c, "column missing") for c in ("month", "events_total")
                if c not in table.columns]
    if not problems:
        month = pd.to_datetime(table["month"], format="%Y-%m", errors="coerce")
        total = pd.to_numeric(table["events_total"], errors="coerce")
        problems = [Problem(i + 2, "month", f"{v!r} is not a month (YYYY-MM)")
                    for i, v in enumerate(table["month"]) if pd.isna(month[i])]
        problems += [Problem(i + 2, "events_total", f"{v!r} is not a count")
                     for i, v in enumerate(table["events_total"])
                     if pd.isna(total[i]) or total[i] < 0 or total[i] % 1]
    if problems:
        raise DataError(path, problems)
    return pd.DataFrame({"month": month, "events_total": total.astype("int64")})
