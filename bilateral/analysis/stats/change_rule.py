"""The one rule that decides whether a difference between two periods may be called a change.

A difference is a **change** only if all three hold:

1. both periods have at least ``MIN_EVENTS`` events (else: "too few events");
2. the bootstrap interval of the difference excludes 0 (``bootstrap.difference_interval``);
3. the finding holds in at least ``MIN_AGREEMENT`` of the multiverse specifications
   (``robustness.multiverse``: k of m agree).

Otherwise it is "within noise". A change point (``changepoints.Break``) is called a change only
if it is found in at least ``MIN_STABILITY`` of the penalty-path runs and in at least
``MIN_AGREEMENT`` of its specifications (``classify_break``); otherwise it is "within noise".
``describe`` turns verdicts on tone and activity into words that say *which* moved: net = tone
x activity, so a rise in net alone does not tell them apart. ``bilateral.report.changes`` words
these verdicts for every sentence of the report.
"""

from __future__ import annotations

import math
from typing import Final, Literal, cast

MIN_EVENTS = 5            # per side
MIN_AGREEMENT = 2 / 3     # share of specifications that must agree
MIN_STABILITY = 0.6       # share of penalty-path runs (3 of 5) that must find a break
CHANGE: Final = "change"
NOISE: Final = "within noise"
TOO_FEW: Final = "too few events"
Verdict = Literal["change", "within noise", "too few events"]


def _bounds(diff_interval: object) -> tuple[float, float]:
    if hasattr(diff_interval, "lo") and hasattr(diff_interval, "hi"):
        return float(diff_interval.lo), float(diff_interval.hi)
    lo, hi = cast("tuple[float, float]", diff_interval)
    return float(lo), float(hi)


def classify_change(diff_interval: object, robustness_k: int, robustness_m: int,
                    n_events_a: int, n_events_b: int) -> Verdict:
    """"change" | "within noise" | "too few events" (see the module docstring).

    ``diff_interval`` is a ``(lo, hi)`` pair or a ``bootstrap.DiffInterval``.
    """
    if n_events_a < MIN_EVENTS or n_events_b < MIN_EVENTS:
        return TOO_FEW
    lo, hi = _bounds(diff_interval)
    if math.isnan(lo) or math.isnan(hi):
        return TOO_FEW
    excludes_zero = lo > 0 or hi < 0
    return CHANGE if excludes_zero and holds(robustness_k, robustness_m) else NOISE


def classify_break(stability: float, robustness_k: int, robustness_m: int) -> Verdict:
    """"change" for a break stable along the penalty path and robust; else "within noise"."""
    return CHANGE if stability >= MIN_STABILITY and holds(robustness_k, robustness_m) else NOISE


def holds(robustness_k: int, robustness_m: int) -> bool:
    """Whether a finding holds in enough specifications to be stated as a finding."""
    return robustness_m > 0 and robustness_k / robustness_m >= MIN_AGREEMENT


_WORDS = {"tone": ("tone warmed", "tone cooled", "tone unchanged within noise"),
          "activity": ("activity rose", "activity fell", "activity unchanged within noise")}
# Comparing two periods that need not follow each other (e.g. the warmest and the runner-up).
_RANK_WORDS = {"tone": ("tone warmer", "tone cooler", "tone alike within noise"),
               "activity": ("activity higher", "activity lower",
                            "activity alike within noise")}


def _phrase(series: str, verdict: str, difference: float, in_time: bool = True) -> str:
    up, down, flat = (_WORDS if in_time else _RANK_WORDS)[series]
    if verdict == TOO_FEW:
        return f"too few events to judge {series}"
    if verdict == CHANGE:
        return up if difference > 0 else down
    return flat


def describe(tone_verdict: str, tone_difference: float, activity_verdict: str | None = None,
             activity_difference: float | None = None, in_time: bool = True) -> str:
    """Plain wording, e.g. "tone warmed; activity unchanged within noise".

    ``*_difference`` is later minus earlier (tone: mean intensity; activity: event count);
    with ``in_time=False`` it is the first-named period minus the other ("tone warmer").
    When both verdicts are "too few events" a single phrase says so.
    """
    parts = [_phrase("tone", tone_verdict, tone_difference, in_time)]
    if activity_verdict is not None:
        if tone_verdict == TOO_FEW and activity_verdict == TOO_FEW:
            return "too few events to call a change"
        parts.append(_phrase("activity", activity_verdict, activity_difference or 0.0,
                             in_time))
    return "; ".join(parts)
