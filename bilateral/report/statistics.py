"""Tone versus activity, change points, their eras, the per-period intervals and the
robustness of each finding, in words and tables (numbers from ``analysis.stats``; every
"change" is worded by the change rule). The sentences' wording: ``templates/statistics/``."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from bilateral.analysis.measures import period_label
from bilateral.analysis.stats import change_rule
from bilateral.analysis.stats.bootstrap import LEVEL, MIN_EVENTS, N_BOOT
from bilateral.analysis.stats.change_rule import CHANGE
from bilateral.analysis.stats.changepoints import PENALTY_PATH, Break
from bilateral.analysis.stats.robustness import Finding
from bilateral.analysis.stats.summary import Statistics
from bilateral.data.markup import escape_markdown as md
from bilateral.report import changes
from bilateral.report.numbers import share_words, signed, span
from bilateral.report.prose import render

SERIES_WORDS = {"tone": "Tone (mean intensity per event)", "activity": "Activity (events a year)"}
ERA_WINDOW = 2  # years: a change point this close to an era's start is "consistent" with it
MAX_TABLE_FLIPPERS = 6  # events named per finding in the robustness table


def level(series: str, value: float) -> str:
    """A segment's level: ``+2.4`` mean intensity or ``3.1 a year``."""
    return signed(value) if series == "tone" else f"{value:,.1f} a year"


def path_share(stability: float) -> str:
    """``5 of 5 penalties``: the penalty-path runs that find a break."""
    return f"{round(stability * len(PENALTY_PATH))} of {len(PENALTY_PATH)} penalties"


def break_sentence(stats: Statistics, b: Break) -> str:
    """One change point in words, with its verdict by the change rule."""
    f = stats.break_finding(b.series, b.year)
    verdict = changes.break_verdict(stats, b.series, b.year, b.stability)
    return render("statistics/break.md.j2", series=b.series, change=verdict == CHANGE,
                  up=b.level_after > b.level_before, year=b.year,
                  dated="" if b.interval[0] == b.interval[1] else span(*b.interval),
                  before=level(b.series, b.level_before), after=level(b.series, b.level_after),
                  path_share=path_share(b.stability), holds=changes.holds(f))


def tone_activity_text(stats: Statistics) -> str:
    """Say which of tone and activity moved, and when (one sentence for a small selection)."""
    if not stats.enough:
        return changes.too_few_sentence(stats.n_events)
    years = stats.yearly
    breaks = {series: [b for b in stats.changes.breaks if b.series == series]
              for series in ("tone", "activity")}
    moved = [series for series, found in breaks.items()
             if any(changes.break_verdict(stats, series, b.year, b.stability) == CHANGE
                    for b in found)]
    return render("statistics/tone_activity.md.j2", empty=int((years["events"] == 0).sum()),
                  n_years=len(years), verdict=what_moved(moved),
                  breaks={series: [break_sentence(stats, b) for b in found]
                          for series, found in breaks.items()})


def what_moved(moved: list[str]) -> str:
    """The verdict on tone versus activity in one sentence."""
    return render("statistics/what_moved.md.j2", moved=moved)


def changepoint_table(stats: Statistics) -> pd.DataFrame:
    """One row per change point: series, date or interval, levels, stability and verdict."""
    rows = [{"Series": SERIES_WORDS[b.series],
             "Date or interval": span(*b.interval),
             "Level before": level(b.series, b.level_before),
             "Level after": level(b.series, b.level_after),
             "Penalty path": f"found at {path_share(b.stability)}",
             "Specifications": changes.holds(stats.break_finding(b.series, b.year)),
             "Verdict": changes.break_verdict(stats, b.series, b.year, b.stability)}
            for b in stats.changes.breaks]
    return pd.DataFrame(rows, columns=["Series", "Date or interval", "Level before",
                                       "Level after", "Penalty path", "Specifications",
                                       "Verdict"])


def era_consistency_text(stats: Statistics) -> str:
    """Compare the change points with the eras, as consistency, not proof."""
    if not stats.enough or not stats.changes.breaks:
        return ""
    bounds = stats.eras.iloc[1:]
    if bounds.empty:
        return ""
    parts = []
    for b in stats.changes.breaks:
        gaps = (bounds["start"].dt.year - b.year).abs().to_numpy()
        nearest = bounds.iloc[int(np.argmin(gaps))]
        parts.append({"series": b.series, "year": b.year, "gap": int(gaps.min()),
                      "era": md(nearest["era"]), "start": f"{nearest['start']:%Y-%m-%d}"})
    return render("statistics/era_consistency.md.j2", breaks=parts, window=ERA_WINDOW)


