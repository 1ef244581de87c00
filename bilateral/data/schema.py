"""The event schema, read from ``data/datapackage.json`` (the single source of truth)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bilateral.data.paths import SCHEMA_PATH


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


@lru_cache(maxsize=4)
def _package(path: Path = SCHEMA_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _resource(name: str) -> dict:
    return next(r for r in _package()["resources"] if r["name"] == name)


def event_fields() -> tuple[Field, ...]:
    """Return the columns every event table must have, in order."""
    return tuple(_field(f) for f in _resource("events")["schema"]["fields"])


def optional_fields() -> tuple[Field, ...]:
    """Return the optional machine-coded columns, checked when a table has them."""
    return tuple(_field(f) for f in _resource("events-machine-coded")["schema"]["fields"])


def event_columns() -> list[str]:
    """Return the names of the required columns, in order."""
    return [f.name for f in event_fields()]


def enum_values(column: str) -> tuple:
    """Return the allowed values of an enumerated column."""
    field = next(f for f in event_fields() + optional_fields() if f.name == column)
    if field.enum is None:
        raise KeyError(f"column {column!r} has no enum")
    return field.enum
