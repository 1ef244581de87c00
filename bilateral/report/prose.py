"""Fixed prose lives in Markdown/Jinja templates (``report/templates/``), not Python strings.

Templates get the computed values as variables; ``StrictUndefined`` makes a missing value an
error instead of an empty gap in the report. Numbers are written by the filters below (the
definitions of :mod:`bilateral.report.numbers`); data text arrives already escaped.

A caption or sentence is one line of Markdown: its template breaks a line only where a tag
removes the break (before ``{%-``, or after a block tag, by ``trim_blocks``), so the wording
reads clause by clause. The Methods templates wrap freely: Markdown joins their lines.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from bilateral.report.numbers import percent, signed

TEMPLATES = Path(__file__).with_name("templates")


def thousands(value: int) -> str:
    """Write a count as ``12,345``."""
    return f"{value:,}"


def _number_filter(write: Callable[[Any], str]) -> Callable[[object], str]:
    """``write`` as a filter that fails on a missing value as ``StrictUndefined`` does (a format
    string would raise a ``TypeError`` that names no variable)."""
    def written(value: object) -> str:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return write(value)
    return written


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     undefined=jinja2.StrictUndefined, autoescape=False,
                                     trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=False)
    environment.filters.update({name: _number_filter(write) for name, write in
                                (("signed", signed), ("thousands", thousands),
                                 ("percent", percent))})
    return environment


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` with ``context``; surrounding blank lines removed."""
    return _environment().get_template(name).render(**context).strip()
