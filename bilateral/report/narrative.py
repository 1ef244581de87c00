"""The report's sentences, computed from the measures; every piece of data text is escaped."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pandas as pd

from bilateral.analysis.stats.summary import Statistics
from bilateral.data.countries import country_label
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.data.periods import period_word
from bilateral.data.provenance import Source
from bilateral.report import changes
from bilateral.report.numbers import signed


def day(stamp: pd.Timestamp) -> str:
    """Write a date as ``2 Sep 2025``."""
    return f"{stamp.day} {stamp:%b %Y}"


def dyad_names(params: Parameters) -> tuple[str, str]:
    """Return the two countries' names over the report period (a renamed state gets both)."""
    return cast("tuple[str, str]",
                tuple(country_label(c, params.start, params.end) for c in params.dyad))


def report_title(params: Parameters) -> str:
    """Return the report title: the one given, or one made from the country names and years."""
    if params.title:
        return params.title
    a, b = dyad_names(params)
    return f"{a} and {b}: cooperation and tension, {params.start:%Y}–{params.end:%Y}"


def title_line(params: Parameters) -> str:
    """Return the report title as a level-1 Markdown heading (escaped)."""
    return f"# {md(report_title(params))}"


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


def provenance(source: Source, events: pd.DataFrame | None = None,
               generated_at: dt.datetime | None = None) -> str:
    """Return the one-line provenance of page 1: data as of the selection's newest event, the
    tables' names, version, rows and checksum prefix, and when the report was made."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    newest = (events["date"].max() if events is not None and len(events) else source.newest)
    as_of = day(newest) if newest is not None and not pd.isna(newest) else "no event"
    version = f" version {md(source.version)}," if source.version else ""
    return (f"**Data as of {as_of}** (newest event) · {md(source.name)},{version} "
            f"{source.rows:,} rows, SHA-256 `{source.sha256[:12]}` · generated "
            f"{generated_at:%Y-%m-%d %H:%M} UTC")


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
                 turns: pd.DataFrame, index: pd.DataFrame, years: int,
                 stats: Statistics | None = None) -> str:
    """Return the key findings as Markdown bullets, or an empty-selection note.

    With ``stats`` (``analysis.stats.summary.compute_statistics``) the warmest and coldest
    periods and the largest turning point say in how many specifications they hold, which
    single events would flip them, and whether the difference is a change or within noise
    (the change rule); a small selection gets one sentence instead.
    """
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
        *period_extremes(balance, events, years, stats),
        *turn_sentences(turns, events, years, stats),
        f"- **Where it stands:** the cumulative index ends at {signed(index['index'].iloc[-1])}"
        f" ({day(index['date'].iloc[-1])}); its low was {signed(index['index'].min())} "
        f"({day(index.loc[index['index'].idxmin(), 'date'])}), its high "
        f"{signed(index['index'].max())} ({day(index.loc[index['index'].idxmax(), 'date'])}).",
    ]
    if stats is not None and not stats.enough:
        lines.append(f"- {changes.too_few_sentence(len(events))}")
    return "\n".join(lines)


def brief_findings(events: pd.DataFrame, balance: pd.DataFrame, eras: pd.DataFrame,
                   turns: pd.DataFrame, index: pd.DataFrame, years: int,
                   stats: Statistics | None = None) -> str:
    """Return the 3–5 findings of page 1: the record and its net balance, the warmest and the
    coldest period and the largest turning point, each worded by the change rule (the longer
    list is :func:`key_findings`)."""
    if events.empty:
        return "No findings: the selection holds no events."
    coop, tension = events.loc[events["intensity"] > 0], events.loc[events["intensity"] < 0]
    lines = [
        f"- **{len(events):,} events**, {day(events['date'].min())} to "
        f"{day(events['date'].max())}: {len(coop):,} of cooperation, {len(tension):,} of "
        f"tension; **net balance {signed(events['intensity'].sum())}**. " + era_sentence(eras),
        *period_extremes(balance, events, years, stats, compact=True),
        *turn_sentences(turns, events, years, stats, compact=True),
    ]
    if stats is not None and not stats.enough:
        lines.append(f"- {changes.too_few_sentence(len(events))}")
    return "\n".join(lines)


def header_details(params: Parameters, n_selected: int) -> str:
    """Return what the report covers: dyad, period, domains and events selected."""
    (a, b), (ca, cb) = dyad_names(params), params.dyad
    domains = ", ".join(params.domains) if params.domains else "all"
    return (f"**Dyad:** {md(a)} ({ca}) – {md(b)} ({cb}), events in either direction · "
            f"**Period:** {day(params.start)} to {day(params.end)} · **Domains:** {md(domains)}"
            f" · **Events selected:** {n_selected:,}")


def era_sentence(eras: pd.DataFrame) -> str:
    """Name the warmest and coldest era by net balance per year."""
    with_events = eras.loc[eras["n_events"] > 0]
    if len(with_events) < 2:
        return ""
    warm = with_events.loc[with_events["net_per_year"].idxmax()]
    cold = with_events.loc[with_events["net_per_year"].idxmin()]
    return (f"By era, the warmest was *{md(warm['era'])}* ({signed(warm['net_per_year'])} "
            f"a year) and the coldest *{md(cold['era'])}* ({signed(cold['net_per_year'])} a "
            "year).")


def period_extremes(balance: pd.DataFrame, events: pd.DataFrame, years: int,
                    stats: Statistics | None = None, compact: bool = False) -> list[str]:
    """Return bullets naming the warmest and coldest periods and their largest event
    (``compact``: no event named and no numbers of the test, for page 1)."""
    active = balance.loc[balance["n_events"] > 0]
    if len(active) < 2:
        return []
    lines = []
    for word, kind, row, sign in (("Warmest", "warmest", active.loc[active["net"].idxmax()], 1),
                                  ("Coldest", "coldest", active.loc[active["net"].idxmin()], -1)):
        largest = "" if compact else f"; {biggest_event(events, row, sign)}"
        lines.append(f"- **{word} {period_word(years)}: {md(period_name(row))}**, net "
                     f"{signed(row['net'])} from {row['n_events']:,} events{largest}"
                     f"{extreme_clause(stats, kind, row, active, events, years, compact)}.")
    return lines


def extreme_clause(stats: Statistics | None, kind: str, row: pd.Series,
                   active: pd.DataFrame, events: pd.DataFrame, years: int,
                   compact: bool = False) -> str:
    """"; holds in k of m specifications; …; against the runner-up …" (empty without stats)."""
    if stats is None or not stats.enough:
        return ""
    finding = stats.finding(kind)
    year = row["period_start"].year
    if finding is None or finding.detail.get("start") != year:
        return ("; not tested against other specifications (only periods at least half "
                "inside the report are ranked)")
    others = active.loc[active["period_start"] != row["period_start"]]
    runner = others.loc[others["net"].idxmax() if kind == "warmest" else others["net"].idxmin()]
    compared = changes.comparison(
        stats.compare(runner["period_start"].year, year, finding),
        f"its {'lead over' if kind == 'warmest' else 'gap to'} the next-{kind[:-3]}est, "
        f"{md(runner['period'])},", in_time=False, compact=compact)
    flipped = changes.flipper_count(finding) if compact else changes.flippers(finding, events)
    parts = [changes.holds(finding), flipped, compared]
    return "; " + "; ".join(p for p in parts if p)


def turn_sentences(turns: pd.DataFrame, events: pd.DataFrame, years: int,
                   stats: Statistics | None = None, compact: bool = False) -> list[str]:
    """Return one bullet per large turning point of the net balance (``compact``: the largest
    only, without its events, for page 1)."""
    if turns.empty:
        return []
    if compact:
        t = turns.iloc[0]
        return [f"- **Largest turning point:** {_turn(t)}" + turn_clause(
            stats, t, events, compact=True).replace(" The largest, from", "; from", 1)
            .rstrip(".") + "."]
    items = [f"{_turn(t)} ({signed(t['previous_net'])} → {signed(t['net'])}; "
             f"{biggest_event(events, t, t['change'])})"
             for _, t in turns.iterrows()]
    tested = "".join(turn_clause(stats, t, events) for _, t in turns.iterrows())
    return [f"- **Largest turning points** between consecutive {period_word(years)}s: "
            + "; ".join(items) + "." + tested]


def _turn(t: pd.Series) -> str:
    """``from 1965–1969 to 1970–1974 the net balance fell by 36.0``."""
    return (f"from {md(t['previous_period'])} to {md(t['period'])} the net balance "
            f"{'rose' if t['change'] > 0 else 'fell'} by {abs(t['change']):,.1f}")


def turn_clause(stats: Statistics | None, turn: pd.Series, events: pd.DataFrame,
                compact: bool = False) -> str:
    """For the turning point the robustness check tested: k of m, flippers and the verdict."""
    finding = None if stats is None or not stats.enough else stats.finding("turning")
    later = turn["period_start"].year
    if finding is None:
        return ""
    starts = cast("tuple[int | None, int | None]", finding.detail.get("starts", (None, None)))
    if starts[1] != later:
        return ""
    assert stats is not None  # a finding comes from stats
    earlier = cast("tuple[int, int]", finding.detail["starts"])[0]
    flipped = changes.flipper_count(finding) if compact else changes.flippers(finding, events)
    parts = [changes.holds(finding), flipped,
             changes.comparison(stats.compare(earlier, later, finding), "the difference",
                                in_time=True, compact=compact)]
    if compact:
        return "; it " + "; ".join(p for p in parts if p) + "."
    return (f" The largest, from {md(turn['previous_period'])} to {md(turn['period'])}, "
            + "; ".join(p for p in parts if p) + ".")


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
