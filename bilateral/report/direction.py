"""Direction and reciprocity in words and tables: who initiated the cooperation and the tension
of each era, and why reciprocity is (or is not) estimated (wording: ``templates/direction/``)."""

from __future__ import annotations

import pandas as pd

from bilateral.analysis.stats.summary import ADF_LEVEL, Statistics
from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.report.numbers import percent
from bilateral.report.prose import render

ASYMMETRY = 2 / 3       # a side initiating at least this share of an era's acts is named
MIN_KIND_EVENTS = 5     # fewer acts of a kind in an era: "too few events" to compare sides
SIGNIFICANCE = 0.05     # Holm-adjusted level of the Granger tests (machine-coded tables only)


def _names(params: Parameters) -> dict[str, str]:
    return {c: country_label(c, params.start, params.end) for c in params.dyad}


def direction_table(stats: Statistics, params: Parameters) -> pd.DataFrame:
    """Per era and kind: each side's number and share of the acts it initiated; joint apart."""
    if stats.direction.empty:
        return pd.DataFrame()
    names = _names(params)
    d = stats.direction
    rows = []
    for (era, kind), group in d.groupby(["era", "kind"], sort=False):
        by = group.set_index("actor")
        row = {"Era": era, "Acts of": kind}
        for code, name in names.items():
            n = int(by["n_events"].get(code, 0))
            row[f"By {name}"] = f"{n:,} ({percent(by['share'].get(code, float('nan')))})"
        row["Joint (neither side)"] = int(by["n_events"].get("joint", 0))
        rows.append(row)
    return pd.DataFrame(rows)


def direction_text(stats: Statistics, params: Parameters) -> str:
    """Name the eras in which one side initiated most of the cooperation or of the tension."""
    if not stats.enough:
        return ""
    names, d = _names(params), stats.direction
    sided = d.loc[d["actor"] != "joint"]
    notes = []
    for (era, kind), group in sided.groupby(["era", "kind"], sort=False):
        total = int(group["n_events"].sum())
        top = group.loc[group["n_events"].idxmax()]
        if total >= MIN_KIND_EVENTS and top["share"] >= ASYMMETRY and top["actor"] in names:
            notes.append({"era": md(era), "side": md(names[top["actor"]]),
                          "n": int(top["n_events"]), "total": total, "kind": kind})
    return render("direction/direction.md.j2", notes=notes, min_events=MIN_KIND_EVENTS,
                  joint=int(d.loc[d["actor"] == "joint", "n_events"].sum()))


def reciprocity_text(stats: Statistics, params: Parameters) -> str:
    """Why reciprocity is not estimated, or the Holm-adjusted Granger tests (machine-coded)."""
    if not stats.enough:
        return ""
    a, b = (_names(params)[c] for c in params.dyad)
    r = stats.reciprocity
    tests = {} if r is None else {"a_to_b": granger_words(r.p_a_to_b_adj, a, b),
                                  "b_to_a": granger_words(r.p_b_to_a_adj, b, a)}
    return render("direction/reciprocity.md.j2", machine_coded=stats.machine_coded, result=r,
                  reason=md(stats.reciprocity_reason) if stats.reciprocity_reason else "",
                  adf_level=ADF_LEVEL, **tests)


def granger_words(p_adjusted: float, x: str, y: str) -> str:
    """Whether x's past acts help predict y's, with the adjusted p-value."""
    shown = "< 0.001" if p_adjusted < 0.001 else f"= {p_adjusted:.3f}"
    return render("direction/granger.md.j2", x=md(x), y=md(y), p=shown,
                  significant=p_adjusted < SIGNIFICANCE)
