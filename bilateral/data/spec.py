"""The report notebook's parameters, declared once: name, type, default and help.

The notebook's ``parameters`` cell is this spec written out (``parameters_cell()``; a test keeps
them equal), so ``papermill --help-notebook`` prints the same help. ``bilateral render`` and
the notebook check values with :func:`bilateral.data.parameters.check_values` (render,
before any kernel) and
``prepare_report`` (the notebook).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """One notebook parameter."""

    name: str
    type: str  # the annotation in the notebook: str, int, bool or list
    default: object
    help: str


SPEC: tuple[Spec, ...] = (
    Spec("events_path", "str", "",
         "event table (CSV, project schema); empty means every bundled table in data/events/"),
    Spec("dyad", "str", "",
         "two ISO 3166-1 alpha-3 codes, events between them in either direction; empty means "
         "the dyad of the first bundled table (data/datapackage.json)"),
    Spec("compare", "list", [],
         "dyads to compare with the main one, written like dyad (e.g. [FRA-GBR, DEU-GBR]); "
         "empty means no comparison"),
    Spec("start", "str", "1947", "first year or ISO date included (1990, 1990-05 or 1990-05-17)"),
    Spec("end", "str", "", "last year or ISO date included; empty means the newest event"),
    Spec("domains", "list", [],
         "domains to include (diplomatic, military, economic, security, multilateral); "
         "empty means all"),
    Spec("title", "str", "", "report title; empty means one made from the country names and years"),
    Spec("period_years", "int", 5,
         "length of the aggregation period in years: 1 for years, 10 for decades"),
    Spec("smooth_periods", "int", 3,
         "periods in the centred mean of the net-balance line; 1 for no smoothing"),
    Spec("label_events", "int", 8,
         "how many of the most significant events to label on the charts"),
    Spec("table_events", "int", 250,
         "most rows in the chronology (a longer selection shows its most significant)"),
    Spec("eras", "str", "auto",
         "era starts for shading, \"start: name; ...\"; auto means the dyad's eras in "
         "data/reference/eras.csv (else decades); empty means decades"),
    Spec("overlay_path", "str", "",
         "machine-coded table (bilateral ingest) drawn behind the curated events; "
         "empty means none"),
    Spec("overlay_normalise", "bool", True,
         "overlay per 1,000 events of total news volume (needs <table>_volume.csv)"),
    Spec("seed", "int", 20261128,
         "seed of every resampling step: the same seed gives the same numbers and text"),
)

NAMES = tuple(s.name for s in SPEC)


def defaults() -> dict[str, object]:
    """Return ``{name: default}`` of every parameter (lists copied)."""
    return {s.name: list(s.default) if isinstance(s.default, list) else s.default for s in SPEC}


def _literal(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def parameters_cell() -> str:
    """Return the source of the notebook's ``parameters`` cell: one documented line each.

    papermill's help parser reads ``name: type = default  # help`` and stops at ``=`` in
    the comment, so the help never contains one.
    """
    width = max(len(f"{s.name}: {s.type} = {_literal(s.default)}") for s in SPEC) + 2
    return "\n".join(f"{f'{s.name}: {s.type} = {_literal(s.default)}':<{width}}# {s.help}"
                     for s in SPEC)
