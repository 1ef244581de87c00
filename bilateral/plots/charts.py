"""Plot helpers: each takes an Axes and data from :mod:`bilateral.analysis.measures`, draws,
and returns what it drew. They never show or save figures; :mod:`bilateral.plots.figures`
composes them."""

from __future__ import annotations

from typing import Any, cast

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import Collection, PolyCollection
from matplotlib.container import Container
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bilateral.analysis.aggregate import aggregated
from bilateral.data.markup import escape_mpl
from bilateral.plots.style import (
    COOPERATION,
    ERA_SHADES,
    MODE_MARKERS,
    NET,
    OVERLAY,
    TENSION,
    domain_colour,
    keep_layout,
    settle_layout,
    styled,
)
from bilateral.plots.svg import attach_marks

DAYS_PER_YEAR = 365.25


def format_time_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Put readable dates on the x axis between ``start`` and ``end``."""
    pad = max((end - start).days * 0.01, 15)
    ax.set_xlim(mdates.date2num(start - pd.Timedelta(days=pad)),
                mdates.date2num(end + pd.Timedelta(days=pad)))
    locator = mdates.AutoDateLocator(minticks=5, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def shade_eras(ax: Axes, eras: pd.DataFrame, *, fontsize: float = 6.5,
               names: bool = True, draw: bool = True) -> list:
    """Shade alternate eras and write each era's name above the Axes where it fits (unless
    ``names`` is False: the lower panel of a figure whose upper panel names them).

    Call once the x limits and everything that takes space are final: names are measured after
    one last layout pass, which freezes the figure's layout (``style.freeze_layout``;
    ``draw=False`` skips it for a figure with a fixed layout).
    """
    with styled():
        drawn: list[Artist] = []
        for i, era in enumerate(eras.itertuples(index=False)):
            x0, x1 = mdates.date2num(era.start), mdates.date2num(era.end + pd.Timedelta(days=1))
            colour, alpha = ERA_SHADES[i % 2]
            drawn.append(ax.axvspan(x0, x1, color=colour, alpha=alpha, zorder=0, lw=0))
            if i:
                ax.axvline(x0, color="#BBBBBB", lw=0.6, ls=":", zorder=0.5)
            if names:
                drawn.append(ax.text((x0 + x1) / 2, 1.01, escape_mpl(era.era), ha="center",
                                     va="bottom", fontsize=fontsize, color="#555555",
                                     transform=ax.get_xaxis_transform(), clip_on=False))
        if names:
            _drop_names_too_wide(ax, eras, [t for t in drawn if hasattr(t, "get_text")], draw)
        return drawn


def _drop_names_too_wide(ax: Axes, eras: pd.DataFrame, names: list, draw: bool = True) -> None:
    """Hide era names wider than their era (a short era keeps its shading, loses its name)."""
    fig = cast("Figure", ax.figure)
    if draw:
        settle_layout(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg-based canvases
    hidden = False
    for era, name in zip(eras.itertuples(index=False), names, strict=False):
        x0, x1 = ax.transData.transform(
            [(mdates.date2num(era.start), 0), (mdates.date2num(era.end), 0)])[:, 0]
        if name.get_window_extent(renderer).width > (x1 - x0):
            name.set_visible(False)
            hidden = True
    if draw:  # era names and labels are the last things drawn: the layout is kept from here
        if hidden:
            settle_layout(fig)  # the hidden names give their room back
        keep_layout(fig)


def period_centres(balance: pd.DataFrame) -> np.ndarray:
    """Return the middle of the covered part of each period as matplotlib date numbers."""
    return mdates.date2num(balance["covered_from"] + (balance["covered_to"]
                                                      - balance["covered_from"]) / 2)


def period_widths(balance: pd.DataFrame) -> np.ndarray:
    """Return bar widths in days: 80% of the covered part of each period."""
    return balance["years_covered"].to_numpy(dtype=float) * DAYS_PER_YEAR * 0.8


def plot_balance(ax: Axes, balance: pd.DataFrame, years: int) -> dict:
    """Draw cooperation as bars above zero and tension as bars below, one pair per period.

    A partial first or last period gets a narrower bar over the part inside the report.
    """
    with styled():
        x, width = period_centres(balance), period_widths(balance)
        drawn = {
            "cooperation": ax.bar(x, balance["cooperation"], width, color=COOPERATION,
                                  label="Cooperation (sum of intensity > 0)", zorder=2),
            "tension": ax.bar(x, balance["tension"], width, color=TENSION,
                              label="Tension (sum of intensity < 0)", zorder=2),
        }
        for series in ("cooperation", "tension"):
            attach_marks(drawn[series], period_marks(balance, series))
        ax.axhline(0, color="#333333", lw=0.8, zorder=3)
        return drawn


def period_marks(periods: pd.DataFrame, series: str, **extra: str) -> list[dict]:
    """Describe each period's bar for the page's script: dates covered, value, event count."""
    return [{"label": f"{p.period}{' ' + extra['domain'] if 'domain' in extra else ''}: "
                      f"{series} {getattr(p, series):+.1f}, {p.n_events:,} event"
                      f"{'' if p.n_events == 1 else 's'}"
                      .replace(" -", " −"),
             "from": f"{p.covered_from:%Y-%m-%d}", "to": f"{p.covered_to:%Y-%m-%d}",
             "series": series, "value": f"{getattr(p, series):.1f}", **extra}
            for p in periods.itertuples(index=False)]


def event_marks(events: pd.DataFrame) -> list[dict]:
    """Describe each event's marker for the page's script: its id, date, title, intensity."""
    return [{"label": f"{e.date:%Y-%m-%d} {e.title} ({e.intensity:+.1f})".replace("(-", "(−"),
             "event": e.event_id, "date": f"{e.date:%Y-%m-%d}", "intensity": f"{e.intensity:.1f}"}
            for e in events.loc[:, ["event_id", "date", "title", "intensity"]]
            .itertuples(index=False)]


def plot_net(ax: Axes, balance: pd.DataFrame, window: int) -> Line2D:
    """Draw the smoothed net balance (``net_smoothed``) as a line over the period centres."""
    with styled():
        label = ("Net balance" if window == 1
                 else f"Net balance, {window}-period centred mean")
        (line,) = ax.plot(period_centres(balance), balance["net_smoothed"], color=NET, lw=1.4,
                          marker="o", ms=2.5, label=label, zorder=4)
        return line


def plot_overlay(ax: Axes, overlay: pd.DataFrame, unit: str) -> tuple[Axes, Line2D]:
    """Draw machine-coded net cooperation on a twin y axis behind the main series."""
    with styled():
        twin = ax.twinx()
        (line,) = twin.plot(period_centres(overlay), overlay["value"], color=OVERLAY, lw=1.2,
                            ls="--", marker="s", ms=2.5, label=f"Machine-coded: {unit}")
        limit = np.nanmax(np.abs(overlay["value"].to_numpy(dtype=float)), initial=0) or 1.0
        twin.set_ylim(-limit * 1.15, limit * 1.15)  # symmetric, so both zeros line up
        twin.set_ylabel(unit, color="#555555")
        twin.grid(False)
        twin.spines["right"].set_visible(True)
        ax.set_zorder(twin.get_zorder() + 1)  # curated bars in front of the overlay
        ax.patch.set_visible(False)
        return twin, line


def plot_timeline(ax: Axes, events: pd.DataFrame) -> dict:
    """Draw every event at its date: height = intensity, colour = domain, marker = mode."""
    with styled():
        x = mdates.date2num(events["date"])
        drawn: dict[str | tuple[str, str], Collection] = {
            "stems": ax.vlines(x, 0, events["intensity"], color="#BBBBBB", lw=0.6, zorder=1)}
        for (domain, mode), group in events.groupby(["domain", "mode"], observed=True):
            drawn[(str(domain), str(mode))] = ax.scatter(
                mdates.date2num(group["date"]), group["intensity"], s=16,
                marker=MODE_MARKERS.get(str(mode), "o"), color=domain_colour(domain),
                edgecolor="white", linewidth=0.4, zorder=3)
            if not aggregated(len(events)):  # else hover data come from the period bars
                attach_marks(drawn[(str(domain), str(mode))], event_marks(group))
        ax.axhline(0, color="#333333", lw=0.8, zorder=2)
        return drawn


def plot_domains(ax: Axes, domain_balance: pd.DataFrame, years: int) -> dict:
    """Stack each domain's cooperation above zero and its tension below, per period."""
    with styled():
        drawn = {}
        periods = domain_balance.drop_duplicates("period_start")
        x, width = period_centres(periods), period_widths(periods)
        up, down = np.zeros(len(x)), np.zeros(len(x))
        for domain, group in domain_balance.groupby("domain", sort=False):
            coop, tension = group["cooperation"].to_numpy(), group["tension"].to_numpy()
            # a period where the domain has nothing draws no bar (nor an empty hover target):
            # most domain-periods are empty with short periods
            c, t = coop != 0, tension != 0
            drawn[domain] = (ax.bar(x[c], coop[c], width[c], bottom=up[c],
                                    color=domain_colour(domain),
                                    label=str(domain).capitalize(), zorder=2),
                             ax.bar(x[t], tension[t], width[t], bottom=down[t],
                                    color=domain_colour(domain), zorder=2, hatch="////",
                                    edgecolor="white", lw=0))
            for bars, series, shown in zip(drawn[domain], ("cooperation", "tension"), (c, t),
                                           strict=True):
                attach_marks(bars, period_marks(group.loc[shown], series, domain=str(domain)))
            up, down = up + coop, down + tension
        ax.axhline(0, color="#333333", lw=0.8, zorder=3)
        return drawn


