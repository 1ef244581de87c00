"""How numbers are written in the report's sentences and tables (one definition each)."""

from __future__ import annotations

import math


def signed(value: float) -> str:
    """Write ``+12.5``, ``−3.0`` (a true minus sign) or ``+99,445.5``."""
    return f"{value:+,.1f}".replace("-", "−")


def percent(value: float) -> str:
    """Write a share as ``45%`` (``–`` when there is nothing to share)."""
    return "–" if value is None or math.isnan(value) else f"{value:.0%}"


def span(first: int, last: int) -> str:
    """Write a year or a range of years: ``1991`` or ``1990–1992``."""
    return str(first) if first == last else f"{first}–{last}"


def share_words(value: float) -> str:
    """Write a share in words where it has a common name: ``two thirds``, else ``60%``."""
    names = {1 / 2: "half", 2 / 3: "two thirds", 3 / 4: "three quarters"}
    return next((w for v, w in names.items() if abs(value - v) < 1e-9), f"{value:.0%}")
