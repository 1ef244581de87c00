"""ICEWS Coded Event Data files: tab-separated with a header; countries are given by name.

Country names map to ISO3 through ``data/reference/icews_countrynames_iso3_cow.tsv``. Dates are
``YYYY-MM-DD``, or ``M/D/YYYY`` in some releases. Event IDs repeat, so an event's key (and its
``event_id``) is the Event ID together with the Event Date. ICEWS has no QuadClass: it is
derived from the CAMEO root code with Schrodt's rule (``quad_schrodt_text_to_CAMEO`` in
``cameo_root_codes.tsv``: roots 01-05 → 1, 06-09 → 2, 10-14 → 3, 15-20 → 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bilateral.data import cameo
from bilateral.ingest.rawcells import (
    NUMBER,
    BadMasks,
    bad_mask,
    flag,
    iso_dates,
    parse_dates,
    slug,
    texts,
)
from bilateral.ingest.readers import Checked, IngestError, Layout

COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Country", "Event Text",
           "CAMEO Code", "Intensity", "Target Name", "Target Country", "Story ID",
           "Sentence Number")
SCAN = ("Event Date", "Source Country", "Target Country", "Intensity")
DATE_PATTERNS = (r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})$",
                 r"^(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})/(?P<y>[0-9]{4})$")


def detect_layout(name: str, head: list[bytes]) -> Layout:
    """Read the header line and check it has the columns the ingest needs."""
    if not head or not head[0].strip():
        raise IngestError(name, "has no header line; an ICEWS file starts with "
                                "'Event ID<TAB>Event Date<TAB>...'")
    line = head[0].removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")
    try:
        header = line.decode("utf-8")
    except UnicodeDecodeError:
        header = line.decode("latin-1")
    columns = tuple(c.strip() for c in header.split("\t"))
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise IngestError(name, "is not an ICEWS event file with the columns this ingest needs: "
                                f"missing {', '.join(missing)}")
    return Layout("icews_20", columns, SCAN, COLUMNS, header_lines=1)


def check(table: pa.Table, layout: Layout, dyad: tuple[str, str]) -> Checked:
    """Check every row's date and intensity; turn the dyad's rows into events."""
    day = table["Event Date"]
    yyyymmdd = np.zeros(len(table), dtype=np.int64)
    for pattern in DATE_PATTERNS:
        parts = pc.extract_regex(day, pattern)
        found = parse_dates(*(pc.struct_field(parts, k).fill_null("0") for k in "ymd"))
        yyyymmdd = np.where(yyyymmdd == 0, found, yyyymmdd)
    bad = {("Event Date", "a date (YYYY-MM-DD or M/D/YYYY)"): yyyymmdd == 0,
           ("Intensity", "a number"): bad_mask(table["Intensity"], NUMBER)}
    to_iso3 = cameo.icews_country_iso3()
    a, b = ([k for k, v in to_iso3.items() if v == code] for code in dyad)
    one, two = table["Source Country"], table["Target Country"]
    keep = pc.or_(pc.and_(pc.is_in(one, pa.array(a, pa.string())),
                          pc.is_in(two, pa.array(b, pa.string()))),
                  pc.and_(pc.is_in(one, pa.array(b, pa.string())),
                          pc.is_in(two, pa.array(a, pa.string()))))
    return Checked(bad, yyyymmdd, np.flatnonzero(keep.to_numpy(zero_copy_only=False)))


def events(kept: pa.Table, yyyymmdd: np.ndarray, layout: Layout, name: str
           ) -> tuple[pd.DataFrame, BadMasks]:
    """Return the dyad's rows in the output schema, and masks of rows with bad values."""
    raw = pd.DataFrame({c: texts(kept, c) for c in COLUMNS})
    bad: BadMasks = {}

    code = raw["CAMEO Code"].str.strip()
    codes = cameo.describe_codes(code)
    flag(bad, "CAMEO Code", "a CAMEO event code", ~codes["valid"])
    ids = raw["Event ID"].map(slug)
    flag(bad, "Event ID", "an event id", ids == "")
    goldstein = raw["Intensity"].where(raw["Intensity"] != "", code.map(cameo.goldstein()))
    flag(bad, "Intensity", "a Goldstein value from -10 to 10",
         ~pd.to_numeric(goldstein, errors="coerce").between(-10, 10))

    to_iso3 = cameo.icews_country_iso3()
    date = pd.Series(yyyymmdd).astype(str)
    sentence = raw["Sentence Number"].where(raw["Sentence Number"] == "",
                                            ", sentence " + raw["Sentence Number"])
    return pd.DataFrame({
        "event_id": "icews-" + ids + "-" + date,
        "date": iso_dates(yyyymmdd),
        "date_precision": "day",
        "actor1": raw["Source Country"].map(to_iso3),
        "actor2": raw["Target Country"].map(to_iso3),
        "third_parties": "",
        "domain": codes["domain"],
        "intensity": goldstein.fillna(""),
        "mode": codes["mode"],
        "title": codes["title"],
        "description": raw["Source Name"] + " → " + raw["Target Name"] + ": " + raw["Event Text"],
        "source": "ICEWS, Story ID " + raw["Story ID"] + sentence,
        "note": "",
        "cameo_code": code,
        "quad_class": codes["quad_class"],
        "num_mentions": "",
        "num_sources": "",
        "num_articles": "",
        "avg_tone": "",
        "is_root_event": "",
        "date_added": "",
    }), bad
