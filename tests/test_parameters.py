"""One parameter spec: the notebook's parameters cell, papermill's help, and value checks that
run before any kernel starts."""

import ast
import subprocess
import sys
import dataclasses

import nbformat
import pandas as pd
import pytest

from bilateral import cli
from bilateral.data import parameters
from bilateral.data.paths import NOTEBOOK_PATH, PARAMS_DIR
from bilateral.data.spec import NAMES, SPEC, defaults, parameters_cell


def notebook():
    return nbformat.read(NOTEBOOK_PATH, as_version=4)


def test_notebook_parameters_cell_is_the_spec():
    (cell,) = [c for c in notebook().cells if "parameters" in c.metadata.get("tags", [])]
    assert cell.source.strip() == parameters_cell()
    # the cell is valid Python that binds exactly the spec's names to their defaults
    scope: dict = {}
    exec(cell.source, {}, scope)  # noqa: S102 - our own notebook's literal assignments
    assert {k: v for k, v in scope.items() if k != "__annotations__"} == defaults()


def test_papermill_help_prints_every_parameter_with_its_help():
    """`papermill --help-notebook` (papermill's own command, run in this process)."""
    from click.testing import CliRunner
    from papermill.cli import papermill

    result = CliRunner().invoke(papermill, ["--help-notebook", str(NOTEBOOK_PATH)])
    assert result.exit_code == 0, result.output
    assert "Parameters inferred for notebook" in result.output
    for spec in SPEC:
        assert spec.name in result.output
        assert spec.help.split(";")[0][:40] in " ".join(result.output.split())


def test_no_cell_rebinds_a_parameter_name():
    for cell in notebook().cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith("%"))
        bound = {node.id for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        assert not bound & set(NAMES), (bound & set(NAMES), cell.source[:80])


def test_resolved_parameters_are_one_immutable_value():
    params, table = parameters.prepare_report(dyad="PAK-RUS", end="")
    assert params.end == table.loc[table["actor1"].isin(["PAK", "RUS"])
                                   & table["actor2"].isin(["PAK", "RUS"]), "date"].max()
    assert params.open_end and isinstance(params.eras, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.end = None  # type: ignore[misc]


@pytest.mark.parametrize(("values", "words"), [
    ({"period_years": -3}, "period_years -3 must be a whole number"),
    ({"dyad": "PAK-XXX"}, "'XXX' is not an ISO 3166-1 alpha-3"),
    ({"start": "2000", "end": "1990"}, "is after end"),
    ({"domains": ["space"]}, "'space' is not a domain"),
    ({"events_path": "no/such/file.csv"}, "events_path: there is no file"),
    ({"compare": ["IND-XYZ"]}, "compare: dyad 'IND-XYZ'"),
    ({"seed": "abc"}, "seed 'abc'"),
    ({"colour": "red"}, "unknown parameter 'colour'"),
])
def test_bad_values_stop_with_one_sentence(values, words):
    with pytest.raises(parameters.ParameterError, match=words) as info:
        parameters.check_values(values)
    assert "\n" not in str(info.value)


def test_compare_drops_repeats_and_the_main_dyad():
    checked = parameters.check_values({"dyad": "PAK-RUS",
                                       "compare": ["ind-rus", "RUS-PAK", "RUS IND", "PAK-USA"]})
    assert checked["compare"] == (("IND", "RUS"), ("PAK", "USA"))


@pytest.mark.parametrize(("override", "words"), [
    (("period_years", "-3"), "period_years -3"),
    (("dyad", "PAK-XXX"), "'XXX' is not an ISO"),
    (("end", "1900"), "is after end"),
    (("domains", "[space]"), "'space' is not a domain"),
    (("events_path", "missing.csv"), "events_path: there is no file"),
    (("compare", "[IND-XYZ]"), "compare:"),
])
def test_render_checks_values_before_any_kernel(tmp_path, capsys, override, words):
    out = tmp_path / "reports"
    status = cli.main(["render", str(PARAMS_DIR / "full_history.yaml"), "--out", str(out),
                       "-p", *override])
    err = capsys.readouterr().err
    assert status == 2
    assert "full_history.yaml" in err and words in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing rendered, nothing written


T = pd.Timestamp


@pytest.mark.parametrize(("raw", "expected"), [
    (1990, T("1990-01-01")), ("1990", T("1990-01-01")), ("1990-05", T("1990-05-01")),
    ("1990-05-17", T("1990-05-17")), (1990.0, T("1990-01-01"))])
def test_parse_start_accepts_numbers_and_strings(raw, expected):
    assert parameters.parse_date(raw, "start", first=True) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (2020, T("2020-12-31")), ("2020-02", T("2020-02-29")), ("2021-02", T("2021-02-28")),
    ("2020-04", T("2020-04-30")), ("2020-05-17", T("2020-05-17"))])
def test_parse_end_is_the_last_day_included(raw, expected):
    assert parameters.parse_date(raw, "end", first=False) == expected


@pytest.mark.parametrize(("raw", "words"), [
    ("3000", "dates run from 1677-09-22 to 2262-04-11"), ("1990-13", "is not a valid date"),
    ("1990-00", "is not a valid date"), ("2021-02-29", "is not a valid date")])
def test_dates_outside_the_calendar_or_pandas_range_stop(raw, words):
    with pytest.raises(parameters.ParameterError, match=words):
        parameters.check_values({"start": raw})


def test_checked_dates_become_timestamps_in_the_report():
    checked = parameters.check_values({"start": "1990-05", "end": "2000", "eras": "auto"})
    params, _ = parameters.prepare_report(start="1990-05", end="2000", eras="auto")
    assert params.start == pd.Timestamp(checked["start"]) == pd.Timestamp("1990-05-01")
    assert params.end == pd.Timestamp("2000-12-31")
    assert isinstance(params.start, pd.Timestamp) and isinstance(params.end, pd.Timestamp)
    assert all(isinstance(when, pd.Timestamp) for when, _ in params.eras)
    assert [name for _, name in params.eras] == [name for _, name in checked["eras"]]


def test_render_checks_every_variant_without_pandas():
    """`bilateral render` checks all variants, and skips the current ones, before any kernel
    starts; without pandas (about a second to import) that takes a fraction of a second."""
    code = ("import sys\n"
            "from bilateral.data.paths import NOTEBOOK_PATH, PARAMS_DIR\n"
            "from bilateral.render.variants import load_variants\n"
            "variants = load_variants(sorted(PARAMS_DIR.glob('*.yaml')), NOTEBOOK_PATH,\n"
            "                         [('eras', 'auto'), ('end', '2020-02')])\n"
            "assert len(variants) > 1\n"
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