def plot_cumulative(ax: Axes, index: pd.DataFrame,
                    envelope: pd.DataFrame | None = None) -> dict:
    """Draw the running sum of intensity as a step line, shaded by sign.

    With an ``envelope`` (``analysis.aggregate.index_envelope``, for an index reduced by M4)
    each slice is shaded up to its highest value above zero and down to its lowest below.
    """
    with styled():
        x = mdates.date2num(index["date"])
        y = index["index"].to_numpy(dtype=float)
        line = ax.step(x, y, where="post", color=NET, lw=1.3, zorder=3,
                       label="Cumulative index (running sum of intensity)")[0]
        above: dict[str, Any] = {"color": COOPERATION, "alpha": 0.25, "lw": 0,
                 "label": "Index above zero: cooperation outweighs"}
        below: dict[str, Any] = {"color": TENSION, "alpha": 0.25, "lw": 0,
                 "label": "Index below zero: tension outweighs"}
        shades: tuple[Collection, ...]
        if envelope is None:
            shades = (ax.fill_between(x, y, 0, where=y >= 0, step="post", interpolate=True,
                                      **above),
                      ax.fill_between(x, y, 0, where=y <= 0, step="post", interpolate=True,
                                      **below))
        else:
            shades = (_step_area(ax, envelope, envelope["high"].clip(lower=0), above),
                      _step_area(ax, envelope, envelope["low"].clip(upper=0), below))
        ax.axhline(0, color="#333333", lw=0.8, zorder=2)
        return {"line": line, "shades": shades}


