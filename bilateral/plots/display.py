"""Show a figure in the notebook as inline SVG (vector, text kept as text) with its title as alt
text; the same output becomes the HTML page's chart and the PDF's vector figure."""

from __future__ import annotations

import html
import re

from IPython.display import HTML, Markdown, display
from matplotlib.figure import Figure
from matplotlib.pyplot import close

from bilateral.data.markup import escape_markdown
from bilateral.plots.svg import figure_svg, figure_title

_SLUG = re.compile(r"[^a-z0-9]+")


def figure_html(fig: Figure, *, caption_html: str = "", chart_id: str | None = None) -> str:
    """Return ``<figure>`` markup holding the chart's SVG (and a caption, already HTML), and
    close the figure (so that JupyterLab's inline backend does not show it a second time)."""
    alt = figure_title(fig)
    chart_id = chart_id or "chart-" + (_SLUG.sub("-", alt.lower()).strip("-")[:40] or "figure")
    svg = figure_svg(fig, alt=alt, chart_id=chart_id)
    close(fig)
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    return (f'<figure class="bl-chart" id="{html.escape(chart_id)}" '
            f'data-title="{html.escape(alt)}">{svg}{caption}</figure>')


def show_figure(fig: Figure | None, when_empty: str = "Nothing to chart in this selection.",
                chart_id: str | None = None, caption_html: str = "") -> None:
    """Display a figure as inline SVG and close it; without one, say why in words. A caption
    (HTML) stays with the chart in one ``<figure>``, so print never separates them.

    The output's metadata names it a figure (``{"bilateral": {"figure": alt}}``), so tools that
    read the notebook (thumbnails, the golden outputs) know it from a table.
    """
    if fig is None:
        if when_empty:
            display(Markdown(f"*{escape_markdown(when_empty)}*"))
        return
    alt = figure_title(fig)
    markup = figure_html(fig, caption_html=caption_html, chart_id=chart_id)
    display(HTML(markup), metadata={"bilateral": {"figure": alt}})
