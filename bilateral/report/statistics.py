"""Tone versus activity, change points, their eras, the per-period intervals and the
robustness of each finding, in words and tables (numbers from ``analysis.stats``; every
"change" is worded by the change rule)."""

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

SERIES_WORDS = {"tone": "Tone (mean intensity per event)", "activity": "Activity (events a year)"}
ERA_WINDOW = 2  # years: a change point this close to an era's start is "consistent" with it
MAX_TABLE_FLIPPERS = 6  # events named per finding in the robustness table


def level(series: str, value: float) -> str:
    """A segment's level: ``+2.4`` mean intensity or ``3.1 a year``."""
    return signed(value) if series == "tone" else f"{value:.1f} a year"


def path_share(stability: float) -> str:
    """``5 of 5 penalties``: the penalty-path runs that find a break."""
    return f"{round(stability * len(PENALTY_PATH))} of {len(PENALTY_PATH)} penalties"


def break_sentence(stats: Statistics, b: Break) -> str:
    """One change point in words, with its verdict by the change rule."""
    f = stats.break_finding(b.series, b.year)
    verdict = changes.break_verdict(stats, b.series, b.year, b.stability)
    moved = {"tone": ("warmed", "cooled"), "activity": ("rose", "fell")}[b.series]
    word = moved[0] if b.level_after > b.level_before else moved[1]
    claim = (f"{b.series} {word}" if verdict == CHANGE
             else f"a {b.series} break within noise (fragile)")
    dated = (f"in {b.year}" if b.interval[0] == b.interval[1]
             else f"in {b.year} (dated {span(*b.interval)} along the penalty path)")
    return (f"{claim} {dated}: {level(b.series, b.level_before)} before, "
            f"{level(b.series, b.level_after)} after; found at {path_share(b.stability)} and "
            f"{changes.holds(f)}")


def tone_activity_text(stats: Statistics) -> str:
    """Say which of tone and activity moved, and when (one sentence for a small selection)."""
    if not stats.enough:
        return changes.too_few_sentence(stats.n_events)
    years = stats.yearly
    empty = int((years["events"] == 0).sum())
    gaps = (f"{empty} of {len(years)} years have no event: their tone is missing (not zero) "
            "and their activity is 0." if empty else "Every year has at least one event.")
    lines = [f"Tone is the mean intensity of a year's events; activity is how many were "
             f"recorded. {gaps}"]
    moved = []
    for series in ("tone", "activity"):
        found = [b for b in stats.changes.breaks if b.series == series]
        if not found:
            lines.append(f"{series.capitalize()}: no change point; its level stays within "
                         "noise over the whole period.")
            continue
        text = "; ".join(break_sentence(stats, b) for b in found)
        lines.append(f"{series.capitalize()}: {text}.")
        if any(changes.break_verdict(stats, series, b.year, b.stability) == CHANGE
               for b in found):
            moved.append(series)
    lines.append(what_moved(moved))
    return " ".join(lines)


def what_moved(moved: list[str]) -> str:
    """The verdict on tone versus activity in one sentence."""
    if moved == ["tone", "activity"]:
        return ("**Both moved:** the tone of the recorded events and their number changed, so "
                "a change in the sums is not only a change in record-keeping.")
    if moved == ["activity"]:
        return ("**Only activity moved:** more (or fewer) events were recorded, but their tone "
                "stayed within noise; a change in the sums is a change in volume, not in "
                "warmth.")
    if moved == ["tone"]:
        return ("**Only tone moved:** the events became warmer or colder while their number "
                "stayed within noise.")
    return "**Neither tone nor activity** changed beyond noise by the change rule."


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
        gap = int(gaps.min())
        where = ("the same year as" if gap == 0 else
                 f"{gap} year{'s' if gap > 1 else ''} from")
        tie = "consistent with that boundary" if gap <= ERA_WINDOW else "not near a boundary"
        parts.append(f"the {b.series} change point of {b.year} lies {where} the start of "
                     f"*{md(nearest['era'])}* ({nearest['start']:%Y-%m-%d}): {tie}")
    return ("Against the eras: " + "; ".join(parts) + ". The eras were drawn in hindsight, "
            "so agreement shows consistency, not proof.")


def balance_statistics_caption(stats: Statistics) -> str:
    """Explain the statistics drawn on the balance chart (empty when none are drawn)."""
    if not stats.enough:
        return ""
    few = stats.periods["too_few"] & (stats.periods["events"] > 0)
    text = ("Dark grey ticks and lines: each period's net with its sensitivity to which events "
            f"were recorded (middle {LEVEL:.0%} of {N_BOOT} resamples)")
    text += (f"; periods with fewer than {MIN_EVENTS} events have none (too few events)."
             if few.any() else ".")
    if stats.changes.breaks:
        text += (" Coloured bands: change points in tone (purple) and activity (green) over "
                 "their dating intervals; a hatched band is a break within noise (fragile).")
    return f"*{text}*"


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
    text = (f"Each interval is the range of the middle {LEVEL:.0%} of {N_BOOT} resamples of the "
            f"period's recorded events (seed {stats.seed}): its sensitivity to which events were "
            "recorded. It is not a confidence interval for the relationship itself, and it "
            "cannot see events nobody recorded.")
    if few:
        text += (f" Periods with fewer than {MIN_EVENTS} events get no interval (too few "
                 f"events): {', '.join(few)}.")
    return text


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
    n_hold = sum(change_rule.holds(f.k, f.m) for f in stats.findings)
    return (f"Each finding is recomputed under every specification a careful analyst might "
            f"have chosen (see Methods); it is called robust when it holds in at least "
            f"{share_words(change_rule.MIN_AGREEMENT)} of them. {n_hold} of {len(stats.findings)} "
            "findings are robust. The last column names the events whose removal alone, at "
            "the report's own settings, would change the finding.")
