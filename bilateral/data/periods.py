"""How periods are named, in one place: tables, sentences, axis labels and the statistics.

Periods are aligned on multiples of their length (``1990–1994``), as ``bilateral render``
checks ``period_years`` before any kernel starts, so the names live in the lowest layer.
"""

from __future__ import annotations


def period_label(first_year: int, years: int) -> str:
    """Name the ``years``-long period starting in ``first_year``: ``1990``, ``1990s``
    (a decade starting on a multiple of ten) or ``1990–1994``."""
    if years == 1:
        return str(first_year)
    if years == 10 and first_year % 10 == 0:
        return f"{first_year}s"
    return f"{first_year}–{first_year + years - 1}"


def period_word(years: int) -> str:
    """Say what one period is: ``year``, ``decade`` or ``5-year period``."""
    return "year" if years == 1 else "decade" if years == 10 else f"{years}-year period"


def per_period(years: int) -> str:
    """Say ``per year``, ``per decade`` or ``per 5-year period``."""
    return f"per {period_word(years)}" if years != 10 else "per 10-year period"
