"""Fixed prose lives in Markdown/Jinja templates (``report/templates/``), not Python strings.

Templates get the computed values as variables; ``StrictUndefined`` makes a missing value an
error instead of an empty gap in the report. Numbers are written by the filters below (the
definitions of :mod:`bilateral.report.numbers`); data text arrives already escaped.

A caption or sentence is one line of Markdown: its template breaks lines only before a tag
that starts with ``{%-`` or ``{{-`` (which removes the line break) or after a block tag (which
``trim_blocks`` removes), so the wording can be read clause by clause.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from bilateral.report.numbers import percent, signed

TEMPLATES = Path(__file__).with_name("templates")


def thousands(value: int) -> str:
    """Write a count as ``12,345``."""
    return f"{value:,}"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     undefined=jinja2.StrictUndefined, autoescape=False,
                                     trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=False)
    environment.filters.update(signed=signed, thousands=thousands, percent=percent)
    return environment


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` with ``context``; surrounding blank lines removed."""
    return _environment().get_template(name).render(**context).strip()
