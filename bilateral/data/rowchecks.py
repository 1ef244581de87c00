"""Checks across the cells of a row: real country codes, two different sides, and a date that
matches its precision. ``flag(mask, column, message)`` records a problem for each masked row."""

from __future__ import annotations

import pandas as pd

from bilateral.data.countries import iso3_codes


def check_countries(table: pd.DataFrame, flag) -> None:
    """Actors and third parties must be real ISO 3166-1 alpha-3 codes; actor1 != actor2."""
    codes = iso3_codes()
    actors = {c: table[c].astype(str).str.strip() for c in ("actor1", "actor2")}
    for column, values in actors.items():
        shaped = values.str.fullmatch("[A-Z]{3}").to_numpy(dtype=bool)  # else: pattern check
        flag(shaped & ~values.isin(codes).to_numpy(), column,
             lambda i, v=values.array: f"{v[i]!r} is not an ISO 3166-1 alpha-3 country code")
    a1, a2 = actors["actor1"], actors["actor2"]
    flag(((a1 == a2) & (a1 != "")).to_numpy(dtype=bool), "actor2",
         lambda i: f"equals actor1 ({a1.iat[i]!r}); an event needs two different sides")
    parties = table["third_parties"].astype(str).str.strip()
    unknown = {p: sorted({c for c in p.split(";") if len(c) == 3 and c.isupper()} - codes)
               for p in parties.unique()}  # few distinct values, even in large tables
    flag(parties.isin([p for p, codes in unknown.items() if codes]).to_numpy(), "third_parties",
         lambda i: f"{', '.join(unknown[parties.iat[i]])} not ISO 3166-1 alpha-3 country code(s)")


def check_precision(table: pd.DataFrame, typed: pd.DataFrame, flag) -> None:
    """A month- or year-precise date is the first day of its month or year."""
    dates = typed["date"]
    precision = table["date_precision"].astype(str).str.strip().to_numpy()
    ok_dates = dates.notna().to_numpy()
    day = dates.dt.day.fillna(1).to_numpy()
    month = dates.dt.month.fillna(1).to_numpy()
    flag(ok_dates & (precision == "month") & (day != 1), "date",
         "with date_precision 'month' the date must be the first of the month (YYYY-MM-01)")
    flag(ok_dates & (precision == "year") & ((day != 1) | (month != 1)), "date",
         "with date_precision 'year' the date must be January 1 (YYYY-01-01)")
