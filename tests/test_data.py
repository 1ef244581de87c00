"""The bundled chronology is valid, sourced, spans the whole relationship and shows its corrections."""

import csv

import pytest

from bilateral.data.events import load_events
from bilateral.data.paths import EVENTS_PATH
from bilateral.data.schema import event_columns


@pytest.fixture(scope="module")
def events():
    return load_events(EVENTS_PATH)


def test_columns_are_in_schema_order():
    with open(EVENTS_PATH, encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == event_columns()


def test_size_and_span(events):
    assert len(events) >= 60
    assert events["date"].min().year == 1948
    assert events["date"].max().year >= 2024
    decades = set(events["date"].dt.year // 10 * 10)
    assert set(range(1940, 2030, 10)) <= decades


def test_every_row_is_sourced_and_is_the_dyad(events):
    assert events["source"].str.strip().str.len().gt(10).all()
    assert (events[["actor1", "actor2"]].apply(frozenset, axis=1) == frozenset({"PAK", "RUS"})).all()


def test_sorted_by_date(events):
    assert events["date"].is_monotonic_increasing


def test_both_cooperation_and_tension_in_every_domain_family(events):
    assert (events["intensity"] > 0).sum() > 0 and (events["intensity"] < 0).sum() > 0
    assert set(events["domain"].unique()) == {"diplomatic", "military", "economic", "security",
                                              "multilateral"}


@pytest.mark.parametrize("event_id, year, claimed", [
    ("1960-u2-shootdown", 1960, "1980"),                      # wrong year
    ("1979-soviet-invasion-of-afghanistan", 1979, "Taraki"),  # wrong person
    ("2016-brics-goa-declaration-omits-pakistan", 2016, "Brazil, Russia, India, China"),
    ("2016-russia-condemns-uri-attack", 2016, "not honoured"),  # contradicted by the record
    ("2007-fradkov-visits-pakistan", 2007, "April 13, 2007"),
])
def test_seed_errors_carry_the_verified_fact_and_quote_the_article(events, event_id, year, claimed):
    row = events.set_index("event_id").loc[event_id]
    assert row["date"].year == year
    assert row["note"].startswith("Correction:")
    assert claimed in row["note"]
    assert "Seed article" in row["source"]
