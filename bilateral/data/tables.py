"""Load several event tables as one: the bundled chronologies, or a user's list of files.

Each table is checked on its own (``load_events``); then ``event_id`` must be unique across all
of them, so that a row can be cited by its id alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from bilateral.data.events import DataError, Problem, load_events
from bilateral.data.schema import bundled_tables


def load_tables(paths: Sequence[str | Path] = ()) -> pd.DataFrame:
    """Return the rows of every table (the bundled ones when ``paths`` is empty), in file order.

    Raises :class:`DataError` for the first table with problems, or for an ``event_id`` that
    is also used by an earlier table. ``df.attrs["files"]`` lists the files read.
    """
    files = [Path(p) for p in paths] or list(bundled_tables())
    frames = [load_events(path) for path in files]
    check_unique_ids(files, frames)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table.attrs = {"files": [str(f) for f in files]}
    return table


def check_unique_ids(files: Sequence[Path], frames: Sequence[pd.DataFrame]) -> None:
    """Raise :class:`DataError` naming each row whose ``event_id`` an earlier table uses."""
    seen: dict[str, tuple[Path, int]] = {}
    for path, frame in zip(files, frames, strict=False):
        problems = []
        lines = frame.attrs.get("lines", range(2, len(frame) + 2))
        for event_id, line in zip(frame["event_id"], lines, strict=False):
            if event_id in seen:
                first, first_line = seen[event_id]
                problems.append(Problem(line, "event_id", f"{event_id!r} is also used in "
                                        f"{first} line {first_line}; ids are unique across "
                                        "tables", event_id))
        if problems:
            raise DataError(path, problems)
        seen.update({e: (path, line) for e, line in zip(frame["event_id"], lines, strict=False)})


def in_dyad(events: pd.DataFrame, dyad: Sequence[str]) -> pd.DataFrame:
    """Keep the events whose actor pair is the dyad, in either direction."""
    a, b = dyad
    pair = ((events["actor1"] == a) & (events["actor2"] == b)) | \
           ((events["actor1"] == b) & (events["actor2"] == a))
    return events.loc[pair]