def _step_area(ax: Axes, slices: pd.DataFrame, heights: pd.Series, style: dict) -> Collection:
    """Shade from zero to each slice's height, as one polygon of steps."""
    x0, x1 = mdates.date2num(slices["start"]), mdates.date2num(slices["end"])
    h = heights.to_numpy(dtype=float)
    top = np.column_stack([np.ravel(np.column_stack([x0, x1])), np.repeat(h, 2)])
    outline = np.vstack([[x0[0], 0.0], top, [x1[-1], 0.0]])
    area = PolyCollection([outline], **style)
    ax.add_collection(area, autolim=False)
    return area


def plot_third_parties(ax: Axes, parties: pd.DataFrame) -> dict:
    """Draw each third party's summed cooperation (right) and tension (left), with its net."""
    with styled():
        y = np.arange(len(parties))[::-1]
        drawn: dict[str, Artist | Container] = {
            "cooperation": ax.barh(y, parties["cooperation"], 0.7, color=COOPERATION,
                                   label="Cooperation (sum of intensity > 0)", zorder=2),
            "tension": ax.barh(y, parties["tension"], 0.7, color=TENSION,
                               label="Tension (sum of intensity < 0)", zorder=2),
            "net": ax.scatter(parties["net"], y, marker="D", s=18, color=NET, zorder=4,
                              label="Net balance"),
        }
        for series in ("cooperation", "tension"):
            attach_marks(drawn[series], [
                {"label": f"{p.name}: {series} {getattr(p, series):+.1f}, {p.n_events} events"
                 .replace(" -", " −"),
                 "party": p.code, "series": series, "value": f"{getattr(p, series):.1f}"}
                for p in parties.itertuples(index=False)])
        ax.set_yticks(y, [escape_mpl(f"{n} ({k})") for n, k in
                          zip(parties["name"], parties["n_events"], strict=False)])
        ax.axvline(0, color="#333333", lw=0.8, zorder=3)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        return drawn
