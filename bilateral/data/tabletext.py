"""The text of an event table before it is parsed: line endings, the delimiter, field length.

Kept apart from ``events`` (the schema checks) so that each stays small.
"""

from __future__ import annotations

import csv
import io

MAX_FIELD_CHARS = 100_000  # longer text is a pasted document, not an event's cell
FIELD_TOO_LONG = (f"has a field longer than the limit of {MAX_FIELD_CHARS:,} characters; "
                  "shorten it (put long documents in the source, not the table)")
_DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}


def normalise_newlines(raw: bytes) -> bytes:
    """Return the bytes with CR-only line endings (old Mac "CSV (Macintosh)") made LF; files
    with LF or CRLF endings are returned unchanged."""
    if b"\r" in raw and b"\n" not in raw:
        return raw.replace(b"\r", b"\n")
    return raw


def delimiter_hint(header: list[str], required: list[str]) -> str | None:
    """When a header lacks the required columns because the file is not comma-separated,
    return one sentence naming the delimiter it seems to use; else None."""
    line = ",".join(header)
    for delimiter, name in _DELIMITERS.items():
        if delimiter not in line:
            continue
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
        found = {c.strip() for c in cells} & set(required)
        if len(found) > len(set(header) & set(required)) and len(found) >= len(required) // 2:
            return (f"the columns seem to be separated by {name}, not commas; save the file as "
                    "comma-separated CSV (UTF-8)")
    return None


def field_limit_message(error: csv.Error) -> str | None:
    """Name the limit when the csv module stopped at an over-long field."""
    return FIELD_TOO_LONG if "field larger than field limit" in str(error) else None
