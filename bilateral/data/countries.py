"""Country codes and names: ISO 3166-1 alpha-3 via pycountry, with dated display names."""

from __future__ import annotations

import csv
from functools import lru_cache
from typing import TYPE_CHECKING

import pycountry

from bilateral.data.paths import REFERENCE_DIR

if TYPE_CHECKING:  # pandas is imported where a date is read: `bilateral render` checks codes
    import pandas as pd  # before any kernel starts, without it


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Return every current ISO 3166-1 alpha-3 code."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_iso3(code: str) -> bool:
    """Tell whether ``code`` is a current ISO 3166-1 alpha-3 code."""
    return code in iso3_codes()


@lru_cache(maxsize=1)
def _name_overrides() -> tuple[tuple[str, str, str, str], ...]:
    with open(REFERENCE_DIR / "country_names.csv", encoding="utf-8", newline="") as f:
        return tuple((r["iso3"], r["name"], r["valid_from"], r["valid_to"])
                     for r in csv.DictReader(f))


def country_name(code: str, on: str | pd.Timestamp | None = None) -> str:
    """Return the display name of an ISO3 code, as it was called on date ``on`` (default: today).

    A state renamed at a date (a successor state keeping its code) has one row per name in
    ``data/reference/country_names.csv``. Other codes use pycountry's common or short name.
    """
    day = None
    if on is not None:
        import pandas as pd  # noqa: PLC0415 - see TYPE_CHECKING above

        day = pd.Timestamp(on).strftime("%Y-%m-%d")
    for iso3, name, valid_from, valid_to in _name_overrides():
        if iso3 != code:
            continue
        if day is None:
            if not valid_to:
                return name
        elif (not valid_from or valid_from <= day) and (not valid_to or day <= valid_to):
            return name
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise KeyError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return getattr(country, "common_name", None) or country.name


def country_label(code: str, start: str | pd.Timestamp | None = None,
                  end: str | pd.Timestamp | None = None) -> str:
    """Return a name covering a period: "Old/New" when the name changed within it."""
    first = country_name(code, start) if start is not None else None
    last = country_name(code, end)
    if first and first != last:
        return f"{first}/{last}"
    return last