def balance_statistics_caption(stats: Statistics) -> str:
    """Explain the statistics drawn on the balance chart (empty when none are drawn)."""
    if not stats.enough:
        return ""
    few = stats.periods["too_few"] & (stats.periods["events"] > 0)
    return render("statistics/balance_caption.md.j2", level=LEVEL, n_boot=N_BOOT,
                  min_events=MIN_EVENTS, few=bool(few.any()),
                  breaks=bool(stats.changes.breaks))


def interval_cell(row: pd.Series, statistic: str) -> str:
    """``+3.1 to +20.2``, ``too few events`` or ``no events``."""
    if row["events"] == 0:
        return "no events"
    if row["too_few"]:
        return "too few events"
    return f"{signed(row[f'{statistic}_lo'])} to {signed(row[f'{statistic}_hi'])}"


def interval_table(stats: Statistics) -> pd.DataFrame:
    """Per period: events, net and tone with their sensitivity to which events were recorded."""
    if stats.periods.empty:
        return pd.DataFrame()
    p = stats.periods
    return pd.DataFrame({
        "Period": [period_label(int(s), stats.period_years) for s in p["start"]],
        "Events": p["events"].to_numpy(),
        "Net": [signed(v) for v in p["net"]],
        "Net: sensitivity": [interval_cell(r, "net") for _, r in p.iterrows()],
        "Tone": ["" if e == 0 else signed(t) for e, t in zip(p["events"], p["tone"], strict=False)],
        "Tone: sensitivity": [interval_cell(r, "tone") for _, r in p.iterrows()]})


def interval_text(stats: Statistics) -> str:
    """What the intervals mean, and which periods have none."""
    if not stats.enough:
        return ""
    p = stats.periods
    few = [period_label(int(s), stats.period_years)
           for s in p.loc[p["too_few"] & (p["events"] > 0), "start"]]
    return render("statistics/intervals.md.j2", level=LEVEL, n_boot=N_BOOT, seed=stats.seed,
                  min_events=MIN_EVENTS, few=few)


def finding_name(f: Finding, years: int) -> str:
    """A finding in the report's words (plain text, for a table cell)."""
    d = cast("dict[str, Any]", f.detail)
    if f.kind in ("warmest", "coldest"):
        return f"{f.kind.capitalize()} period: {period_label(d['start'], years)}"
    if f.kind == "turning":
        a, b = d["starts"]
        word = "rise" if d["change"] > 0 else "fall"
        return (f"Largest turning point: {period_label(a, years)} → "
                f"{period_label(b, years)} ({word})")
    if f.kind == "era":
        sign = "cooperative" if d["net"] > 0 else "tense" if d["net"] < 0 else "balanced"
        return f"Era {d['era']} on balance {sign}"
    return f"{d['series'].capitalize()} change point {d['year']}"


def robustness_table(stats: Statistics, events: pd.DataFrame) -> pd.DataFrame:
    """Per finding: "holds in k of m", whether that is enough, and the events that flip it."""
    titles = changes.event_titles(events)
    rows = [{"Finding": finding_name(f, stats.period_years),
             "Holds in": f"{f.k} of {f.m} specifications",
             "Robust": "yes" if change_rule.holds(f.k, f.m) else "no (fragile)",
             "Events whose removal alone flips it":
                 changes.event_names(f.flippers, titles, MAX_TABLE_FLIPPERS, markdown=False)
                 or "none"}
            for f in stats.findings]
    return pd.DataFrame(rows, columns=["Finding", "Holds in", "Robust",
                                       "Events whose removal alone flips it"])


def robustness_text(stats: Statistics) -> str:
    """How many findings hold, and the rule (empty for a small selection: said elsewhere)."""
    if not stats.enough:
        return ""
    return render("statistics/robustness.md.j2",
                  agreement=share_words(change_rule.MIN_AGREEMENT),
                  n_robust=sum(change_rule.holds(f.k, f.m) for f in stats.findings),
                  n_findings=len(stats.findings))
