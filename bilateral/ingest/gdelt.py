"""GDELT event files: tab-separated, no header; 57, 58 or 61 fields per line by version.

Columns are taken by position (``data/reference/event_columns.tsv``); the layout of each file is
told from its number of fields. Dyad rows are those whose Actor1CountryCode and
Actor2CountryCode (CAMEO country codes, ISO alpha-3 for states) are the two countries.
"""

from __future__ import annotations

import os
from collections import Counter

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
    texts,
)
from bilateral.ingest.readers import Checked, IngestError, Layout

COLUMNS = ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode",
           "Actor2Code", "Actor2Name", "Actor2CountryCode", "IsRootEvent", "EventCode",
           "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
           "DATEADDED", "SOURCEURL")
SCAN = ("SQLDATE", "Actor1CountryCode", "Actor2CountryCode", "GoldsteinScale")


def detect_layout(name: str, head: list[bytes]) -> Layout:
    """Tell GDELT 1.0 historical (57), 1.0 daily (58) and 2.0 export (61) apart by field count."""
    counts = Counter(line.count(b"\t") + 1 for line in head if line.strip())
    if not counts:
        raise IngestError(name, "has no event lines")
    fields = counts.most_common(1)[0][0]
    layouts = {len(cols): (fmt, cols) for fmt, cols in cameo.event_layouts().items()
               if fmt.startswith("gdelt")}
    if fields not in layouts:
        raise IngestError(name, f"has {fields} tab-separated fields per line; a GDELT event "
                                "file has 57 (1.0 historical), 58 (1.0 daily) or 61 (2.0)")
    fmt, cols = layouts[fields]
    return Layout(fmt, cols, SCAN, tuple(c for c in COLUMNS if c in cols))


def check(table: pa.Table, layout: Layout, dyad: tuple[str, str]) -> Checked:
    """Check every row's date and Goldstein value; turn the dyad's rows into events."""
    day = table["SQLDATE"]
    yyyymmdd = parse_dates(*(pc.utf8_slice_codeunits(day, a, b) for a, b in ((0, 4), (4, 6),
                                                                               (6, 8))))
    yyyymmdd[pc.utf8_length(day).to_numpy(zero_copy_only=False) != 8] = 0
    bad = {("SQLDATE", "a date (YYYYMMDD)"): yyyymmdd == 0,
           ("GoldsteinScale", "a number"): bad_mask(table["GoldsteinScale"], NUMBER)}
    one, two = table["Actor1CountryCode"], table["Actor2CountryCode"]
    a, b = dyad
    keep = pc.or_(pc.and_(pc.equal(one, a), pc.equal(two, b)),
                  pc.and_(pc.equal(one, b), pc.equal(two, a)))
    return Checked(bad, yyyymmdd, np.flatnonzero(keep.to_numpy(zero_copy_only=False)))


def events(kept: pa.Table, yyyymmdd: np.ndarray, layout: Layout, name: str
           ) -> tuple[pd.DataFrame, BadMasks]:
    """Return the dyad's rows in the output schema, and masks of rows with bad values."""
    raw = pd.DataFrame({c: texts(kept, c) for c in layout.include})
    bad: BadMasks = {}

    code = raw["EventCode"]
    codes = cameo.describe_codes(code)
    flag(bad, "EventCode", "a CAMEO event code", ~codes["valid"])
    flag(bad, "QuadClass", "1, 2, 3 or 4", ~raw["QuadClass"].isin(["1", "2", "3", "4"]))
    flag(bad, "GLOBALEVENTID", "an event id", ~raw["GLOBALEVENTID"].str.fullmatch("[0-9A-Za-z]+"))
    for column in ("NumMentions", "NumSources", "NumArticles"):
        flag(bad, column, "a whole number", ~raw[column].str.fullmatch("[0-9]*"))
    flag(bad, "AvgTone", "a number", bad_mask(pa.array(raw["AvgTone"]), NUMBER))
    flag(bad, "IsRootEvent", "0 or 1", ~raw["IsRootEvent"].isin(["0", "1", ""]))
    goldstein = raw["GoldsteinScale"].where(raw["GoldsteinScale"] != "",
                                            code.map(cameo.goldstein()))
    value = pd.to_numeric(goldstein, errors="coerce")
    flag(bad, "GoldsteinScale", "a Goldstein value from -10 to 10", ~value.between(-10, 10))

    added = raw["DATEADDED"].str[:8]
    added_ok = pd.Series(parse_dates(*(pa.array(added.str[a:b]) for a, b in ((0, 4), (4, 6),
                                                                             (6, 8))))) > 0
    url = raw["SOURCEURL"] if "SOURCEURL" in raw else pd.Series("", index=raw.index)
    dataset = f"{cameo.dataset_names()[layout.format]} ({os.path.basename(name)})"
    return pd.DataFrame({
        "event_id": "gdelt-" + raw["GLOBALEVENTID"].str.lower(),
        "date": iso_dates(yyyymmdd),
        "date_precision": "day",
        "actor1": raw["Actor1CountryCode"],
        "actor2": raw["Actor2CountryCode"],
        "third_parties": "",
        "domain": codes["domain"],
        "intensity": goldstein.fillna(""),
        "mode": raw["QuadClass"].map({"1": "verbal", "3": "verbal", "2": "material",
                                      "4": "material"}).fillna(""),
        "title": codes["title"],
        "description": _actor(raw, "1") + " → " + _actor(raw, "2"),
        "source": url.where(url != "", dataset),
        "note": "",
        "cameo_code": code,
        "quad_class": raw["QuadClass"],
        "num_mentions": raw["NumMentions"],
        "num_sources": raw["NumSources"],
        "num_articles": raw["NumArticles"],
        "avg_tone": raw["AvgTone"],
        "is_root_event": raw["IsRootEvent"],
        "date_added": (added.str[:4] + "-" + added.str[4:6] + "-" + added.str[6:8]).where(
            added_ok, ""),
    }), bad


def _actor(raw: pd.DataFrame, which: str) -> pd.Series:
    """Describe an actor as 'NAME (CODE)', e.g. 'FRANCE (FRAGOV)'."""
    name, code = raw[f"Actor{which}Name"], raw[f"Actor{which}Code"]
    return (name + " (" + code + ")").where(name != "", code)
