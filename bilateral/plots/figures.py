"""The report's figures: each composes plot helpers on a report-sized figure, titles and labels
it, and returns the Figure, or None when there is nothing to draw (the caller says so in words)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation

from bilateral.analysis.aggregate import (
    AGGREGATE_ABOVE,
    aggregated,
    event_density,
    index_envelope,
    reduce_index,
)
from bilateral.analysis.measures import per_period
from bilateral.analysis.selection import MAX_THIRD_PARTIES, by_significance, top_events
from bilateral.data.markup import escape_mpl
from bilateral.plots import charts, dense, uncertainty
from bilateral.plots.labels import label_text, place_labels
from bilateral.plots.style import (
    MODE_MARKERS,
    GroupedFormatter,
    domain_colour,
    new_figure,
    styled,
)


def balance_figure(balance: pd.DataFrame, eras: pd.DataFrame, highlights: pd.DataFrame, *,
                   title: str, years: int, window: int, start: pd.Timestamp,
                   end: pd.Timestamp, overlay: pd.DataFrame | None = None,
                   overlay_unit: str = "", intervals: pd.DataFrame | None = None,
                   breaks: pd.DataFrame | None = None) -> Figure | None:
    """Cooperation above zero, tension below, the smoothed net line, eras and top events.

    Optional statistics (off by default): ``intervals``, the period table of
    ``analysis.stats`` (``start``, ``net``, ``net_lo``, ``net_hi``), draws each period's net
    with its resampling interval; ``breaks`` (``analysis.stats.summary.break_table``) draws
    the change points as labelled bands over their dating intervals.
    """
    if balance["n_events"].sum() == 0:
        return None
    fig, ax = new_figure("tall")
    with styled():
        bars = charts.plot_balance(ax, balance, years)
        net_line = charts.plot_net(ax, balance, window)
        top = max(balance["cooperation"].max(), balance["net_smoothed"].max(), 1.0)
        bottom = min(balance["tension"].min(), balance["net_smoothed"].min(), -1.0)
        stats_drawn = []
        if intervals is not None and not intervals.empty:
            drawn = _draw_intervals(ax, balance, intervals)
            stats_drawn += [drawn["dots"], *drawn["bars"]]
            top = max(top, np.nanmax(intervals["net_hi"], initial=top))
            bottom = min(bottom, np.nanmin(intervals["net_lo"], initial=bottom))
        if breaks is not None and not breaks.empty:
            uncertainty.shade_breaks(ax, breaks)
        ax.set_ylim(bottom * 1.6, top * 1.6)  # headroom for the event labels
        if overlay is not None:
            twin, _ = charts.plot_overlay(ax, overlay, overlay_unit)
            align_zero(twin, overlay["value"], ax.get_ylim())
        _finish(fig, ax, title, f"Summed intensity {per_period(years)}", start, end)
        _legend(fig, [ax] + ([twin] if overlay is not None else []), ncol=2)
        charts.shade_eras(ax, eras)
        if breaks is not None and not breaks.empty:
            stats_drawn += uncertainty.label_breaks(ax, breaks, avoid=[net_line], draw=False)
        by_period = balance.set_index("period_start")
        anchors = highlights.assign(
            period_start=lambda d: pd.to_datetime((d["date"].dt.year // years * years)
                                                  .astype(str) + "-01-01"))
        place_labels(ax, anchors.assign(
            x=anchors["date"],
            y=np.where(anchors["intensity"] >= 0,
                       by_period.loc[anchors["period_start"], "cooperation"].to_numpy(),
                       by_period.loc[anchors["period_start"], "tension"].to_numpy()),
            text=[label_text(d, t)
                  for d, t in zip(anchors["date"], anchors["title"], strict=True)],
        ).pipe(by_significance).loc[:, ["x", "y", "text"]],
            avoid=[*bars["cooperation"].patches, *bars["tension"].patches, net_line,
                   *stats_drawn])
    return fig


def _draw_intervals(ax, balance: pd.DataFrame, intervals: pd.DataFrame) -> dict:
    """Each period's net with its interval, at the centre of the period's bar."""
    merged = balance.assign(start=balance["period_start"].dt.year).merge(
        intervals.loc[:, ["start", "net_lo", "net_hi"]], on="start", how="left")
    return uncertainty.plot_intervals(ax, charts.period_centres(merged),
                                      merged["net"].to_numpy(dtype=float),
                                      merged["net_lo"].to_numpy(dtype=float),
                                      merged["net_hi"].to_numpy(dtype=float))


def align_zero(twin, values: pd.Series, limits: tuple[float, float]) -> None:
    """Scale the twin axis so that its zero sits at the height of the main axis's zero."""
    lo, hi = limits
    values = values.to_numpy(dtype=float)
    scale = max(np.nanmax(values, initial=0) / hi, np.nanmin(values, initial=0) / lo, 1e-9) * 1.1
    twin.set_ylim(lo * scale, hi * scale)


