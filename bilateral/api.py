"""Everything a report notebook uses, in one import: ``import bilateral.api as bl``.

The façade over the layers (data → analysis → plots / report). A chart of one's own in
JupyterLab needs nothing else::

    fig, ax = bl.new_figure("short")
    ax.plot(balance["period_start"], balance["net"], color=bl.style.NET)
    bl.show_figure(fig)

Each name is imported when first used (PEP 562's module ``__getattr__``), so that a notebook
loads only the layers it uses: the report's chronology needs neither matplotlib nor the
statistics, and a render worker's second kernel, which prints it ahead
(``bilateral.render.ahead``), starts about 0.7 s sooner. ``dir(bl)`` and tab completion list
every name. It does not import ``bilateral.render`` or ``bilateral.ingest`` (command-line tools).
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each name comes from: a module, with the names taken from it ("" for the module itself)
_SOURCES = {
    "bilateral.analysis.compare": ("",),
    "bilateral.analysis.coverage": ("",),
    "bilateral.analysis.measures": ("",),
    "bilateral.analysis.selection": ("", "chronology", "corrections", "display_dates",
                                     "is_machine_coded", "newest_date", "select_events",
                                     "top_events"),
    "bilateral.analysis.overlay": ("load_overlay", "overlay_unit"),
    "bilateral.analysis.stats.summary": ("break_table", "compute_statistics"),
    "bilateral.data.events": ("load_events",),
    "bilateral.data.parameters": ("prepare_report",),
    "bilateral.data.provenance": ("describe_source",),
    "bilateral.plots.charts": ("",),
    "bilateral.plots.figures": ("",),
    "bilateral.plots.style": ("", "new_figure", "styled"),
    "bilateral.plots.compare": ("comparison_figure",),
    "bilateral.plots.display": ("figure_html", "show_figure"),
    "bilateral.plots.explore": ("Explorer", "explore"),
    "bilateral.plots.tone": ("tone_activity_figure",),
    "bilateral.report.captions": ("",),
    "bilateral.report.comparison": ("",),
    "bilateral.report.direction": ("",),
    "bilateral.report.narrative": ("",),
    "bilateral.report.statistics": ("",),
    "bilateral.report.brief": ("markdown_html", "show_brief"),
    "bilateral.report.document": ("date_format", "show_frame", "show_markdown", "show_table"),
    "bilateral.report.downloads": ("show_downloads",),
    "bilateral.report.methods": ("methods_text", "statistics_methods_text"),
    "bilateral.report.references": ("ReferenceList",),
    "bilateral.report.tables": ("show_chronology", "show_corrections", "show_references"),
}
# name -> (module, attribute); attribute "" is the module itself, named by its last part
_WHERE = {(name or module.rsplit(".", 1)[1]): (module, name)
          for module, names in _SOURCES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import ``name`` on first use and keep it in the module (later uses skip this)."""
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    imported = importlib.import_module(module)
    value = getattr(imported, attribute) if attribute else imported
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
