"""The ``bilateral`` command line: validate, render, ingest.

Only the module of the command being run is imported, so ``bilateral render`` checks whether
anything needs rendering without first paying for pandas and the other heavy imports.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

# command -> (module that configures and runs it, one-line help)
COMMANDS = {
    "validate": ("bilateral.data.validate", "check event tables against data/datapackage.json"),
    "render": ("bilateral.render.command", "render report variants to HTML and PDF"),
    "ingest": ("bilateral.ingest.command", "turn GDELT or ICEWS files into an event table"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of the ``bilateral`` command, with ``command``'s arguments in full."""
    parser = argparse.ArgumentParser(
        prog="bilateral",
        description="Chart how the relationship between two countries moved between "
                    "cooperation and tension.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            module = importlib.import_module(module_name)
            module.configure_parser(p)
            p.set_defaults(func=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bilateral`` command and return its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    previous = _interrupt_on_termination()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt_on_termination() -> dict:
    """Treat SIGTERM and SIGHUP like Ctrl-C, so that cleanup code runs (render stops its
    workers, ingest removes its temporary files); return the handlers replaced."""
    def interrupt(_number, _frame):
        raise KeyboardInterrupt

    previous: dict = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) == signal.SIG_DFL:
            previous[number] = signal.signal(number, interrupt)
    return previous


if __name__ == "__main__":
    sys.exit(main())