def timeline_figure(events: pd.DataFrame, eras: pd.DataFrame, highlights: pd.DataFrame, *,
                    title: str, start: pd.Timestamp, end: pd.Timestamp) -> Figure | None:
    """Every event at its date: height = intensity, colour = domain, marker = verbal/material.

    Above ``analysis.aggregate.AGGREGATE_ABOVE`` events the events are counted per time step
    and intensity band instead (grey cells, a colour scale at the right), and only the
    ``highlights`` are drawn as markers over them.
    """
    if events.empty:
        return None
    dense_view = aggregated(len(events))
    shown = highlights if dense_view else top_events(events, AGGREGATE_ABOVE)
    fig, ax = new_figure("tall")
    with styled():
        if dense_view:
            density = event_density(events, start, end)
            cells = dense.plot_density(ax, density)
            low, high = density["low"].min(), density["high"].max()
        drawn = charts.plot_timeline(ax, shown)
        if not dense_view:
            low, high = shown["intensity"].min(), shown["intensity"].max()
        ax.set_ylim(min(low, 0) - 9, max(high, 0) + 9)
        ax.set_yticks([t for t in range(-10, 11, 5) if low - 5 < t < high + 5])
        _finish(fig, ax, title, "Intensity (−10 tension … +10 cooperation)", start, end)
        domains = [str(d) for d in shown["domain"].cat.categories
                   if (shown["domain"] == d).any()]
        handles = [Patch(color=domain_colour(d), label=d.capitalize()) for d in domains] + [
            Line2D([], [], ls="", marker=MODE_MARKERS[m], color="#444444", label=m.capitalize())
            for m in MODE_MARKERS if (shown["mode"] == m).any()]
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 7))
        if dense_view:
            dense.density_scale(fig, ax, cells, str(density["unit"].iloc[0]))
        charts.shade_eras(ax, eras)
        place_labels(ax, highlights.pipe(by_significance).assign(
            x=lambda d: d["date"], y=lambda d: d["intensity"],
            text=lambda d: [label_text(a, t) for a, t in zip(d["date"], d["title"], strict=False)],
        ).loc[:, ["x", "y", "text"]], avoid=[v for k, v in drawn.items() if k != "stems"]
            + ([cells] if dense_view else []),  # labels over grey cells are hard to read
            # a thin stem's leader across zero hides little; across cells, years of counts
            far_side=not dense_view)
    return fig


def domains_figure(domain_balance: pd.DataFrame, *, title: str, years: int,
                   start: pd.Timestamp, end: pd.Timestamp) -> Figure | None:
    """Each domain's share of cooperation (above zero) and tension (below, hatched) by period."""
    present = domain_balance.groupby("domain", sort=False)["n_events"].transform("sum") > 0
    if not present.any():
        return None
    data = domain_balance.loc[present]
    fig, ax = new_figure("medium")
    with styled():
        charts.plot_domains(ax, data, years)
        high, low = _stack_extent(data)
        ax.set_ylim(low * 1.1 - 0.5, high * 1.1 + 0.5)
        _finish(fig, ax, title, f"Summed intensity {per_period(years)}", start, end)
        handles = [Patch(color=domain_colour(d), label=d.capitalize())
                   for d in data["domain"].unique()]
        handles.append(Patch(facecolor="#999999", hatch="////", edgecolor="white",
                             label="Hatched, below zero: tension"))
        fig.legend(handles=handles, loc="outside lower center", ncol=3)
    return fig


