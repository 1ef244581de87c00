"""Page 1 of the report as one block: title, headline chart, key findings, provenance line.

One output (``<section class="brief">``), styled by the render template: in the PDF it fills
page 1 and the body starts on page 2. The parts are Markdown whose data text is already escaped
(as :mod:`bilateral.report.narrative` writes it); the chart is the HTML of
``bl.figure_html(fig)`` (inline SVG), so this module draws nothing itself.
"""

from __future__ import annotations

from functools import cache

import mistune
from IPython.display import HTML, display


@cache
def _markdown():
    return mistune.create_markdown(escape=False)


def markdown_html(text: str) -> str:
    """Render Markdown (data text already escaped) to HTML."""
    return str(_markdown()(text or "")).strip()


def brief_html(title: str, chart: str, findings: str, provenance: str) -> str:
    """Return the brief block. ``title`` and ``findings`` are Markdown (the title as a level-1
    heading, the findings as a bullet list), ``chart`` is figure HTML (may be empty) and
    ``provenance`` one line of Markdown ("Data as of …")."""
    line = markdown_html(provenance).removeprefix("<p>").removesuffix("</p>")
    parts = [f'<div class="brief-title">{markdown_html(title)}</div>',
             f'<div class="brief-chart">{chart}</div>' if chart else "",
             f'<div class="brief-findings">{markdown_html(findings)}</div>',
             f'<p class="brief-provenance">{line}</p>' if line else ""]
    return f'<section class="brief">{"".join(parts)}</section>'


def show_brief(title: str, chart: str, findings: str, provenance: str) -> None:
    """Display the brief block (see :func:`brief_html`)."""
    display(HTML(brief_html(title, chart, findings, provenance)))
