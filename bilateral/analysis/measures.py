"""Measures of a relationship: DataFrame in, DataFrame out, no side effects.

Intensity is Goldstein-compatible: > 0 cooperation, < 0 tension. Cooperation and tension are
kept apart (net sums hide how much of each there was) and netted only where a balance is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bilateral.data.countries import country_label
from bilateral.data.periods import per_period, period_label  # noqa: F401 - re-exported

BALANCE_COLUMNS = ["period_start", "period_end", "period", "covered_from", "covered_to",
                   "years_covered", "n_events", "n_cooperation",
                   "n_tension", "cooperation", "tension", "net"]


def split_sides(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``cooperation`` (intensity > 0) and ``tension`` (intensity < 0, kept negative)."""
    return events.assign(cooperation=events["intensity"].clip(lower=0),
                         tension=events["intensity"].clip(upper=0),
                         is_cooperation=events["intensity"] > 0,
                         is_tension=events["intensity"] < 0)


def period_starts(dates: pd.Series, years: int) -> pd.Series:
    """Return the first day of the ``years``-long period of each date (aligned on year 0)."""
    return pd.to_datetime((dates.dt.year // years * years).astype(str) + "-01-01")


def period_grid(start: pd.Timestamp, end: pd.Timestamp, years: int) -> pd.DataFrame:
    """Return every period from the one holding ``start`` to the one holding ``end``.

    ``covered_from``/``covered_to`` clip a period to the report's dates: the first and last
    periods may be partial, and ``years_covered`` says how much of them is inside.
    """
    first, last = start.year // years * years, end.year // years * years
    starts = pd.to_datetime([f"{y}-01-01" for y in range(first, last + 1, years)])
    ends = starts + pd.DateOffset(years=years) - pd.Timedelta(days=1)
    covered_from = pd.Series(starts).clip(lower=start)
    covered_to = pd.Series(ends).clip(upper=end)
    return pd.DataFrame({
        "period_start": starts,
        "period_end": ends,
        "period": [period_label(y, years) for y in starts.year],
        "covered_from": covered_from.to_numpy(),
        "covered_to": covered_to.to_numpy(),
        "years_covered": ((covered_to - covered_from).dt.days.to_numpy() + 1) / 365.25,
    })


def period_balance(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                   years: int) -> pd.DataFrame:
    """Count and sum cooperation and tension per period; periods without events hold zeros."""
    sums = (events
            .pipe(split_sides)
            .assign(period_start=lambda d: period_starts(d["date"], years))
            .groupby("period_start")
            .agg(n_events=("intensity", "size"), n_cooperation=("is_cooperation", "sum"),
                 n_tension=("is_tension", "sum"), cooperation=("cooperation", "sum"),
                 tension=("tension", "sum")))
    return (period_grid(start, end, years)
            .merge(sums, how="left", left_on="period_start", right_index=True)
            .fillna(dict.fromkeys(["n_events", "n_cooperation", "n_tension", "cooperation",
                                   "tension"], 0))
            .astype({"n_events": int, "n_cooperation": int, "n_tension": int,
                     "cooperation": float, "tension": float})
            .assign(net=lambda d: d["cooperation"] + d["tension"])
            .loc[:, BALANCE_COLUMNS])


def smooth_net(balance: pd.DataFrame, window: int) -> pd.DataFrame:
    """Add ``net_smoothed``: the centred rolling mean of ``net`` over ``window`` periods."""
    return balance.assign(
        net_smoothed=balance["net"].rolling(window, center=True, min_periods=1).mean())


def era_table(eras: Sequence[tuple[pd.Timestamp, str]], start: pd.Timestamp,
              end: pd.Timestamp) -> pd.DataFrame:
    """Return ``era``, ``start``, ``end`` of each era clipped to the report period, from
    ``(start, name)`` pairs; no eras given = decades."""
    frame = pd.DataFrame({"era": [n for _, n in eras],
                          "start": pd.to_datetime([s for s, _ in eras])})
    if frame.empty:
        starts = range(start.year // 10 * 10, end.year + 1, 10)
        frame = pd.DataFrame({"era": [f"{y}s" for y in starts],
                              "start": pd.to_datetime([f"{y}-01-01" for y in starts])})
    table = frame.assign(end=frame["start"].shift(-1) - pd.Timedelta(days=1)).fillna({"end": end})
    return (table
            .assign(start=table["start"].clip(lower=start), end=table["end"].clip(upper=end))
            .loc[lambda d: d["start"] <= d["end"]]
            .reset_index(drop=True)
            .loc[:, ["era", "start", "end"]])


def era_balance(events: pd.DataFrame, eras: pd.DataFrame) -> pd.DataFrame:
    """Sum cooperation and tension per era, with the net per year to compare eras of any length."""
    index = np.searchsorted(eras["start"].to_numpy(), events["date"].to_numpy(), side="right") - 1
    sums = (events
            .pipe(split_sides)
            .assign(era_index=index)
            .groupby("era_index")
            .agg(n_events=("intensity", "size"), cooperation=("cooperation", "sum"),
                 tension=("tension", "sum")))
    years = ((eras["end"] - eras["start"]).dt.days + 1) / 365.25
    return (eras
            .join(sums)
            .fillna({"n_events": 0, "cooperation": 0.0, "tension": 0.0})
            .astype({"n_events": int})
            .assign(net=lambda d: d["cooperation"] + d["tension"])
            .assign(net_per_year=lambda d: d["net"] / years))


def turning_points(balance: pd.DataFrame, n: int) -> pd.DataFrame:
    """Return the ``n`` largest changes of net balance from one period to the next.

    Changes into or out of a period less than half inside the report are left out: a partial
    last period would otherwise look like a fall.
    """
    full_years = ((balance["period_end"] - balance["period_start"]).dt.days + 1) / 365.25
    mostly_inside = balance["years_covered"] >= full_years / 2
    return (balance
            .assign(previous_period=balance["period"].shift(1),
                    previous_net=balance["net"].shift(1),
                    change=balance["net"].diff())
            .loc[mostly_inside & mostly_inside.shift(1, fill_value=False)]
            .loc[lambda d: d["change"] != 0]
            .assign(size=lambda d: d["change"].abs())
            .sort_values(["size", "period_start"], ascending=[False, True], kind="stable")
            .head(n)
            .loc[:, ["previous_period", "period", "period_start", "period_end", "previous_net",
                     "net", "change"]]
            .reset_index(drop=True))


def cumulative_index(events: pd.DataFrame) -> pd.DataFrame:
    """Return the running sum of intensity, one row per date: where the relationship stands."""
    return (events
            .groupby("date", as_index=False)
            .agg(intensity=("intensity", "sum"), n_events=("intensity", "size"))
            .assign(index=lambda d: d["intensity"].cumsum()))


def domain_balance(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                   years: int) -> pd.DataFrame:
    """Sum cooperation and tension per period and domain (long form; all domains listed)."""
    domains = list(events["domain"].cat.categories)
    grid = period_grid(start, end, years)
    full = pd.MultiIndex.from_product([grid["period_start"], domains],
                                      names=["period_start", "domain"])
    return (events
            .pipe(split_sides)
            .assign(period_start=lambda d: period_starts(d["date"], years),
                    domain=lambda d: d["domain"].astype(str))
            .groupby(["period_start", "domain"])
            .agg(n_events=("intensity", "size"), cooperation=("cooperation", "sum"),
                 tension=("tension", "sum"))
            .reindex(full, fill_value=0)
            .reset_index()
            .merge(grid, on="period_start")
            .astype({"n_events": int, "cooperation": float, "tension": float}))


def domain_totals(events: pd.DataFrame) -> pd.DataFrame:
    """Count and sum cooperation and tension per domain over the whole selection."""
    return (events
            .pipe(split_sides)
            .assign(domain=lambda d: d["domain"].astype(str))
            .groupby("domain", sort=False)
            .agg(n_events=("intensity", "size"), n_cooperation=("is_cooperation", "sum"),
                 n_tension=("is_tension", "sum"), cooperation=("cooperation", "sum"),
                 tension=("tension", "sum"))
            .assign(net=lambda d: d["cooperation"] + d["tension"])
            .sort_values(["n_events", "net"], ascending=False, kind="stable")
            .reset_index())


def third_party_balance(events: pd.DataFrame, start: pd.Timestamp,
                        end: pd.Timestamp) -> pd.DataFrame:
    """Per other state named in ``third_parties``: its events, their sums and mean intensity.

    ``pull`` is the mean intensity of the events naming the state minus the mean of all
    selected events: > 0 means they pulled the relationship towards cooperation.
    """
    overall = events["intensity"].mean() if len(events) else 0.0
    rows = (events
            .loc[events["third_parties"].str.len() >= 3]  # most machine-coded rows name none
            .pipe(split_sides)
            .assign(code=lambda d: d["third_parties"].str.split(";"))
            .explode("code")
            .loc[lambda d: d["code"].fillna("").str.len() == 3])
    return (rows
            .groupby("code")
            .agg(n_events=("intensity", "size"), cooperation=("cooperation", "sum"),
                 tension=("tension", "sum"), mean_intensity=("intensity", "mean"))
            .assign(net=lambda d: d["cooperation"] + d["tension"],
                    pull=lambda d: d["mean_intensity"] - overall)
            .reset_index()
            .assign(name=lambda d: [country_label(c, start, end) for c in d["code"]])
            .sort_values(["n_events", "net", "code"], ascending=[False, True, True],
                         kind="stable", ignore_index=True)
            .loc[:, ["code", "name", "n_events", "cooperation", "tension", "net",
                     "mean_intensity", "pull"]])
