"""Sentences that go under charts and tables, computed from what they show (their wording:
``templates/captions/``)."""

from __future__ import annotations

import pandas as pd

from bilateral.analysis.aggregate import AGGREGATE_ABOVE, LINE_SLICES, aggregated
from bilateral.analysis.measures import per_period
from bilateral.analysis.selection import MAX_THIRD_PARTIES
from bilateral.data.markup import escape_markdown as md
from bilateral.report.prose import render


def balance_caption(balance: pd.DataFrame, years: int, window: int, n_labelled: int,
                    overlay: pd.DataFrame | None = None, overlay_name: str = "",
                    normalised: bool = False) -> str:
    """Explain the cooperation-vs-tension chart (empty text when it has no events)."""
    if balance["n_events"].sum() == 0:
        return ""
    partial = balance.loc[balance["years_covered"] < balance["years_covered"].max() - 0.01]
    shown = None if overlay is None else {"name": md(overlay_name),
                                          "n_events": overlay["n_events"].sum(),
                                          "normalised": normalised}
    return render("captions/balance.md.j2", per_period=per_period(years), window=window,
                  n_labelled=n_labelled, partial=list(partial["period"]), overlay=shown)


def timeline_caption(n_events: int, n_labelled: int) -> str:
    """Explain the timeline, saying when (and how) it counts events instead of drawing them."""
    if n_events == 0:
        return ""
    return render("captions/timeline.md.j2", n_events=n_events, n_labelled=n_labelled,
                  aggregated=aggregated(n_events), limit=AGGREGATE_ABOVE)


def domain_text(totals: pd.DataFrame) -> str:
    """Say which domain carried most cooperation and most tension."""
    if totals.empty:
        return ""
    coop = totals.loc[totals["cooperation"].idxmax()]
    tension = totals.loc[totals["tension"].idxmin()]
    return render("captions/domains.md.j2",
                  cooperation={"domain": md(coop["domain"]), "sum": coop["cooperation"],
                               "n": coop["n_cooperation"]},
                  tension={"domain": md(tension["domain"]), "sum": tension["tension"],
                           "n": tension["n_tension"]} if tension["tension"] < 0 else None)


MIN_EVENTS_FOR_PULL = 3


def third_party_text(parties: pd.DataFrame, n_events: int) -> str:
    """Say which states appear, and which pulled towards cooperation or tension."""
    if parties.empty:
        return render("captions/third_parties.md.j2", n_states=0)
    # a mean over one or two events says little: compare states named often enough
    often = parties["n_events"] >= MIN_EVENTS_FOR_PULL
    pulls = parties.loc[often] if often.any() else parties
    warm, cold = pulls.loc[pulls["pull"].idxmax()], pulls.loc[pulls["pull"].idxmin()]
    return render("captions/third_parties.md.j2", n_states=len(parties),
                  n_named=parties["n_events"].sum(), n_events=n_events,
                  max_shown=MAX_THIRD_PARTIES, min_events=MIN_EVENTS_FOR_PULL,
                  only_often=bool(often.any() and not often.all()),
                  warm={"name": md(warm["name"]), "mean": warm["mean_intensity"],
                        "pull": warm["pull"]},
                  cold={"name": md(cold["name"]), "mean": cold["mean_intensity"],
                        "pull": cold["pull"]})


def cumulative_text(index: pd.DataFrame) -> str:
    """Say where the running sum stands and since when it has kept its sign."""
    if index.empty:
        return ""
    last = index["index"].iloc[-1]
    flips = index.loc[(index["index"] > 0) != (last > 0)]
    since = (f"{index.loc[flips.index[-1] + 1, 'date']:%Y}" if len(flips) and
             flips.index[-1] + 1 < len(index) else "")
    n_events = int(index["n_events"].sum()) if "n_events" in index else len(index)
    return render("captions/cumulative.md.j2", last=last, since=since, n_events=n_events,
                  aggregated=aggregated(n_events), slices=LINE_SLICES)


def chronology_text(n_shown: int, n_events: int) -> str:
    """Say whether the chronology is complete or a selection."""
    return render("captions/chronology.md.j2", n_shown=n_shown, n_events=n_events)


def corrections_text(n_corrections: int, n_total: int | None = None) -> str:
    """Introduce the corrections table (``n_corrections`` rows listed of ``n_total``), or say
    there is none; a capped list says how many rows are not shown."""
    total = n_corrections if n_total is None else n_total
    return render("captions/corrections.md.j2", n_listed=n_corrections, total=total)


def coverage_text(totals: dict[str, int]) -> str:
    """Say how much of the span has events and how precise the dates are."""
    if not totals or not totals["n_events"]:
        return ""
    return render("captions/coverage.md.j2", years=totals["years"],
                  years_with_events=totals["years_with_events"],
                  day_share=totals["day"] / totals["n_events"], n_events=totals["n_events"],
                  month=totals["month"], year=totals["year"])
