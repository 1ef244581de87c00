"""The report notebook: a kernel-free lint, and a few real executions through papermill."""

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

from bilateral.data.paths import NOTEBOOK_PATH, ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def load_notebook():
    return nbformat.read(NOTEBOOK_PATH, as_version=4)


def test_one_parameters_cell_documenting_itself():
    cells = [c for c in load_notebook().cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    assignments = [line for line in cells[0].source.splitlines() if line.strip()]
    pattern = re.compile(r"^\w+: \w+ = .+ # [^=]+$")  # papermill's help parser stops at '='
    assert all(pattern.match(line) for line in assignments), assignments
    names = {line.split(":")[0] for line in assignments}
    assert {"events_path", "dyad", "start", "end", "domains", "title", "overlay_path",
            "overlay_normalise"} <= names


def test_committed_without_outputs_and_without_logic():
    notebook = load_notebook()
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [] and cell.execution_count is None
        assert not re.search(r"^\s*(def|class|for|while|async def)\b", cell.source, re.M)


def test_plumbing_cells_are_tagged():
    tagged = {"parameters", "remove-input", "remove-cell"}
    for cell in load_notebook().cells:
        if cell.cell_type == "code":
            assert tagged & set(cell.metadata.get("tags", [])), cell.source[:60]


def run(tmp_path, **parameters):
    import papermill  # noqa: PLC0415 - only the slow tests start a kernel
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK_PATH), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(ROOT), progress_bar=False)
    notebook = nbformat.read(out, as_version=4)
    text = "\n".join(json.dumps(o.get("data", {}).get("text/markdown", ""))
                     + json.dumps(o.get("data", {}).get("text/html", ""))
                     for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    return notebook, json.loads("[" + ",".join(
        json.dumps(o["data"][k]) for c in notebook.cells if c.cell_type == "code"
        for o in c.outputs for k in ("text/markdown", "text/html") if k in o.get("data", {}))
        + "]"), text


def figures(notebook):
    """Return the chart outputs (inline SVG, marked in the output's metadata)."""
    return [o for c in notebook.cells for o in c.get("outputs", [])
            if o.get("metadata", {}).get("bilateral", {}).get("figure")
            and "<svg" in o.get("data", {}).get("text/html", "")]


def first_heading(outputs):
    """The report's title: a Markdown H1, or the H1 of the page-1 brief (HTML)."""
    for output in outputs:
        if output.startswith("# "):
            return output.splitlines()[0]
        found = re.search(r"<h1[^>]*>(.*?)</h1>", output, re.S)
        if found:
            return "# " + html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
    raise AssertionError("no title")


@pytest.mark.slow
def test_pak_rus_fixture_with_year_as_int(tmp_path):
    notebook, outputs, _ = run(tmp_path, events_path=str(FIXTURES / "pak_rus.csv"), start=1947,
                               end="2016", period_years=10)
    assert first_heading(outputs) == "# Pakistan and USSR/Russia: cooperation and tension, 1947–2016"
    images = figures(notebook)  # timeline, domains, cumulative index, third parties
    brief = [o for o in outputs if 'class="brief"' in o]
    assert len(images) == 4 and len(brief) == 1 and "<svg" in brief[0]  # + the headline chart
    assert not [o for c in notebook.cells for o in c.get("outputs", [])
                if "image/png" in o.get("data", {})]
    assert any("Correction: the source says 1972" in o for o in outputs)


@pytest.mark.slow
def test_second_dyad_names_its_own_countries(tmp_path):
    _, outputs, text = run(tmp_path, events_path=str(FIXTURES / "bra_arg.csv"), dyad="BRA-ARG",
                           start="1975", eras="", domains="economic,diplomatic,security,multilateral")
    assert first_heading(outputs).startswith("# Brazil and Argentina")
    assert not re.search(r"Pakistan|Russia|USSR|PAK|RUS", text)


@pytest.mark.slow
def test_empty_selection_says_so(tmp_path):
    notebook, outputs, _ = run(tmp_path, events_path=str(FIXTURES / "pak_rus.csv"),
                               start="1990", end="2000", overlay_path="")
    assert any("No events match this selection" in o for o in outputs)
    assert figures(notebook) == []


@pytest.mark.slow
def test_markup_in_text_is_shown_as_text(tmp_path):
    notebook, outputs, text = run(tmp_path, events_path=str(FIXTURES / "markup.csv"),
                                  start=2000, title="<script>alert('t')</script> report")
    html, _ = HTMLExporter(exclude_input=True).from_notebook_node(notebook)
    for rendered in (text, html):
        assert "<script>alert" not in rendered and "<img src=x" not in rendered
        assert "<i>tags</i>" not in rendered and "<b>bold</b>" not in rendered
    assert "&lt;script&gt;alert" in html


@pytest.mark.slow
def test_machine_coded_table_as_events_and_as_overlay(tmp_path):
    machine = str(FIXTURES / "machine_coded.csv")
    _, outputs, _ = run(tmp_path, events_path=machine, start=2015, table_events=3,
                        period_years=1)
    assert any("The 3 most significant of 10 selected events" in o for o in outputs)
    notebook, outputs, _ = run(tmp_path, events_path=str(FIXTURES / "pak_rus.csv"),
                               start=2010, period_years=1, overlay_path=machine)
    # the report ends at the newest curated event (2016-09-24): 4 machine-coded PAK–RUS events
    # fall inside (2015-03-02 … 2016-09-24); the file name is Markdown-escaped
    assert any("net cooperation from machine_coded.csv (4 events" in o  # in the brief's caption
               for o in outputs)


@pytest.mark.slow
def test_ingested_tables_as_events_and_as_overlay(tmp_path):
    from bilateral.ingest.command import IngestWarning, ingest_files

    raw = FIXTURES / "ingest"
    icews, gdelt = tmp_path / "pak_rus_icews.csv", tmp_path / "pak_rus_gdelt.csv"
    with pytest.warns(IngestWarning, match="malformed"):  # the fixtures have bad lines
        ingest_files("icews", [str(raw / "synthetic_icews_*")], "PAK-RUS", icews, progress=False)
        ingest_files("gdelt", [str(raw / "synthetic_gdelt*")], "PAK-RUS", gdelt, progress=False)
    notebook, outputs, _ = run(tmp_path, events_path=str(icews), overlay_path=str(gdelt),
                               start=1985, end=2017, period_years=5)
    assert first_heading(outputs).startswith("# Pakistan and USSR/Russia")
    assert any("5 events" in o for o in outputs)  # the ingested ICEWS table keeps 5 dyad events
    assert any("pak_rus_gdelt.csv (7 events" in o for o in outputs)  # all 7 fall in 1985–2017
    assert figures(notebook)


@pytest.mark.slow
def test_defaults_run_from_the_notebooks_folder_as_in_jupyterlab(tmp_path):
    import papermill  # noqa: PLC0415 - only the slow tests start a kernel
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK_PATH), str(out), kernel_name="python3",
                               cwd=str(NOTEBOOK_PATH.parent), progress_bar=False)
    outputs = [o.get("data", {}).get(kind, "")
               for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])
               for kind in ("text/markdown", "text/html")]
    assert first_heading(outputs).startswith("# Pakistan and USSR/Russia")
    assert any("pak_rus.csv, ind_rus.csv, pak_usa.csv, version 2.0.0" in o
               for o in outputs)  # the bundled tables, in the brief's provenance line


@pytest.mark.slow
def test_compare_adds_the_comparison_section(tmp_path):
    _, outputs, text = run(tmp_path, events_path=str(FIXTURES / "compare" / "three_dyads.csv"),
                           dyad="FRA-DEU", compare=["FRA-GBR", "DEU-GBR", "ESP-PRT"],
                           start="1990", end="2019", eras="")
    assert "## Comparison" in outputs
    assert any("Spain–Portugal has no events in the loaded tables" in o for o in outputs)
    assert any("moved strongly in opposite directions (r = −1.00, n = 5)" in o for o in outputs)
    assert any("From 1995–1999 to 2000–2004, the tone of France–Germany cooled" in o
               for o in outputs)
    assert "Net balance and tone of each relationship" in text or any(
        "Okabe–Ito" in o for o in outputs)


@pytest.mark.slow
def test_without_compare_there_is_no_comparison_section(tmp_path):
    _, outputs, _ = run(tmp_path, events_path=str(FIXTURES / "compare" / "three_dyads.csv"),
                        dyad="FRA-DEU", start="1990", end="2019", eras="")
    assert "## Comparison" not in outputs
    assert not any("Okabe–Ito" in o for o in outputs)
