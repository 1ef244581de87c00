"""Turn the notebook's raw parameters into checked values, or stop with one clear sentence.

Values may arrive as numbers or strings (``papermill -p start 1990`` injects an int, YAML may
give a date or a list), so every parser accepts several spellings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bilateral.data.countries import is_iso3
from bilateral.data.paths import EVENTS_PATH, REFERENCE_DIR, ROOT
from bilateral.data.schema import enum_values


class ParameterError(ValueError):
    """A report parameter that cannot be used; the message is one sentence for the reader."""


@dataclass(frozen=True)
class Parameters:
    """The checked parameters of one report."""

    events_path: Path
    dyad: tuple[str, str]
    start: pd.Timestamp
    end: pd.Timestamp | None  # None until resolved to the newest event
    domains: tuple[str, ...]  # empty = all
    title: str
    period_years: int
    smooth_periods: int
    label_events: int
    table_events: int
    eras: pd.DataFrame  # columns era, start; empty = decades
    overlay_path: Path | None
    overlay_normalise: bool


def parse_parameters(*, events_path="", dyad="PAK-RUS", start="1947", end="", domains=(),
                     title="", period_years=5, smooth_periods=3, label_events=8,
                     table_events=250, eras="auto", overlay_path="",
                     overlay_normalise=True) -> Parameters:
    """Check the notebook parameters and return them typed; raise :class:`ParameterError`.

    Parameters
    ----------
    events_path, overlay_path
        Event tables; ``""`` means the bundled table (events) or none (overlay). Relative paths
        are tried against the working directory, then the repository root.
    dyad
        Two ISO 3166-1 alpha-3 codes: ``"PAK-RUS"``, ``"pak rus"`` or ``["PAK", "RUS"]``.
    start, end
        A year (int or str), ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` is inclusive and may be
        empty (the newest event).
    domains
        A list or comma-separated string of domains; empty = all.
    eras
        ``"1947: Cold War; 1991-12-26: Post-Soviet"`` (era starts), a mapping of start to name,
        ``"auto"`` (the dyad's eras in ``data/reference/eras.csv``, else decades) or empty
        (decades).

    Returns
    -------
    Parameters
    """
    __tracebackhide__ = True  # IPython: show the reader the error, not this frame
    start_ts = parse_date(start, "start", first=True)
    end_ts = None if _blank(end) else parse_date(end, "end", first=False)
    if end_ts is not None and start_ts > end_ts:
        raise ParameterError(f"start ({start_ts:%Y-%m-%d}) is after end ({end_ts:%Y-%m-%d}); "
                             "give a start before the end.")
    return Parameters(
        events_path=parse_path(events_path, "events_path") or EVENTS_PATH,
        dyad=parse_dyad(dyad),
        start=start_ts,
        end=end_ts,
        domains=parse_domains(domains),
        title=str(title or "").strip(),
        period_years=_positive_int(period_years, "period_years"),
        smooth_periods=_positive_int(smooth_periods, "smooth_periods"),
        label_events=_positive_int(label_events, "label_events", minimum=0),
        table_events=_positive_int(table_events, "table_events"),
        eras=parse_eras(eras, parse_dyad(dyad)),
        overlay_path=parse_path(overlay_path, "overlay_path"),
        overlay_normalise=parse_bool(overlay_normalise, "overlay_normalise"),
    )


def resolve_end(params: Parameters, newest: pd.Timestamp | None) -> Parameters:
    """Fill an empty ``end`` with the date of the newest event (or ``start`` when there is none)."""
    if params.end is not None:
        return params
    end = newest if newest is not None and not pd.isna(newest) else params.start
    return dataclasses.replace(params, end=max(pd.Timestamp(end), params.start))


def parse_dyad(value) -> tuple[str, str]:
    """Return the two ISO3 codes of a dyad written ``"PAK-RUS"`` or as a pair."""
    __tracebackhide__ = True
    parts = (list(value) if isinstance(value, (list, tuple))
             else re.split(r"[\s,;/–—-]+", str(value).strip()))
    codes = tuple(p.strip().upper() for p in parts if str(p).strip())
    if len(codes) != 2:
        raise ParameterError(f"dyad {value!r} must be two ISO 3166-1 alpha-3 codes, "
                             "written like \"PAK-RUS\".")
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
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        raise ParameterError(f"{name} {value!r} is not a year or a date; write 1990, "
                             "1990-05 or 1990-05-17.")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            return pd.Timestamp(year, month, day)
        stamp = pd.Timestamp(year, month or 1, 1)
    except ValueError:
        raise ParameterError(f"{name} {value!r} is not a valid date.") from None
    if first:
        return stamp
    return (stamp + (pd.offsets.MonthEnd(0) if month else pd.offsets.YearEnd(0))).normalize()


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


def parse_eras(value, dyad: tuple[str, str] = ("", "")) -> pd.DataFrame:
    """Return eras as a frame of ``era`` names and ``start`` dates, sorted by start.

    ``"auto"`` takes the dyad's eras from ``data/reference/eras.csv`` (none there: decades).
    """
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
                                     "e.g. \"1991-12-26: Post-Soviet\".")
            pairs.append((when, name))
    eras = pd.DataFrame({"era": [str(n).strip() for _, n in pairs],
                         "start": [parse_date(w, "an era start", first=True) for w, _ in pairs]})
    if eras["start"].duplicated().any():
        raise ParameterError("eras: two eras start on the same date; give each era its own start.")
    return eras.sort_values("start", ignore_index=True)


def dyad_eras(dyad: tuple[str, str]) -> list[tuple[str, str]]:
    """Return the (start, name) eras recorded for a dyad, in either order, in eras.csv."""
    table = pd.read_csv(REFERENCE_DIR / "eras.csv", dtype=str, keep_default_na=False)
    wanted = frozenset(dyad)
    rows = table[table["dyad"].str.split("-").map(frozenset) == wanted]
    return list(zip(rows["start"], rows["era"], strict=True))


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
