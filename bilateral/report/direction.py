"""Direction and reciprocity in words and tables: who initiated the cooperation and the tension
of each era, and why reciprocity is (or is not) estimated."""

from __future__ import annotations

import pandas as pd

from bilateral.analysis.stats.summary import ADF_LEVEL, Statistics
from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.report.numbers import percent

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
            row[f"By {name}"] = f"{n} ({percent(by['share'].get(code, float('nan')))})"
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
            notes.append(f"in *{md(era)}* {md(names[top['actor']])} initiated "
                         f"{int(top['n_events'])} of {total} acts of {kind}")
    joint = int(d.loc[d["actor"] == "joint", "n_events"].sum())
    text = ("Who acted: the share of each era's acts of cooperation and of tension that each "
            f"side initiated (actor1); joint acts count for neither side ({joint} in this "
            f"selection). Eras with fewer than {MIN_KIND_EVENTS} acts of a kind have too few "
            "events to compare the sides. ")
    if notes:
        return text + "One side initiated at least two thirds: " + "; ".join(notes) + "."
    return text + "In no era did one side initiate two thirds or more of either kind."


def reciprocity_text(stats: Statistics, params: Parameters) -> str:
    """Why reciprocity is not estimated, or the Holm-adjusted Granger tests (machine-coded)."""
    if not stats.enough:
        return ""
    a, b = (_names(params)[c] for c in params.dyad)
    r = stats.reciprocity
    if not stats.machine_coded:
        return ("**Reciprocity is not estimated.** Whether one side's acts answer the other's "
                "is tested on dense monthly series in both directions (a vector autoregression "
                "with Granger tests). A curated chronology records a selection of events: "
                f"{md(stats.reciprocity_reason or 'its months are mostly empty')}, and a month "
                "without a recorded event is not a month without interaction.")
    if r is None:
        return f"**Reciprocity is not estimated:** {md(stats.reciprocity_reason)}."
    form = ("month-to-month changes of the net intensity (the levels trend: augmented "
            f"Dickey–Fuller p above {ADF_LEVEL})" if r.differenced else "monthly net intensity")
    return (f"**Reciprocity** ({form}, a vector autoregression of order {r.lag_order} chosen "
            f"by AIC over {r.n_obs} months; p-values Holm-adjusted for the 2 tests shown): "
            f"{granger_words(r.p_a_to_b_adj, a, b)}; {granger_words(r.p_b_to_a_adj, b, a)}. "
            "Prediction in time (Granger) is not proof that one side responds to the other.")


def granger_words(p_adjusted: float, x: str, y: str) -> str:
    """Whether x's past acts help predict y's, with the adjusted p-value."""
    shown = "< 0.001" if p_adjusted < 0.001 else f"= {p_adjusted:.3f}"
    if p_adjusted < SIGNIFICANCE:
        return f"{md(x)}'s past acts help predict {md(y)}'s (adjusted p {shown})"
    return (f"{md(x)}'s past acts add nothing detectable to predicting {md(y)}'s "
            f"(adjusted p {shown})")
