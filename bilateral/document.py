"""Show the report's parts in the notebook: Markdown text, HTML tables and PNG figures."""

from __future__ import annotations

import io

import pandas as pd
from IPython.display import HTML, Image, Markdown, display
from matplotlib.figure import Figure
from matplotlib.pyplot import close

from bilateral.markup import escape_markdown
from bilateral.style import FIGURE_DPI, SCREEN_PX_PER_IN

# Long sources (several URLs) must wrap inside the page instead of widening the table.
TABLE_CSS = ("<style>.report-table{font-size:0.85em;border-collapse:collapse;max-width:100%}"
             ".report-table th,.report-table td{text-align:left!important;vertical-align:top;"
             "padding:2px 6px;overflow-wrap:break-word}"
             ".report-table td:first-child{white-space:nowrap}"
             ".report-table td:last-child{overflow-wrap:anywhere}</style>")


def show_markdown(text: str) -> None:
    """Display Markdown (its data text must already be escaped)."""
    if text:
        display(Markdown(text))


def show_figure(fig: Figure | None, when_empty: str = "Nothing to chart in this selection.") -> None:
    """Display a figure as a fixed-size PNG and close it; without one, say why in words."""
    if fig is None:
        display(Markdown(f"*{escape_markdown(when_empty)}*"))
        return
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    width_px = round(fig.get_figwidth() * SCREEN_PX_PER_IN)
    titles = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
    alt = next((t for t in titles if t), "Chart")
    close(fig)
    display(Image(data=buffer.getvalue(), format="png", width=width_px, alt=alt))


def show_table(table: pd.DataFrame, columns: dict[str, str], formats: dict | None = None,
               when_empty: str = "") -> None:
    """Display selected columns, renamed, as an HTML table without index (text escaped)."""
    if table.empty:
        show_markdown(f"*{escape_markdown(when_empty)}*" if when_empty else "")
        return
    shown = table.loc[:, list(columns)].rename(columns=columns)
    formatters = {columns[k]: f for k, f in (formats or {}).items()}
    display(HTML(TABLE_CSS + shown.to_html(index=False, escape=True, formatters=formatters,
                                           border=0, classes="report-table", na_rep="")))


def date_format(value: pd.Timestamp) -> str:
    """Format a date for a table cell."""
    return f"{value:%Y-%m-%d}"
