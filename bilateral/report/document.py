"""Show the report's text in the notebook: Markdown and HTML tables (figures: plots.display)."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown, display

from bilateral.data.markup import escape_markdown


def show_markdown(text: str) -> None:
    """Display Markdown (its data text must already be escaped)."""
    if text:
        display(Markdown(text))


def show_table(table: pd.DataFrame, columns: dict[str, str], formats: dict | None = None,
               when_empty: str = "") -> None:
    """Display selected columns, renamed, as an HTML table without index (text escaped).

    Its look comes from the page's one stylesheet (``table.report-table`` in the render
    template), not from CSS repeated with each table.
    """
    if table.empty:
        show_markdown(f"*{escape_markdown(when_empty)}*" if when_empty else "")
        return
    shown = table.loc[:, list(columns)].rename(columns=columns)
    formatters = {columns[k]: f for k, f in (formats or {}).items()}
    display(HTML(shown.to_html(index=False, escape=True, formatters=formatters,
                                           border=0, classes="report-table", na_rep="")))


def date_format(value: pd.Timestamp) -> str:
    """Format a date for a table cell."""
    return f"{value:%Y-%m-%d}"
