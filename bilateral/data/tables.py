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
    """Raise :class:`DataError` naming each row whose ``event_id`` an earlier table uses
    (the first such table; ids within one table are checked by ``load_events``)."""
    if len(frames) < 2:
        return
    ids = pd.concat([pd.DataFrame({"event_id": frame["event_id"].to_numpy(dtype=object),
                                   "table": i,
                                   "line": frame.attrs.get("lines", range(2, len(frame) + 2))})
                     for i, frame in enumerate(frames)], ignore_index=True)
    repeated = ids["event_id"].duplicated()
    if not repeated.any():
        return
    first = ids.loc[~repeated].set_index("event_id")
    table = ids.loc[repeated, "table"].min()
    rows = ids.loc[repeated & (ids["table"] == table)]
    raise DataError(files[table], [
        Problem(int(line), "event_id", f"{event_id!r} is also used in "
                f"{files[first.at[event_id, 'table']]} line {first.at[event_id, 'line']}; ids "
                "are unique across tables", event_id)
        for event_id, line in zip(rows["event_id"], rows["line"], strict=True)])


def in_dyad(events: pd.DataFrame, dyad: Sequence[str]) -> pd.DataFrame:
    """Keep the events whose actor pair is the dyad, in either direction."""
    a, b = dyad
    pair = ((events["actor1"] == a) & (events["actor2"] == b)) | \
           ((events["actor1"] == b) & (events["actor2"] == a))
    return events.loc[pair]
