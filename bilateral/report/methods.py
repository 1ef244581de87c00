"""The Methods section: coding scheme, intensity scale and the formula of every measure shown."""

from __future__ import annotations

from bilateral.analysis.measures import per_period
from bilateral.analysis.selection import MAX_TIMELINE_MARKERS
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.data.schema import enum_values


def methods_text(params: Parameters, *, machine_coded: bool, overlay: bool) -> str:
    """Return the Methods section as Markdown for the parameters the report was run with."""
    domains = ", ".join(enum_values("domain"))
    eras = ("decades" if params.eras.empty
            else "; ".join(f"{md(e)} from {s:%Y-%m-%d}" for e, s in
                           zip(params.eras["era"], params.eras["start"], strict=True)))
    lines = [
        "**Events and coding.** One row per event between the two countries, in either "
        "direction (actor1 acts towards actor2). Each event has a domain "
        f"({domains}), a mode (verbal: statements, visits, votes; material: arms, trade, "
        "war, aid, following CAMEO) and an intensity.",
        "",
        "**Intensity scale.** Goldstein-compatible, from −10 to +10: positive = cooperation, "
        "negative = tension, the magnitude = how much the event mattered to the relationship "
        "(roughly: ±1–3 a statement or routine visit, ±4–6 an agreement, a protest or a "
        "suspension, ±7–10 an alliance-level step, arms against the other side or war).",
        "",
        "**Measures** (for a set of events *E*, intensity *i*):",
        "",
        "- cooperation(*E*) = Σ max(*i*, 0); tension(*E*) = Σ min(*i*, 0), kept negative; "
        "counts are the numbers of events with *i* > 0 and *i* < 0.",
        f"- net balance = cooperation + tension = Σ *i*, {per_period(params.period_years)} "
        f"(periods aligned on multiples of {params.period_years} years).",
        f"- smoothed net = centred mean of the net balance over {params.smooth_periods} "
        "periods (fewer at the ends).",
        f"- era balance = net balance of the events in an era; net per year = net ÷ the era's "
        f"length in years, so eras of different length compare. Eras: {eras}.",
        "- warmest / coldest period = the period with events of highest / lowest net balance.",
        "- turning point = change of net balance from one period to the next; the largest "
        "|changes| are reported, leaving out periods less than half inside the report.",
        "- cumulative index(*t*) = Σ *i* over events dated up to *t*.",
        "- third parties: for each state in `third_parties`, the sums above over the events "
        "naming it; pull = mean *i* of those events − mean *i* of all selected events.",
        "- significance of an event = |*i*| (ties: more news mentions first); the "
        f"{params.label_events} most significant are labelled on the charts.",
    ]
    if machine_coded:
        lines.append(f"- Machine-coded table: the charts aggregate all events; the timeline "
                     f"draws at most the {MAX_TIMELINE_MARKERS:,} most significant and the "
                     f"chronology lists the {params.table_events} most significant. Rows are "
                     "news reports, so counts include duplicates.")
    if overlay:
        lines.append(
            "- Overlay: machine-coded net cooperation per period = Σ Goldstein score of the "
            "machine-coded events of the dyad"
            + (" ÷ the total number of events in the source that period × 1,000, because "
               "the news volume grows over time." if params.overlay_normalise
               else " (not normalised: it grows with the news volume).")
            + " It is drawn on its own axis; its zero is aligned with the main axis.")
    lines += ["", "**Corrections.** A row whose note starts with “Correction:” records where a "
              "source was wrong and quotes what it claimed; the event is coded as corrected."]
    return "\n".join(lines)
