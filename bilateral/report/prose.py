"""Fixed prose lives in Markdown/Jinja templates (``report/templates/``), not Python strings.

Templates get the computed values as variables; ``StrictUndefined`` makes a missing value an
error instead of an empty gap in the report.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              undefined=jinja2.StrictUndefined, autoescape=False,
                              trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=False)


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` with ``context``; surrounding blank lines removed."""
    return _environment().get_template(name).render(**context).strip()
