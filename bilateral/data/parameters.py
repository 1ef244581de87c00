"""Turn the notebook's raw parameters (declared in ``spec.py``) into checked values, or stop
with one clear sentence.

Values may arrive as numbers or strings (``papermill -p start 1990`` injects an int, YAML may
give a date or a list), so every parser accepts several spellings. The checks import no pandas
(dates are ``datetime`` until ``prepare_report``): `bilateral render` checks variants at once.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from bilateral.data.countries import is_iso3
from bilateral.data.paths import REFERENCE_DIR, ROOT
from bilateral.data.schema import bundled_dyads, bundled_tables, enum_values
from bilateral.data.spec import NAMES, defaults

if TYPE_CHECKING:
    import pandas as pd

EARLIEST, LATEST = dt.datetime(1677, 9, 22), dt.datetime(2262, 4, 11)  # pandas' dates, whole days


class ParameterError(ValueError):
    """A report parameter that cannot be used; the message is one sentence for the reader."""


@dataclass(frozen=True)
class Parameters:
    """The checked, resolved parameters of one report (immutable; ``end`` is always a date)."""

    events_paths: tuple[Path, ...]  # the tables read: the bundled ones when events_path is empty
    dyad: tuple[str, str]
    compare: tuple[tuple[str, str], ...]  # dyads compared with the main one
    start: pd.Timestamp
    end: pd.Timestamp  # the one given, else the newest event of the dyad (or start)
    open_end: bool  # end was left empty
    domains: tuple[str, ...]  # empty = all
    title: str
    period_years: int
    smooth_periods: int
    label_events: int
    table_events: int
    eras: tuple[tuple[pd.Timestamp, str], ...]  # (start, name) sorted; empty = decades
    overlay_path: Path | None
    overlay_normalise: bool
    seed: int


def check_values(values: Mapping[str, object]) -> dict[str, object]:
    """Type and check every parameter of the spec (missing ones take their default).

    Returns the typed values (``end`` None when empty; dates as ``datetime.datetime``);
    raises :class:`ParameterError` with one sentence naming the parameter and the reason.
    Reads no event table and imports no pandas, so that ``bilateral render`` can check every
    variant before any kernel starts.
    """
    __tracebackhide__ = True
    v = {**defaults(), **values}
    unknown = sorted(set(v) - set(NAMES))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; the parameters are "
                             f"{', '.join(NAMES)}.")
    start = _day(v["start"], "start", first=True)
    end = None if _blank(v["end"]) else _day(v["end"], "end", first=False)
    if end is not None and start > end:
        raise ParameterError(f"start ({start:%Y-%m-%d}) is after end ({end:%Y-%m-%d}); "
                             "give a start before the end.")
    dyad = parse_dyad(v["dyad"]) if not _blank(v["dyad"]) else bundled_dyads()[0]
    path = parse_path(v["events_path"], "events_path")
    return {
        "events_paths": (path,) if path else bundled_tables(),
        "dyad": dyad,
        "compare": parse_compare(v["compare"], dyad),
        "start": start,
        "end": end,
        "domains": parse_domains(v["domains"]),
        "title": " ".join(str(v["title"] or "").split()),
        "period_years": _positive_int(v["period_years"], "period_years"),
        "smooth_periods": _positive_int(v["smooth_periods"], "smooth_periods"),
        "label_events": _positive_int(v["label_events"], "label_events", minimum=0),
        "table_events": _positive_int(v["table_events"], "table_events"),
        "eras": _eras(v["eras"], dyad),
        "overlay_path": parse_path(v["overlay_path"], "overlay_path"),
        "overlay_normalise": parse_bool(v["overlay_normalise"], "overlay_normalise"),
        "seed": _positive_int(v["seed"], "seed", minimum=0),
    }


def prepare_report(**values) -> tuple[Parameters, pd.DataFrame]:
    """Check the notebook parameters, load the event tables and resolve an empty ``end``.

    Returns the immutable :class:`Parameters` and the loaded table (every row of every table;
    select the dyad with ``bilateral.api.select_events``). Raises :class:`ParameterError` for
    a bad value and :class:`bilateral.data.events.DataError` for a bad table.
    """
    __tracebackhide__ = True
    import pandas as pd  # noqa: PLC0415 - the checks run without it

    from bilateral.data.tables import load_tables  # noqa: PLC0415 - it imports pandas

    checked = check_values(values)
    table = load_tables(cast("Sequence[str | Path]", checked["events_paths"]))
    start = pd.Timestamp(cast("dt.datetime", checked["start"]))
    end = checked["end"] or max(_newest(table, cast("tuple[str, str]", checked["dyad"])) or start,
                                start)
    eras = tuple((pd.Timestamp(when), name)
                 for when, name in cast("tuple[tuple[dt.datetime, str], ...]", checked["eras"]))
    resolved = {**checked, "start": start, "end": pd.Timestamp(cast("dt.datetime", end)),
                "eras": eras, "open_end": checked["end"] is None}
    return Parameters(**resolved), table


def _newest(table: pd.DataFrame, dyad: tuple[str, str]) -> pd.Timestamp | None:
    """Return the date of the dyad's newest event (either direction), or None."""
    import pandas as pd  # noqa: PLC0415

    from bilateral.data.tables import in_dyad  # noqa: PLC0415
    newest = in_dyad(table, dyad)["date"].max()
    return None if pd.isna(newest) else pd.Timestamp(newest)


