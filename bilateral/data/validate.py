"""``bilateral validate``: check event tables against the schema and list every problem."""

from __future__ import annotations

import argparse
import sys

from bilateral.data.events import DataError, load_events


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the ``validate`` arguments."""
    parser.description = "Check event tables; exit 0 when all are valid, 1 if not."
    parser.add_argument("paths", nargs="+", metavar="PATH", help="event table (CSV)")


def run(args: argparse.Namespace) -> int:
    """Validate each table; print a summary line, or every problem found."""
    status = 0
    for path in args.paths:
        try:
            events = load_events(path)
        except DataError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        if events.empty:
            print(f"{path}: valid, 0 events (header only)")
        else:
            first, last = events["date"].min(), events["date"].max()
            print(f"{path}: valid, {len(events)} events, "
                  f"{first:%Y-%m-%d} to {last:%Y-%m-%d}, "
                  f"{events['source'].ne('').sum()} with a source")
    return status
