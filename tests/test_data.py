"""The bundled chronologies are valid, sourced, span the whole relationship and show corrections."""

import csv
import json
import re

import pytest

from bilateral.data.events import load_events
from bilateral.data.paths import SCHEMA_PATH
from bilateral.data.schema import all_event_fields, bundled_tables
from bilateral.data.tables import load_tables

RESOURCES = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["resources"]
DYADS = {r["name"]: frozenset(r["name"].upper().split("-")) for r in RESOURCES}
# Mirrors, caches and reposts that a citation must never point to (canonical publishers only).
NOT_CANONICAL = re.compile(r"wiki\.x\.io|av1\.space|mdict|megalodon|bdesh\.com|blogspot|"
                           r"tripod\.com|archive\.(?:ph|today|is)|utm_|[?&]oldid=|/amp/|"
                           r"en\.special\.kremlin|search\.wikileaks")


@pytest.fixture(scope="module")
def tables():
    return {r["name"]: load_events(SCHEMA_PATH.parent / r["path"]) for r in RESOURCES}


def test_three_dyads_bundled():
    assert set(DYADS) == {"pak-rus", "ind-rus", "pak-usa"}
    assert len(load_tables()) == sum(len(load_events(p)) for p in bundled_tables())


@pytest.mark.parametrize("name", sorted(DYADS))
def test_columns_are_in_schema_order(name):
    path = SCHEMA_PATH.parent / next(r["path"] for r in RESOURCES if r["name"] == name)
    with open(path, encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == [f.name for f in all_event_fields()]


@pytest.mark.parametrize("name", sorted(DYADS))
def test_size_span_and_decades(tables, name):
    events = tables[name]
    assert len(events) >= 80
    assert events["date"].min().year <= 1948 and events["date"].max().year >= 2025
    assert set(range(1940, 2030, 10)) <= set(events["date"].dt.year // 10 * 10)
    assert events["date"].is_monotonic_increasing


@pytest.mark.parametrize("name", sorted(DYADS))
def test_every_row_is_sourced_canonically_and_is_the_dyad(tables, name):
    events = tables[name]
    assert events["source"].str.strip().str.len().gt(10).all()
    assert (events[["actor1", "actor2"]].apply(frozenset, axis=1) == DYADS[name]).all()
    bad = events.loc[events["source"].str.contains(NOT_CANONICAL), "event_id"].tolist()
    assert not bad, f"non-canonical sources in {bad}"


@pytest.mark.parametrize("name", sorted(DYADS))
def test_tension_is_recorded_in_every_table(tables, name):
    events = tables[name]
    assert (events["intensity"] < 0).sum() >= 0.2 * len(events)
    assert set(events["domain"].unique()) == {"diplomatic", "military", "economic", "security",
                                              "multilateral"}


def test_linked_events_appear_in_several_dyads():
    table = load_tables()
    linked = table[table["link_id"] != ""]
    dyads_per_link = linked.groupby("link_id").apply(
        lambda g: g[["actor1", "actor2"]].apply(frozenset, axis=1).nunique(), include_groups=False)
    assert (dyads_per_link >= 2).sum() >= 10
    assert dyads_per_link.loc["1966-tashkent-declaration"] >= 2
    assert table["indirect"].any() and table["joint"].any()


@pytest.mark.parametrize("event_id, year, claimed", [
    ("1960-u2-shootdown", 1960, "1980"),                      # wrong year
    ("1979-soviet-invasion-of-afghanistan", 1979, "Taraki"),  # wrong person
    ("2016-brics-goa-declaration-omits-pakistan", 2016, "Brazil, Russia, India, China"),
    ("2016-russia-condemns-uri-attack", 2016, "not honoured"),  # contradicted by the record
    ("2007-fradkov-visits-pakistan", 2007, "April 13, 2007"),
])
def test_seed_errors_carry_the_verified_fact_and_quote_the_article(tables, event_id, year, claimed):
    row = tables["pak-rus"].set_index("event_id").loc[event_id]
    assert row["date"].year == year
    assert row["note"].startswith("Correction:")
    assert claimed in row["note"]
    assert "Seed article" in row["source"]


def test_data_package_passes_the_reference_validator():
    """What `frictionless validate data/datapackage.json` (the standard's own validator) runs,
    called in this process: the package and every table in it are valid."""
    import frictionless

    report = frictionless.validate(str(SCHEMA_PATH))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    assert len(report.tasks) == len(bundled_tables()) and all(t.valid for t in report.tasks)