def parse_compare(value, dyad: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """Return the compared dyads (each like ``dyad``), without repeats or the main dyad."""
    __tracebackhide__ = True
    if _blank(value):
        return ()
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    dyads: list[tuple[str, str]] = []
    for item in items:
        try:
            pair = parse_dyad(item)
        except ParameterError as exc:
            raise ParameterError(f"compare: {exc}") from None
        if frozenset(pair) != frozenset(dyad) and frozenset(pair) not in map(frozenset, dyads):
            dyads.append(pair)
    return tuple(dyads)


def parse_dyad(value) -> tuple[str, str]:
    """Return the two ISO3 codes of a dyad written ``"FRA-DEU"`` or as a pair."""
    __tracebackhide__ = True
    parts = (list(value) if isinstance(value, (list, tuple))
             else re.split(r"[\s,;/–—-]+", str(value).strip()))
    codes = tuple(p.strip().upper() for p in parts if str(p).strip())
    if len(codes) != 2:
        raise ParameterError(f"dyad {value!r} must be two ISO 3166-1 alpha-3 codes, "
                             "written like \"FRA-DEU\".")
    for code in codes:
        if not is_iso3(code):
            raise ParameterError(f"dyad {value!r}: {code!r} is not an ISO 3166-1 alpha-3 "
                                 "country code.")
    if codes[0] == codes[1]:
        raise ParameterError(f"dyad {value!r} names the same country twice; give two countries.")
    return codes


def parse_date(value, name: str, *, first: bool) -> pd.Timestamp:
    """Read a year, ``YYYY-MM`` or ISO date; a year or month means its first (or last) day."""
    __tracebackhide__ = True
    import pandas as pd  # noqa: PLC0415

    return pd.Timestamp(_day(value, name, first=first))


def _day(value, name: str, *, first: bool) -> dt.datetime:
    """``parse_date`` without pandas: a ``datetime`` at midnight, in pandas' range of dates."""
    __tracebackhide__ = True
    text = str(value).strip()
    if isinstance(value, dt.date):  # pandas Timestamps too
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        raise ParameterError(f"{name} {value!r} is not a year or a date; write 1990, "
                             "1990-05 or 1990-05-17.")
    year, month = int(match[1]), int(match[2] or (1 if first else 12))
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 and not first else 1
    try:  # a year or month without its day: its first or last day
        stamp = dt.datetime(year, month, int(match[3] or last))
    except ValueError:
        raise ParameterError(f"{name} {value!r} is not a valid date.") from None
    if not EARLIEST <= stamp <= LATEST:
        raise ParameterError(f"{name} {value!r} is not a valid date: dates run from "
                             f"{EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}.")
    return stamp


def parse_domains(value) -> tuple[str, ...]:
    """Return the requested domains (empty = all), checked against the schema."""
    __tracebackhide__ = True
    if _blank(value):
        return ()
    items = value if isinstance(value, (list, tuple, set)) else str(value).split(",")
    domains = tuple(dict.fromkeys(str(d).strip().lower() for d in items if str(d).strip()))
    allowed = enum_values("domain")
    unknown = [d for d in domains if d not in allowed]
    if unknown:
        raise ParameterError(f"domains: {', '.join(map(repr, unknown))} "
                             f"{'is not a domain' if len(unknown) == 1 else 'are not domains'}; "
                             f"choose from {', '.join(allowed)}.")
    return domains


def parse_eras(value, dyad: tuple[str, str] = ("", "")) -> tuple[tuple[pd.Timestamp, str], ...]:
    """Return eras as ``(start, name)`` pairs sorted by start.

    ``"auto"`` takes the dyad's eras from ``data/reference/eras.csv`` (none there: decades).
    """
    __tracebackhide__ = True
    import pandas as pd  # noqa: PLC0415

    return tuple((pd.Timestamp(when), name) for when, name in _eras(value, dyad))


def _eras(value, dyad: tuple[str, str]) -> tuple[tuple[dt.datetime, str], ...]:
    """``parse_eras`` without pandas: starts as ``datetime``."""
    __tracebackhide__ = True
    if str(value).strip().lower() == "auto":
        value = dyad_eras(dyad)
    if _blank(value):
        pairs = []
    elif isinstance(value, dict):
        pairs = [(k, v) for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        pairs = [tuple(p) for p in value]
    else:
        pairs = []
        for chunk in (c.strip() for c in str(value).split(";") if c.strip()):
            when, sep, name = chunk.partition(":")
            if not sep or not name.strip():
                raise ParameterError(f"eras: {chunk!r} must be written \"start: name\", "
                                     "e.g. \"1990-10-03: Reunified\".")
            pairs.append((when, name))
    eras = sorted((_day(w, "an era start", first=True), str(n).strip()) for w, n in pairs)
    starts = [s for s, _ in eras]
    if len(set(starts)) != len(starts):
        raise ParameterError("eras: two eras start on the same date; give each era its own start.")
    return tuple(eras)


def dyad_eras(dyad: tuple[str, str]) -> list[tuple[str, str]]:
    """Return the (start, name) eras recorded for a dyad, in either order, in eras.csv."""
    wanted = frozenset(dyad)
    with open(REFERENCE_DIR / "eras.csv", encoding="utf-8", newline="") as f:
        return [(row["start"], row["era"]) for row in csv.DictReader(f)
                if frozenset(row["dyad"].split("-")) == wanted]


def parse_path(value, name: str) -> Path | None:
    """Return an existing file, trying the working directory then the repository root."""
    __tracebackhide__ = True
    if _blank(value):
        return None
    path = Path(str(value).strip()).expanduser()
    for candidate in (path, ROOT / path):
        if candidate.is_file():
            return candidate.resolve()
    raise ParameterError(f"{name}: there is no file {str(value)!r}.")


def parse_bool(value, name: str) -> bool:
    """Read true/false written as a bool, a number or a word."""
    __tracebackhide__ = True
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "y", "on"}:
        return True
    if text in {"0", "false", "no", "n", "off", ""}:
        return False
    raise ParameterError(f"{name} {value!r} is not true or false.")


def _positive_int(value, name: str, minimum: int = 1) -> int:
    __tracebackhide__ = True
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < minimum:
        raise ParameterError(f"{name} {value!r} must be a whole number of at least {minimum}.")
    return int(number)


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, set, dict)):
        return len(value) == 0
    return str(value).strip() == ""
