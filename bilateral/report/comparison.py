"""The Comparison section's words: heading, a sentence per dyad without events, co-movement in
plain language, and the periods where one relationship warmed while another cooled.

Every country is named from data (``country_label``), never in code; the wording is in
``templates/comparison/``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bilateral.analysis.compare import MIN_PAIRS, strength
from bilateral.analysis.measures import per_period
from bilateral.analysis.stats.change_rule import MIN_EVENTS
from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
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
    named = [{"name": md(dyad_name(d, start, end)), "n": counts.get(d, 0)} for d in dyads]
    return render("comparison/intro.md.j2", main=named[0], others=named[1:],
                  start=f"{start:%Y}", end=f"{end:%Y}",
                  missing=[d["name"] for d in named[1:] if not d["n"]])


def co_movement_text(table: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Describe co-movement of period-to-period changes (tone, activity) in words, with n."""
    if table.empty:
        return ""
    pairs = []
    for (dyad, other), rows in table.groupby(["dyad", "other"], sort=False):
        series = []
        for name in ("tone", "activity"):
            found = {kind: rows.loc[(rows["series"] == name) & (rows["rows"] == kind)].iloc[0]
                     for kind in ("all", "standalone")}
            series.append({"name": name, "all": _movement(found["all"]["r"], found["all"]["n"]),
                           "standalone": _movement(found["standalone"]["r"],
                                                   found["standalone"]["n"])})
        pairs.append({"a": md(dyad_name(dyad, start, end)), "b": md(dyad_name(other, start, end)),
                      "series": series})
    return render("comparison/co_movement.md.j2", pairs=pairs, min_pairs=MIN_PAIRS)


def _movement(r: float, n: int) -> dict[str, object]:
    """``n``, ``r`` as written (None when it cannot be compared), its strength and sign."""
    if n < MIN_PAIRS or pd.isna(r):
        return {"n": n, "r": None, "strength": None, "together": None}
    return {"n": n, "r": _r(r), "strength": strength(r), "together": r > 0}


def _r(r: float) -> str:
    return f"{r:+.2f}".replace("-", "−")


def divergence_text(gaps: pd.DataFrame, dyad: str, other: str, start: pd.Timestamp,
                    end: pd.Timestamp) -> str:
    """Name the periods where the two dyads' tone changed most differently."""
    if gaps.empty:
        return ""
    items = [{"period_from": md(row.period_from), "period": md(row.period),
              "change": row.change, "other_change": row.other_change}
             for row in gaps.itertuples()]
    return render("comparison/divergence.md.j2", a=md(dyad_name(dyad, start, end)),
                  b=md(dyad_name(other, start, end)), gaps=items)


def opposite_text(pairs: pd.DataFrame, dyad: str, start: pd.Timestamp,
                  end: pd.Timestamp) -> str:
    """State when one relationship warmed while another cooled, by the report's change rule."""
    shifts = [{"period_from": md(row.period_from), "period_to": md(row.period_to),
               "other": md(dyad_name(row.other, start, end)), "change": row.change,
               "other_change": row.other_change} for row in pairs.itertuples()]
    return render("comparison/opposite.md.j2", main=md(dyad_name(dyad, start, end)),
                  shifts=shifts)


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
    """Caption of the comparison figure (prose: ``templates/comparison/figure_caption.md.j2``)."""
    if comparison is None:
        return ""
    return render("comparison/figure_caption.md.j2", per_period=per_period(years),
                  main=md(dyad_name(comparison.dyads[0], start, end)))


def methods(comparison, years: int) -> str:
    """The Methods paragraph of the comparison (empty when nothing is compared)."""
    if comparison is None:
        return ""
    return render("methods_comparison.md.j2", period_years=years, min_pairs=MIN_PAIRS,
                  min_events=MIN_EVENTS)
