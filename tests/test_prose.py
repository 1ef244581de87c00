"""The report's fixed wording lives in templates (``bilateral/report/templates/``): every
template the code names exists, every template is used, and a missing value is an error."""

import ast
from pathlib import Path

import jinja2
import pytest

from bilateral.report import prose

REPORT = Path(prose.__file__).parent
TEMPLATES = sorted(p.relative_to(prose.TEMPLATES).as_posix()
                   for p in prose.TEMPLATES.rglob("*.j2"))


def rendered_names() -> dict[str, str]:
    """Each template name passed to ``render`` in report/*.py, with the module naming it."""
    names = {}
    for path in sorted(REPORT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "render"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                names[node.args[0].value] = path.name
    return names


def test_every_template_the_code_names_exists():
    names = rendered_names()
    assert len(names) >= 20  # the captions, statistics, direction, comparison and Methods
    missing = {name: module for name, module in names.items()
               if not (prose.TEMPLATES / name).is_file()}
    assert not missing


def test_every_template_is_rendered_by_the_code():
    assert sorted(set(TEMPLATES) - set(rendered_names())) == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_without_its_values_is_an_error(name):
    with pytest.raises(jinja2.UndefinedError):
        prose.render(name)


def test_one_missing_value_is_an_error_not_a_gap():
    assert prose.render("captions/timeline.md.j2", n_events=5, n_labelled=2, aggregated=False,
                        limit=1000).startswith("*Each marker")
    with pytest.raises(jinja2.UndefinedError, match="limit"):
        prose.render("captions/timeline.md.j2", n_events=5000, n_labelled=2, aggregated=True)
    with pytest.raises(jinja2.UndefinedError, match="last"):  # also when a filter writes it
        prose.render("captions/cumulative.md.j2", since="1990")


def test_numbers_are_written_by_the_report_s_filters():
    assert prose.render("captions/chronology.md.j2", n_shown=1200, n_events=12345) == (
        "The 1,200 most significant of 12,345 selected events (largest |intensity|), oldest "
        "first; 11,145 are not shown.")
    assert prose.render("captions/cumulative.md.j2", last=-3.0, since="", aggregated=False,
                        n_events=3, slices=1000) == (
        "*The index adds up every intensity from the start of the report period: it stands at "
        "−3.0. Above zero, cooperation has outweighed tension so far.*")
