"""Where the record is thin: events and years with events per decade, and how precise the
dates are, so a reader sees the coverage before trusting a trend."""

from __future__ import annotations

import pandas as pd

PRECISIONS = ("day", "month", "year")


def coverage_table(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Return one row per decade of the report: ``decade`` ("1950s"), ``years`` (inside the
    report), ``n_events``, ``years_with_events`` and the count of each date precision."""
    first, last = start.year // 10 * 10, end.year // 10 * 10
    years = events["date"].dt.year
    rows = []
    for decade in range(first, last + 1, 10):
        inside = range(max(decade, start.year), min(decade + 9, end.year) + 1)
        chosen = events.loc[years.between(decade, decade + 9)]
        precision = chosen["date_precision"].astype(str).value_counts()
        rows.append({"decade": f"{decade}s", "years": len(inside), "n_events": len(chosen),
                     "years_with_events": int(years.loc[chosen.index].nunique()),
                     **{p: int(precision.get(p, 0)) for p in PRECISIONS}})
    return pd.DataFrame(rows)


def coverage_summary(table: pd.DataFrame) -> dict[str, int]:
    """Totals of a coverage table: years, years with events, events and each precision."""
    return {column: int(table[column].sum()) for column in
            ("years", "years_with_events", "n_events", *PRECISIONS)} if len(table) else {}
