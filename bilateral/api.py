"""Everything a report notebook uses, in one import: ``import bilateral.api as bl``.

The façade over the layers (data → analysis → plots / report). A chart of one's own in
JupyterLab needs nothing else::

    fig, ax = bl.new_figure("short")
    ax.plot(balance["period_start"], balance["net"], color=bl.style.NET)
    bl.show_figure(fig)

It does not import ``bilateral.render`` or ``bilateral.ingest`` (command-line tools).
"""

from bilateral.analysis import compare, coverage, measures, selection
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
from bilateral.analysis.stats.summary import break_table, compute_statistics
from bilateral.data.events import load_events
from bilateral.data.parameters import prepare_report
from bilateral.data.provenance import describe_source
from bilateral.plots import charts, figures, style
from bilateral.plots.compare import comparison_figure
from bilateral.plots.display import figure_html, show_figure
from bilateral.plots.explore import Explorer, explore
from bilateral.plots.style import new_figure, styled
from bilateral.plots.tone import tone_activity_figure
from bilateral.report import captions, comparison, direction, narrative, statistics
from bilateral.report.brief import markdown_html, show_brief
from bilateral.report.document import date_format, show_frame, show_markdown, show_table
from bilateral.report.downloads import show_downloads
from bilateral.report.methods import methods_text, statistics_methods_text
from bilateral.report.references import ReferenceList
from bilateral.report.tables import show_chronology, show_corrections, show_references

__all__ = [
    "Explorer", "ReferenceList", "break_table", "captions", "charts", "chronology", "compare",
    "comparison", "comparison_figure", "compute_statistics", "corrections", "coverage",
    "date_format",
    "describe_source", "direction", "display_dates", "explore", "figure_html", "figures",
    "is_machine_coded", "load_events", "load_overlay", "markdown_html", "measures",
    "methods_text", "narrative", "new_figure", "newest_date", "overlay_unit", "prepare_report",
    "select_events", "selection", "show_brief", "show_chronology", "show_corrections",
    "show_downloads", "show_figure", "show_frame", "show_markdown", "show_references",
    "show_table", "statistics", "statistics_methods_text", "style", "styled",
    "tone_activity_figure", "top_events",
]
