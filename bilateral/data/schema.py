"""The event schema, read from ``data/schema/`` (the single source of truth).

``data/datapackage.json`` lists the bundled tables; each points to ``schema/events.json``.
Columns listed in its ``optionalColumns`` may be left out of a table (they then default to
empty / false); ``schema/machine_coded.json`` adds the columns of tables made by
``bilateral ingest``, checked when a table has them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bilateral.data.paths import DATA_DIR, SCHEMA_PATH

EVENTS_SCHEMA = DATA_DIR / "schema" / "events.json"
MACHINE_CODED_SCHEMA = DATA_DIR / "schema" / "machine_coded.json"


@dataclass(frozen=True)
class Field:
    """One column of a Frictionless Table Schema."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    enum: tuple | None = None
    minimum: float | str | None = None  # a number, or an ISO date for a date field
    maximum: float | str | None = None


def _field(spec: dict) -> Field:
    c = spec.get("constraints", {})
    return Field(
        name=spec["name"],
        type=spec["type"],
        description=spec.get("description", ""),
        required=c.get("required", False),
        unique=c.get("unique", False),
        pattern=c.get("pattern"),
        enum=tuple(c["enum"]) if "enum" in c else None,
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
    )


@lru_cache(maxsize=8)
def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _events_schema() -> dict:
    return _json(EVENTS_SCHEMA)


def all_event_fields() -> tuple[Field, ...]:
    """Return every column of a curated table, in order (required and optional)."""
    return tuple(_field(f) for f in _events_schema()["fields"])


def event_fields() -> tuple[Field, ...]:
    """Return the columns every event table must have, in order."""
    optional = set(_events_schema().get("optionalColumns", ()))
    return tuple(f for f in all_event_fields() if f.name not in optional)


def curated_optional_fields() -> tuple[Field, ...]:
    """Return the optional columns of curated tables (``link_id``, ``indirect``, ``joint``)."""
    optional = set(_events_schema().get("optionalColumns", ()))
    return tuple(f for f in all_event_fields() if f.name in optional)


def machine_coded_fields() -> tuple[Field, ...]:
    """Return the columns ``bilateral ingest`` adds after the required ones."""
    return tuple(_field(f) for f in _json(MACHINE_CODED_SCHEMA)["fields"])


def optional_fields() -> tuple[Field, ...]:
    """Return the optional columns (curated, then machine-coded), checked when present."""
    return curated_optional_fields() + machine_coded_fields()


def event_columns() -> list[str]:
    """Return the names of the required columns, in order."""
    return [f.name for f in event_fields()]


def enum_values(column: str) -> tuple:
    """Return the allowed values of an enumerated column."""
    field = next(f for f in event_fields() + optional_fields() if f.name == column)
    if field.enum is None:
        raise KeyError(f"column {column!r} has no enum")
    return field.enum


def bundled_tables() -> tuple[Path, ...]:
    """Return the bundled event tables listed in ``data/datapackage.json``, in its order."""
    return tuple(SCHEMA_PATH.parent / r["path"] for r in _json(SCHEMA_PATH)["resources"])


def bundled_dyads() -> tuple[tuple[str, str], ...]:
    """Return the dyad of each bundled table, read from its resource name (``aaa-bbb``)."""
    return tuple(tuple(r["name"].upper().split("-", 1)) for r in _json(SCHEMA_PATH)["resources"])


def package_version() -> str:
    """Return the data package's version (``data/datapackage.json``)."""
    return str(_json(SCHEMA_PATH).get("version", ""))
