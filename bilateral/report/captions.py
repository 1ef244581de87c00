"""Sentences that go under charts and tables, computed from what they show."""

from __future__ import annotations

import pandas as pd

from bilateral.analysis.aggregate import AGGREGATE_ABOVE, LINE_SLICES, aggregated
from bilateral.analysis.measures import per_period
from bilateral.analysis.selection import MAX_THIRD_PARTIES
from bilateral.data.markup import escape_markdown as md
from bilateral.report.narrative import signed


def balance_caption(balance: pd.DataFrame, years: int, window: int, n_labelled: int,
                    overlay: pd.DataFrame | None = None, overlay_name: str = "",
                    normalised: bool = False) -> str:
    """Explain the cooperation-vs-tension chart (empty text when it has no events)."""
    if balance["n_events"].sum() == 0:
        return ""
    text = (f"Bars: summed intensity of cooperation (up) and tension (down) {per_period(years)}; "
            f"the line is the net balance"
            + (f", averaged over {window} neighbouring periods" if window > 1 else "")
            + f". Shading marks the eras; the {n_labelled} most significant events are labelled.")
    partial = balance.loc[balance["years_covered"] < balance["years_covered"].max() - 0.01]
    if len(partial):
        text += (" Periods only partly inside the report (" + ", ".join(partial["period"])
                 + ") have narrower bars.")
    if overlay is not None:
        unit = "per 1,000 events of all news that period" if normalised else "summed"
        text += (f" Dashed grey, right axis: machine-coded net cooperation from "
                 f"{md(overlay_name)} ({overlay['n_events'].sum():,} events; Goldstein scores "
                 f"{unit}).")
    return f"*{text}*"


def timeline_caption(n_events: int, n_labelled: int) -> str:
    """Explain the timeline, saying when (and how) it counts events instead of drawing them."""
    if n_events == 0:
        return ""
    if aggregated(n_events):
        return (f"*{n_events:,} events are too many to draw one by one (more than "
                f"{AGGREGATE_ABOVE:,}), so the chart is aggregated: each grey cell counts the "
                "events of one time step in one band of intensity (darker: more; the scale at "
                f"the right gives the counts). The {n_labelled} most significant events are "
                "drawn over it and labelled: colour = domain, circle = verbal, diamond = "
                "material.*")
    return (f"*Each marker is an event at its date; height = intensity, colour = domain, "
            f"circle = verbal, diamond = material. All {n_events:,} events are drawn; the "
            f"{n_labelled} most significant are labelled.*")


def domain_text(totals: pd.DataFrame) -> str:
    """Say which domain carried most cooperation and most tension."""
    if totals.empty:
        return ""
    coop = totals.loc[totals["cooperation"].idxmax()]
    tension = totals.loc[totals["tension"].idxmin()]
    parts = [f"Most cooperation came in the **{md(coop['domain'])}** domain "
             f"({signed(coop['cooperation'])} from {coop['n_cooperation']} events)"]
    if tension["tension"] < 0:
        parts.append(f"most tension in the **{md(tension['domain'])}** domain "
                     f"({signed(tension['tension'])} from {tension['n_tension']} events)")
    return "; ".join(parts) + ". Hatched bars below zero are tension."


MIN_EVENTS_FOR_PULL = 3


def third_party_text(parties: pd.DataFrame, n_events: int) -> str:
    """Say which states appear, and which pulled towards cooperation or tension."""
    if parties.empty:
        return "None of the selected events names a third state."
    named = parties["n_events"].sum()
    # a mean over one or two events says little: compare states named often enough
    often = parties["n_events"] >= MIN_EVENTS_FOR_PULL
    pulls = parties.loc[often] if often.any() else parties
    among = (f" Among the states named in at least {MIN_EVENTS_FOR_PULL} events, events"
             if often.any() and not often.all() else " Events")
    warm, cold = pulls.loc[pulls["pull"].idxmax()], pulls.loc[pulls["pull"].idxmin()]
    shown = (f" The chart shows the {MAX_THIRD_PARTIES} named most often."
             if len(parties) > MAX_THIRD_PARTIES else "")
    return (f"{len(parties)} other states are named {named:,} times in the {n_events:,} "
            f"selected events.{shown}{among} naming **{md(warm['name'])}** leaned most towards "
            f"cooperation (mean intensity {signed(warm['mean_intensity'])}, "
            f"{signed(warm['pull'])} against the mean of all events); events naming "
            f"**{md(cold['name'])}** leaned most towards tension (mean "
            f"{signed(cold['mean_intensity'])}, {signed(cold['pull'])}).")


def cumulative_text(index: pd.DataFrame) -> str:
    """Say where the running sum stands and since when it has kept its sign."""
    if index.empty:
        return ""
    last = index["index"].iloc[-1]
    flips = index.loc[(index["index"] > 0) != (last > 0)]
    since = (f"; it has been {'above' if last > 0 else 'at or below'} zero since "
             f"{index.loc[flips.index[-1] + 1, 'date']:%Y}" if len(flips) and
             flips.index[-1] + 1 < len(index) else "")
    n_events = int(index["n_events"].sum()) if "n_events" in index else len(index)
    reduced = (f" With {n_events:,} events the line is aggregated: it is drawn through the "
               f"first, lowest, highest and last value of each of {LINE_SLICES:,} time slices "
               "(M4), which looks the same as the full line; the marked values are exact."
               if aggregated(n_events) else "")
    return (f"*The index adds up every intensity from the start of the report period: it "
            f"stands at {signed(last)}{since}. Above zero, cooperation has outweighed "
            f"tension so far.{reduced}*")


def chronology_text(n_shown: int, n_events: int) -> str:
    """Say whether the chronology is complete or a selection."""
    if n_events == 0:
        return "No events to list."
    if n_shown == n_events:
        return f"All {n_events:,} selected events, oldest first."
    return (f"The {n_shown:,} most significant of {n_events:,} selected events (largest "
            f"|intensity|), oldest first; {n_events - n_shown:,} are not shown.")


def corrections_text(n_corrections: int, n_total: int | None = None) -> str:
    """Introduce the corrections table (``n_corrections`` rows listed of ``n_total``), or say
    there is none; a capped list says how many rows are not shown."""
    total = n_corrections if n_total is None else n_total
    if total == 0:
        return "No row in this selection records a correction of a source."
    text = (f"{total:,} row{'s' if total != 1 else ''} record{'' if total != 1 else 's'} "
            "where a source was wrong and what the table uses instead")
    if total > n_corrections:
        return (f"{text}; the oldest {n_corrections:,} are listed, {total - n_corrections:,} "
                "are not shown:")
    return f"{text}:"


def coverage_text(totals: dict[str, int]) -> str:
    """Say how much of the span has events and how precise the dates are."""
    if not totals or not totals["n_events"]:
        return ""
    empty = totals["years"] - totals["years_with_events"]
    day = totals["day"] / totals["n_events"]
    return (f"**Coverage.** {empty:,} of the {totals['years']:,} years in this report have no "
            f"recorded event, so a sum over a period partly measures how much was recorded. "
            f"{day:.0%} of the {totals['n_events']:,} dates are known to the day, "
            f"{totals['month']:,} to the month and {totals['year']:,} only to the year. The table "
            "counts events and years with events per decade; the activity panel of the "
            "tone-and-activity chart shows events per year.")