def _stack_extent(data: pd.DataFrame) -> tuple[float, float]:
    sums = data.groupby("period_start")[["cooperation", "tension"]].sum()
    return max(sums["cooperation"].max(), 0.0), min(sums["tension"].min(), 0.0)


def cumulative_figure(index: pd.DataFrame, eras: pd.DataFrame, *, title: str,
                      start: pd.Timestamp, end: pd.Timestamp) -> Figure | None:
    """The running sum of intensity, with its latest, highest and lowest values marked."""
    if index.empty:
        return None
    fig, ax = new_figure("medium")
    with styled():
        drawn = (charts.plot_cumulative(ax, reduce_index(index), index_envelope(index))
                 if aggregated(int(index["n_events"].sum())) else
                 charts.plot_cumulative(ax, index))
        low, high = min(index["index"].min(), 0), max(index["index"].max(), 0)
        span = max(high - low, 1.0)
        ax.set_ylim(low - span * 0.3, high + span * 0.3)
        _finish(fig, ax, title, "Cumulative intensity (sum since start)", start, end)
        _legend(fig, [ax], ncol=2)
        charts.shade_eras(ax, eras)
        marks = (pd.concat([index.tail(1).assign(what="latest"),
                            index.loc[[index["index"].idxmax()]].assign(what="highest"),
                            index.loc[[index["index"].idxmin()]].assign(what="lowest")])
                 .drop_duplicates("date"))
        place_labels(ax, marks.assign(
            x=marks["date"], y=marks["index"],
            direction=np.where(marks["what"] == "lowest", -1, 1),
            text=[f"{w.capitalize()}: {v:+.1f} ({d:%Y})"
                  for w, v, d in zip(marks["what"], marks["index"], marks["date"], strict=False)],
        ).loc[:, ["x", "y", "text", "direction"]], avoid=[drawn["line"]])
    return fig


def third_party_figure(parties: pd.DataFrame, *, title: str) -> Figure | None:
    """Cooperation and tension in the events naming each third state (most frequent first)."""
    if parties.empty:
        return None
    shown = parties.head(MAX_THIRD_PARTIES)
    fig, ax = new_figure(float(np.clip(1.4 + 0.24 * len(shown), 2.8, 4.2)))
    with styled():
        charts.plot_third_parties(ax, shown)
        extent = max(shown["cooperation"].max(), -shown["tension"].min(), 1.0) * 1.1
        ax.set_xlim(-extent, extent)
        ax.set_title(escape_mpl(title))
        ax.set_xlabel("Summed intensity of the events naming the state (number of events)")
        _legend(fig, [ax], ncol=3)
    return fig


def count_labels(fig: Figure | None) -> int:
    """Return how many event labels were placed on a figure's main Axes."""
    return 0 if fig is None else sum(isinstance(t, Annotation) for t in fig.axes[0].texts)


def _finish(fig: Figure, ax, title: str, ylabel: str, start, end) -> None:
    ax.set_title(escape_mpl(title), pad=14)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(GroupedFormatter())
    ax.set_xlabel("Year")
    charts.format_time_axis(ax, start, end)


def _legend(fig: Figure, axes: list, ncol: int) -> None:
    """One legend for all Axes below the plot; bars and areas first, then lines."""
    entries = [entry for ax in axes for entry in zip(*ax.get_legend_handles_labels(), strict=False)]
    entries.sort(key=lambda e: not isinstance(e[0], (BarContainer, PolyCollection)))
    fig.legend(*zip(*entries, strict=False), loc="outside lower center", ncol=ncol)
