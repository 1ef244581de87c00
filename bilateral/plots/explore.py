"""Live exploration in JupyterLab: controls that redraw the report's main charts in place.

:class:`Explorer` holds ipywidgets controls (dyad, years, domains, period length) and one HTML
widget per chart, on tabs; a change of any control recomputes the measures and redraws the
open tab's chart with the report's own functions (``figures.*`` through
``display.figure_html``) by replacing the widget's value, so the chart changes in place; a tab
opened later is redrawn then, only if the selection changed since it was drawn. The logic
(:meth:`Explorer.selection`, :meth:`Explorer.redraw`) runs without a browser, which is how
it is tested.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import cast

import pandas as pd

from bilateral.analysis import measures
from bilateral.analysis.selection import select_events, top_events
from bilateral.data.countries import country_label
from bilateral.data.parameters import parse_eras
from bilateral.plots import figures
from bilateral.plots.display import figure_html

CHARTS = ("balance", "timeline", "domains", "cumulative")
PERIODS = (1, 2, 5, 10)
LABELLED = 5  # events labelled on the charts (the report's default is 8)
NO_WIDGETS = ("Interactive controls need JupyterLab (or Notebook) with a running kernel and "
              "ipywidgets; this copy cannot redraw the charts.")


@dataclass(frozen=True)
class Selection:
    """What the controls ask for."""

    dyad: tuple[str, str]
    first_year: int
    last_year: int
    domains: tuple[str, ...]
    period_years: int


def dyads(table: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the country pairs of a table, most events first (each pair once, sorted codes)."""
    pairs = pd.DataFrame({"a": table[["actor1", "actor2"]].min(axis=1),
                          "b": table[["actor1", "actor2"]].max(axis=1)})
    counts = pairs.value_counts()
    return [tuple(pair) for pair in counts.index]


def chart_figure(table: pd.DataFrame, selection: Selection, chart: str):
    """Compute what one chart needs for a selection and return its Figure (None: nothing to
    draw), with the same figure functions as the report."""
    start = pd.Timestamp(f"{selection.first_year}-01-01")
    end = pd.Timestamp(f"{selection.last_year}-12-31")
    events = select_events(table, dyad=selection.dyad, start=start, end=end,
                           domains=selection.domains)
    years = selection.period_years
    eras = measures.era_table(parse_eras("auto", selection.dyad), start, end)
    highlights = top_events(events, LABELLED)
    if chart == "balance":
        names = " – ".join(country_label(c, start, end) for c in selection.dyad)
        balance = measures.period_balance(events, start, end, years).pipe(measures.smooth_net, 3)
        return figures.balance_figure(
            balance, eras, highlights, title=f"{names}: cooperation (up) and tension (down)",
            years=years, window=3, start=start, end=end)
    if chart == "timeline":
        return figures.timeline_figure(events, eras, highlights, title="Every event at its date",
                                       start=start, end=end)
    if chart == "domains":
        return figures.domains_figure(measures.domain_balance(events, start, end, years),
                                      title="Cooperation and tension by domain", years=years,
                                      start=start, end=end)
    if chart == "cumulative":
        return figures.cumulative_figure(measures.cumulative_index(events), eras,
                                         title="Running sum of intensity", start=start, end=end)
    raise ValueError(f"unknown chart {chart!r}; one of {', '.join(CHARTS)}")


class Explorer:
    """Controls and charts; ``widget`` is what the notebook displays."""

    def __init__(self, table: pd.DataFrame, *, dyad: tuple[str, str] | None = None) -> None:
        import ipywidgets as w  # noqa: PLC0415 - only when exploring: the report never needs it

        self.table = table
        pairs = dyads(table)
        dyad = cast("tuple[str, str]", tuple(dyad)) if dyad else pairs[0]
        years = table["date"].dt.year
        domains = [str(d) for d in table["domain"].cat.categories] \
            if hasattr(table["domain"], "cat") else sorted(table["domain"].astype(str).unique())
        self.controls = {
            "dyad": w.Dropdown(options=[("–".join(p), p) for p in pairs],
                               value=dyad if dyad in pairs else pairs[0], description="Dyad"),
            "years": w.IntRangeSlider(value=(int(years.min()), int(years.max())),
                                      min=int(years.min()), max=int(years.max()),
                                      description="Years", continuous_update=False),
            "domains": w.SelectMultiple(options=domains, value=tuple(domains), rows=len(domains),
                                        description="Domains"),
            "period_years": w.Dropdown(options=list(PERIODS), value=5,
                                       description="Period (years)"),
        }
        self.charts = {name: w.HTML() for name in CHARTS}
        self.drawn: dict[str, Selection] = {}  # what each chart shows now
        self.tabs = w.Tab(children=list(self.charts.values()),
                          titles=[name.capitalize() for name in CHARTS])
        self.status = w.HTML()
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        self.tabs.observe(self.redraw, names="selected_index")
        self.widget = w.VBox([w.HBox([self.controls["dyad"], self.controls["period_years"]]),
                              self.controls["years"], self.controls["domains"], self.status,
                              self.tabs])
        self.redraw()

    def selection(self) -> Selection:
        """Return the selection the controls show (all domains when none is chosen)."""
        first, last = self.controls["years"].value
        chosen = tuple(self.controls["domains"].value)
        every = tuple(self.controls["domains"].options)
        return Selection(dyad=tuple(self.controls["dyad"].value), first_year=int(first),
                         last_year=int(last), domains=() if set(chosen) == set(every) else chosen,
                         period_years=int(self.controls["period_years"].value))

    @property
    def shown(self) -> str:
        """Name of the chart on the open tab."""
        return CHARTS[self.tabs.selected_index or 0]

    def redraw(self, change: object = None) -> float:
        """Redraw the open tab's chart in place for the controls' selection (the other tabs
        are redrawn when opened, if the selection changed); return the seconds it took."""
        started = time.perf_counter()
        selection, name = self.selection(), self.shown
        if self.drawn.get(name) != selection:
            fig = chart_figure(self.table, selection, name)
            self.charts[name].value = (figure_html(fig, chart_id=f"explore-{name}") if fig
                                       is not None else "<p><em>Nothing to chart in this "
                                                        "selection.</em></p>")
            self.drawn[name] = selection
        seconds = time.perf_counter() - started
        self.status.value = f"<small>{name.capitalize()} redrawn in {seconds:.2f} s.</small>"
        return seconds

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The widget where widgets work; one line of text where they do not (a rendered copy)."""
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = NO_WIDGETS
        return bundle


def explore(table: pd.DataFrame, *, dyad: tuple[str, str] | None = None) -> Explorer | None:
    """Return an :class:`Explorer` for the notebook to show; without ipywidgets, say so in one
    line and return None."""
    try:
        import ipywidgets  # noqa: F401, PLC0415 - tells whether widgets can be shown
    except ImportError:
        print(NO_WIDGETS)
        return None
    return Explorer(table, dyad=dyad)
