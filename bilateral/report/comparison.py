"""The Comparison section's words: heading, a sentence per dyad without events, co-movement in
plain language, and the periods where one relationship warmed while another cooled.

Every country is named from data (``country_label``), never in code.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bilateral.analysis.compare import MIN_PAIRS, strength
from bilateral.analysis.measures import per_period
from bilateral.analysis.stats.change_rule import MIN_EVENTS
from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
from bilateral.report.narrative import signed
from bilateral.report.prose import render


def dyad_name(dyad: str, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Name a dyad ``AAA-BBB`` for a reader, e.g. "France–Germany" (names over the period)."""
    return "–".join(country_label(code, start, end) for code in dyad.split("-"))


def heading(compare: Sequence) -> str:
    """Return the section heading, or nothing when no dyad is compared."""
    return "## Comparison" if compare else ""


def intro(dyads: Sequence[str], counts: dict[str, int], start: pd.Timestamp,
          end: pd.Timestamp) -> str:
    """Say which dyads are compared, with their event counts; one sentence for each dyad the
    loaded tables have no event for."""
    if len(dyads) < 2:
        return ""
    named = [f"{md(dyad_name(d, start, end))} ({counts.get(d, 0):,} events)" for d in dyads]
    lines = [f"The main relationship, {named[0]}, beside {', '.join(named[1:])}, "
             f"from {start:%Y} to {end:%Y}, on one intensity scale."]
    lines += [f"*{md(dyad_name(d, start, end))} has no events in the loaded tables for this "
              "selection, so it is left out of the charts and statistics below.*"
              for d in dyads[1:] if not counts.get(d, 0)]
    return "\n\n".join(lines)


def co_movement_text(table: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Describe co-movement of period-to-period changes (tone, activity) in words, with n."""
    if table.empty:
        return ""
    lines = []
    for (dyad, other), rows in table.groupby(["dyad", "other"], sort=False):
        pair = f"{md(dyad_name(dyad, start, end))} and {md(dyad_name(other, start, end))}"
        parts = []
        for series in ("tone", "activity"):
            row = rows.loc[(rows["series"] == series) & (rows["rows"] == "all")].iloc[0]
            alone = rows.loc[(rows["series"] == series) & (rows["rows"] == "standalone")].iloc[0]
            parts.append(f"{series} {_movement(row['r'], row['n'])}"
                         f" (without linked and indirect rows: {_short(alone['r'], alone['n'])})")
        lines.append(f"- **{pair}**: changes in {parts[0]}; changes in {parts[1]}.")
    return ("Co-movement compares the *changes* from one period to the next (first "
            "differences), so that two relationships that both drift over decades do not pass "
            "for relationships that move together. It describes; it does not test.\n\n"
            + "\n".join(lines))


def _movement(r: float, n: int) -> str:
    if n < MIN_PAIRS or pd.isna(r):
        return f"cannot be compared (n = {n} changes, fewer than {MIN_PAIRS} with values)"
    if strength(r) == "hardly":
        return f"showed little co-movement (r = {_r(r)}, n = {n})"
    way = "together" if r > 0 else "in opposite directions"
    return f"moved {strength(r)} {way} (r = {_r(r)}, n = {n})"


def _r(r: float) -> str:
    return f"{r:+.2f}".replace("-", "−")


def _short(r: float, n: int) -> str:
    return f"n = {n}" if n < MIN_PAIRS or pd.isna(r) else f"r = {_r(r)}, n = {n}"


def divergence_text(gaps: pd.DataFrame, dyad: str, other: str, start: pd.Timestamp,
                    end: pd.Timestamp) -> str:
    """Name the periods where the two dyads' tone changed most differently."""
    if gaps.empty:
        return ""
    a, b = md(dyad_name(dyad, start, end)), md(dyad_name(other, start, end))
    items = [f"{md(row.period_from)} to {md(row.period)} ({a} {signed(row.change)}, "
             f"{b} {signed(row.other_change)})" for row in gaps.itertuples()]
    return (f"Where the tone of {a} and of {b} changed most differently (change in mean "
            "intensity per event from one period to the next): " + "; ".join(items) + ".")


def opposite_text(pairs: pd.DataFrame, dyad: str, start: pd.Timestamp,
                  end: pd.Timestamp) -> str:
    """State when one relationship warmed while another cooled, by the report's change rule."""
    main = md(dyad_name(dyad, start, end))
    if pairs.empty:
        return (f"In no pair of consecutive periods did the tone of {main} and that of a "
                "compared relationship both change, in opposite directions, by the report's "
                "rule for a change (see Methods); the differences above are within noise or "
                "rest on too few events.")
    lines = []
    for row in pairs.itertuples():
        other = md(dyad_name(row.other, start, end))
        way, other_way = (("warmed", "cooled") if row.change > 0 else ("cooled", "warmed"))
        lines.append(f"- From {md(row.period_from)} to {md(row.period_to)}, the tone of {main} "
                     f"{way} ({signed(row.change)} per event) while that of {other} "
                     f"{other_way} ({signed(row.other_change)}).")
    return ("Periods in which one relationship warmed while another cooled, each change "
            "outside its resampling interval with and without linked and indirect rows:\n\n"
            + "\n".join(lines))


def section_text(comparison, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, str]:
    """Return the section's texts: ``intro``, ``co_movement``, ``divergence``, ``opposite``
    (all empty when nothing is compared)."""
    if comparison is None:
        return {"intro": "", "co_movement": "", "divergence": "", "opposite": ""}
    main = comparison.dyads[0]
    return {
        "intro": intro(list(comparison.dyads), comparison.counts, start, end),
        "co_movement": co_movement_text(comparison.co_movement, start, end),
        "divergence": "\n\n".join(divergence_text(gaps, main, other, start, end)
                                   for other, gaps in comparison.divergences.items()),
        "opposite": opposite_text(comparison.opposite, main, start, end)
        if comparison.divergences else "",
    }


def era_rows(comparison, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The era table with each dyad named for the reader (empty when nothing is compared)."""
    if comparison is None:
        return pd.DataFrame()
    return comparison.eras.assign(dyad=comparison.eras["dyad"].map(
        lambda d: dyad_name(d, start, end)))


def names(comparison, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, str]:
    """Map each compared dyad's key to its name for chart legends."""
    return {} if comparison is None else {d: dyad_name(d, start, end) for d in comparison.dyads}


def figure_caption(comparison, years: int, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Caption of the comparison figure (prose: ``templates/comparison_caption.md.j2``)."""
    if comparison is None:
        return ""
    return render("comparison_caption.md.j2", per_period=per_period(years),
                  main=md(dyad_name(comparison.dyads[0], start, end)))


def methods(comparison, years: int) -> str:
    """The Methods paragraph of the comparison (empty when nothing is compared)."""
    if comparison is None:
        return ""
    return render("methods_comparison.md.j2", period_years=years, min_pairs=MIN_PAIRS,
                  min_events=MIN_EVENTS)
