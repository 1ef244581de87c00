"""The ``bilateral`` command line: validate, render, ingest."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bilateral.events import DataError, load_events


def _validate(args: argparse.Namespace) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``bilateral`` command."""
    parser = argparse.ArgumentParser(
        prog="bilateral",
        description="Chart how the relationship between two countries moved between "
                    "cooperation and tension.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check event tables against data/datapackage.json",
                       description="Check event tables; exit 0 when all are valid, 1 if not.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="event table (CSV)")
    p.set_defaults(func=_validate)

    from bilateral import report  # noqa: PLC0415 - keep `bilateral validate` light
    p = sub.add_parser("render", help="render report variants to HTML and PDF",
                       description=report.__doc__)
    report.configure_parser(p)
    p.set_defaults(func=report.run)

    from bilateral import ingest  # noqa: PLC0415
    p = sub.add_parser("ingest", help="turn GDELT or ICEWS files into an event table",
                       description=ingest.__doc__)
    ingest.configure_parser(p)
    p.set_defaults(func=ingest.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bilateral`` command and return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
