"""Everything a report notebook uses, in one import: ``import bilateral.api as bl``.

The façade over the layers (data → analysis → plots / report). A chart of one's own in
JupyterLab needs nothing else::

    fig, ax = bl.new_figure("short")
    ax.plot(balance["period_start"], balance["net"], color=bl.style.NET)
    bl.show_figure(fig)

It does not import ``bilateral.render`` or ``bilateral.ingest`` (command-line tools).
"""

from bilateral.analysis import measures, selection
from bilateral.analysis.overlay import load_overlay, overlay_unit
from bilateral.analysis.selection import (
    chronology,
    corrections,
    display_dates,
    is_machine_coded,
    newest_date,
    select_events,
    top_events,
)
from bilateral.data.events import load_events
from bilateral.data.parameters import parse_parameters, resolve_end
from bilateral.data.provenance import describe_source
from bilateral.plots import charts, figures, style
from bilateral.plots.display import show_figure
from bilateral.plots.style import new_figure, styled
from bilateral.report import captions, narrative
from bilateral.report.document import date_format, show_markdown, show_table
from bilateral.report.methods import methods_text

__all__ = [
    "captions", "charts", "chronology", "corrections", "date_format", "describe_source",
    "display_dates", "figures", "is_machine_coded", "load_events", "load_overlay", "measures",
    "methods_text", "narrative", "new_figure", "newest_date", "overlay_unit",
    "parse_parameters", "resolve_end", "select_events", "selection", "show_figure",
    "show_markdown", "show_table", "style", "styled", "top_events",
]
