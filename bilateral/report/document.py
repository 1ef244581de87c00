"""Show the report's text in the notebook: Markdown and HTML tables (figures: plots.display)."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown, display

from bilateral.data.markup import escape_markdown

MAX_CELL_CHARS = 2_000  # a table cell longer than this is cut, with a note


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
    shown = table.loc[:, list(columns)].apply(_shortened).rename(columns=columns)
    formatters = {columns[k]: f for k, f in (formats or {}).items()}
    for name in shown.columns:  # counts group their thousands unless a format is given
        if name not in formatters and pd.api.types.is_integer_dtype(shown[name]):
            formatters[name] = "{:,}".format
    display(HTML(shown.to_html(index=False, escape=True, formatters=formatters,
                                           border=0, classes="report-table", na_rep="")))


def show_frame(table: pd.DataFrame, when_empty: str = "") -> None:
    """Display a table whose columns are already named and formatted for the reader."""
    show_table(table, {c: c for c in table.columns}, when_empty=when_empty)


def _shortened(column: pd.Series) -> pd.Series:
    """Cut text cells longer than MAX_CELL_CHARS, saying how much is not shown (a page and a PDF
    stay small whatever the table holds)."""
    if column.dtype.kind in "biufcmM" or isinstance(column.dtype, pd.CategoricalDtype):
        return column
    text = column.astype(str)
    long = text.str.len() > MAX_CELL_CHARS
    if not long.any():
        return column
    cut = text.str.slice(0, MAX_CELL_CHARS) + " … (" + (text.str.len() - MAX_CELL_CHARS).map(
        "{:,}".format) + " more characters not shown)"
    return column.where(~long, cut)


def date_format(value: pd.Timestamp) -> str:
    """Format a date for a table cell."""
    return f"{value:%Y-%m-%d}"
