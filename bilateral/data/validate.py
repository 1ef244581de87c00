"""``bilateral validate``: check event tables against the schema and list every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bilateral.data.events import DataError, load_events
from bilateral.data.schema import bundled_tables
from bilateral.data.tables import check_unique_ids


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` arguments."""
    parser.description = ("Check event tables (default: every bundled table in "
                          "data/datapackage.json); exit 0 when all are valid, 1 if not.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="event table (CSV); none: every bundled table")


def run(args: argparse.Namespace) -> int:
    """Validate each table, then ids across them; print a summary line or every problem."""
    status = 0
    files = [Path(p) for p in args.paths] or [_shown(p) for p in bundled_tables()]
    valid = []
    for path in files:
        try:
            events = load_events(path)
        except DataError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        valid.append((path, events))
        if events.empty:
            print(f"{path}: valid, 0 events (header only)")
        else:
            first, last = events["date"].min(), events["date"].max()
            print(f"{path}: valid, {len(events)} events, "
                  f"{first:%Y-%m-%d} to {last:%Y-%m-%d}, "
                  f"{events['source'].ne('').sum()} with a source")
    if len(valid) > 1:
        try:
            check_unique_ids([p for p, _ in valid], [e for _, e in valid])
        except DataError as exc:
            print(exc, file=sys.stderr)
            status = 1
    return status


def _shown(path: Path) -> Path:
    """A bundled table's path relative to the working directory when it is inside it."""
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
