"""Escape text from event tables before it becomes HTML, Markdown or a matplotlib label."""

from __future__ import annotations

import html
import re

# CommonMark treats any ASCII punctuation after a backslash as literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: object) -> str:
    """Return ``text`` safe inside Markdown: Markdown syntax neutralised, then HTML escaped.

    ``$`` becomes an HTML entity so that MathJax does not read prices as formulas.
    """
    flat = " ".join(str(text).split())  # a newline could end a list item or a table row
    escaped = html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", flat), quote=False)
    return escaped.replace("$", "&#36;")


def escape_mpl(text: object) -> str:
    """Return ``text`` safe as a matplotlib label (``$`` would start mathtext)."""
    return str(text).replace("$", r"\$")
