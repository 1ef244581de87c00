"""The change rule in words: "holds in k of m specifications", the events that flip a finding,
and whether a difference is a change or within noise (``analysis.stats.change_rule`` decides;
this module only words its verdicts, for every sentence of the report)."""

from __future__ import annotations

import pandas as pd

from bilateral.analysis.stats.change_rule import CHANGE, TOO_FEW, classify_break
from bilateral.analysis.stats.changepoints import MIN_EVENTS
from bilateral.analysis.stats.robustness import Finding
from bilateral.analysis.stats.summary import Comparison, Statistics
from bilateral.data.markup import escape_markdown as md
from bilateral.report.numbers import signed
from bilateral.report.prose import render

MAX_NAMED_FLIPPERS = 3  # events named in a sentence; the robustness table names more


def too_few_sentence(n_events: int) -> str:
    """The one sentence that replaces every statistic when a selection is small."""
    return render("statistics/too_few.md.j2", n_events=n_events, min_events=MIN_EVENTS)


def holds(finding: Finding | None) -> str:
    """``holds in 97 of 108 specifications`` (``not tested`` without a finding)."""
    if finding is None:
        return "not tested against other specifications"
    return f"holds in {finding.k} of {finding.m} specifications"


def event_titles(events: pd.DataFrame) -> pd.DataFrame:
    """``title`` and ``date`` of each event, indexed by ``event_id`` (as text)."""
    return (events.assign(event_id=events["event_id"].astype(str))
            .drop_duplicates("event_id").set_index("event_id").loc[:, ["title", "date"]])


def event_names(ids: list[str], titles: pd.DataFrame, limit: int,
                markdown: bool = True) -> str:
    """Name events by title and year: “Title” (1971), …, and N more (escaped for Markdown
    unless ``markdown`` is False: table cells are escaped as HTML when shown)."""
    esc = md if markdown else str
    named = [f"“{esc(titles.loc[i, 'title'])}” ({titles.loc[i, 'date']:%Y})"
             if i in titles.index else esc(i) for i in ids[:limit]]
    more = len(ids) - limit
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def flippers(finding: Finding | None, events: pd.DataFrame,
             limit: int = MAX_NAMED_FLIPPERS) -> str:
    """Say which single events' removal alone changes the finding ("" when none or untested)."""
    if finding is None or not finding.flippers:
        return ""
    titles = event_titles(events)
    one = len(finding.flippers) == 1
    which = "one event" if one else f"any one of {len(finding.flippers)} events"
    return (f"removing {which} alone would change it "
            f"({event_names(finding.flippers, titles, limit)})")


def comparison(c: Comparison | None, subject: str, in_time: bool,
               compact: bool = False) -> str:
    """Word the change rule on two periods: "<subject> is a change (…): tone warmed; …"
    (``compact``: without the numbers, for page 1)."""
    if c is None:
        return ""
    verdict = c.verdict("net")
    if verdict == TOO_FEW:
        return f"{subject} cannot be told from noise: too few events"
    word = "a change" if verdict == CHANGE else "within noise"
    if compact:
        return f"{subject} is {word}: {c.words(in_time)}"
    return (f"{subject} is {word} (net {signed(c.net.estimate)}; sensitivity to which events "
            f"were recorded: {signed(c.net.lo)} to {signed(c.net.hi)}): {c.words(in_time)}")


def flipper_count(finding: Finding | None) -> str:
    """"one event alone would change it" / "any one of 4 events …" ("" when none)."""
    if finding is None or not finding.flippers:
        return ""
    n = len(finding.flippers)
    return ("removing one event alone would change it" if n == 1 else
            f"removing any one of {n} events alone would change it")


def break_verdict(stats: Statistics, series: str, year: int, stability: float) -> str:
    """"change" or "within noise" for one change point, by the change rule."""
    f = stats.break_finding(series, year)
    return classify_break(stability, f.k if f else 0, f.m if f else 0)
