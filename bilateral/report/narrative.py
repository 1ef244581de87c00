"""The report's sentences, computed from the measures; every piece of data text is escaped."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.data.provenance import Source


def signed(value: float) -> str:
    """Write ``+12.5`` or ``−3.0`` (a true minus sign)."""
    return f"{value:+.1f}".replace("-", "−")


def day(stamp: pd.Timestamp) -> str:
    """Write a date as ``2 Sep 2025``."""
    return f"{stamp.day} {stamp:%b %Y}"


def dyad_names(params: Parameters) -> tuple[str, str]:
    """Return the two countries' names over the report period (``USSR/Russia``)."""
    a, b = params.dyad
    return country_label(a, params.start, params.end), country_label(b, params.start, params.end)


def report_title(params: Parameters) -> str:
    """Return the report title: the one given, or one made from the country names and years."""
    if params.title:
        return params.title
    a, b = dyad_names(params)
    return f"{a} and {b}: cooperation and tension, {params.start:%Y}–{params.end:%Y}"


def header(params: Parameters, source: Source, n_selected: int,
           generated_at: dt.datetime | None = None) -> str:
    """Return the title (as the first H1) and a block of dyad, period, filters and provenance."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    (a, b), (ca, cb) = dyad_names(params), params.dyad
    domains = ", ".join(params.domains) if params.domains else "all"
    newest = day(source.newest) if source.newest is not None else "none"
    return "\n".join([
        f"# {md(report_title(params))}", "",
        f"**Dyad:** {md(a)} ({ca}) – {md(b)} ({cb}), events in either direction  ",
        f"**Period:** {day(params.start)} to {day(params.end)}  ",
        f"**Domains:** {md(domains)} · **Events selected:** {n_selected:,}  ",
        f"**Data:** {md(source.name)}, {source.rows:,} rows, newest event {newest}  ",
        f"**SHA-256:** `{source.sha256}`  ",
        f"**Generated:** {generated_at:%Y-%m-%d %H:%M} UTC",
    ])


def empty_selection(params: Parameters, n_selected: int) -> str:
    """Say plainly that nothing matched, and what was asked for (empty text otherwise)."""
    if n_selected:
        return ""
    a, b = dyad_names(params)
    domains = f" in the domains {', '.join(params.domains)}" if params.domains else ""
    return (f"**No events match this selection.** The table has no event between "
            f"{md(a)} and {md(b)}{md(domains)} from {day(params.start)} to {day(params.end)}, "
            "so the sections below have nothing to measure or chart.")


def key_findings(events: pd.DataFrame, balance: pd.DataFrame, eras: pd.DataFrame,
                 turns: pd.DataFrame, index: pd.DataFrame, years: int) -> str:
    """Return the key findings as Markdown bullets, or an empty-selection note."""
    if events.empty:
        return "No findings: the selection holds no events."
    coop, tension = events.loc[events["intensity"] > 0], events.loc[events["intensity"] < 0]
    neutral = len(events) - len(coop) - len(tension)
    lines = [
        f"- **{len(events):,} events** from {day(events['date'].min())} to "
        f"{day(events['date'].max())}: **{len(coop):,} of cooperation** (summed intensity "
        f"{signed(coop['intensity'].sum())}) and **{len(tension):,} of tension** (summed "
        f"intensity {signed(tension['intensity'].sum())})"
        + (f"; {neutral:,} neutral (intensity 0)." if neutral else "."),
        f"- **Net balance {signed(events['intensity'].sum())}** over the whole period. "
        + era_sentence(eras),
        *period_extremes(balance, events, years),
        *turn_sentences(turns, events, years),
        f"- **Where it stands:** the cumulative index ends at {signed(index['index'].iloc[-1])}"
        f" ({day(index['date'].iloc[-1])}); its low was {signed(index['index'].min())} "
        f"({day(index.loc[index['index'].idxmin(), 'date'])}), its high "
        f"{signed(index['index'].max())} ({day(index.loc[index['index'].idxmax(), 'date'])}).",
    ]
    return "\n".join(lines)


def era_sentence(eras: pd.DataFrame) -> str:
    """Name the warmest and coldest era by net balance per year."""
    with_events = eras.loc[eras["n_events"] > 0]
    if len(with_events) < 2:
        return ""
    warm = with_events.loc[with_events["net_per_year"].idxmax()]
    cold = with_events.loc[with_events["net_per_year"].idxmin()]
    return (f"By era, the warmest was *{md(warm['era'])}* ({signed(warm['net_per_year'])} "
            f"a year) and the coldest *{md(cold['era'])}* ({signed(cold['net_per_year'])} a "
            "year); the table below gives every era.")


def period_extremes(balance: pd.DataFrame, events: pd.DataFrame, years: int) -> list[str]:
    """Return bullets naming the warmest and coldest periods and their largest event."""
    active = balance.loc[balance["n_events"] > 0]
    if len(active) < 2:
        return []
    lines = []
    for word, row, sign in (("Warmest", active.loc[active["net"].idxmax()], 1),
                            ("Coldest", active.loc[active["net"].idxmin()], -1)):
        lines.append(f"- **{word} {_period_word(years)}: {md(period_name(row))}**, net "
                     f"{signed(row['net'])} from {row['n_events']} events; "
                     f"{biggest_event(events, row, sign)}.")
    return lines


def turn_sentences(turns: pd.DataFrame, events: pd.DataFrame, years: int) -> list[str]:
    """Return one bullet per large turning point of the net balance."""
    if turns.empty:
        return []
    items = [f"from {md(t['previous_period'])} to {md(t['period'])} the net balance "
             f"{'rose' if t['change'] > 0 else 'fell'} by {abs(t['change']):.1f} "
             f"({signed(t['previous_net'])} → {signed(t['net'])}; "
             f"{biggest_event(events, t, t['change'])})"
             for _, t in turns.iterrows()]
    return [f"- **Largest turning points** between consecutive {_period_word(years)}s: "
            + "; ".join(items) + "."]


def biggest_event(events: pd.DataFrame, period: pd.Series, sign: float = 0) -> str:
    """Name a period's largest act of cooperation (sign > 0), of tension (sign < 0), or its
    largest event by |intensity| (sign 0, or nothing on that side), with its label."""
    inside = events.loc[events["date"].between(period["period_start"], period["period_end"])]
    if inside.empty:
        return "no event recorded"
    side = "cooperation" if sign > 0 else "tension"
    same_side = inside.loc[inside["intensity"] * sign > 0]
    if sign and not same_side.empty:
        label, inside = f"largest act of {side}", same_side
    elif sign:
        label = f"no act of {side}; largest event"
    else:
        label = "largest event"
    top = inside.loc[inside["intensity"].abs().idxmax()]
    return f"{label}: “{md(top['title'])}” ({top['date']:%Y}, {signed(top['intensity'])})"


def period_name(row: pd.Series) -> str:
    """Name a period, saying so when only part of it is inside the report."""
    full = ((row["period_end"] - row["period_start"]).days + 1) / 365.25
    if row["years_covered"] < full - 0.01:
        return f"{row['period']} (only {day(row['covered_from'])} to {day(row['covered_to'])})"
    return str(row["period"])


def _period_word(years: int) -> str:
    return "year" if years == 1 else "decade" if years == 10 else f"{years}-year period"
