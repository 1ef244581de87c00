"""`bilateral render`: one variant to HTML and PDF, batches with a broken variant, skipping.

Most tests use a tiny fixture notebook (tests/fixtures/render/report.ipynb: a parameters cell, a
Markdown title, a chart, a long table, and a switch that makes it fail) so they run in seconds;
one renders the real report notebook on a small events table.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from bilateral import cli
from bilateral.data import paths
from bilateral.data.schema import bundled_tables
from bilateral.render import command as report
from bilateral.render import manifest

FIXTURES = Path(__file__).parent / "fixtures" / "render"
NOTEBOOK = FIXTURES / "report.ipynb"
EVENTS = FIXTURES / "events.csv"
PARAMS = FIXTURES / "params"


def render(*args: str, out: Path, notebook: Path = NOTEBOOK) -> int:
    """Run `bilateral render` in-process on the fixture notebook."""
    return cli.main(["render", *map(str, args), "--notebook", str(notebook), "--out", str(out),
                     "-p", "events_path", str(EVENTS)])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Render alpha and gamma (both good) once for the module; return the output directory."""
    out = tmp_path_factory.mktemp("reports")
    params = tmp_path_factory.mktemp("params")
    shutil.copy(PARAMS / "alpha.yaml", params)
    (params / "gamma.yaml").write_text('title: "Gamma report"\nrows: 3\n', encoding="utf-8")
    assert render(params / "alpha.yaml", params / "gamma.yaml", "--jobs", "2", out=out) == 0
    return out, params


@pytest.fixture
def rendered_copy(rendered, tmp_path):
    """Return a copy of the module's rendered reports and parameter files, for a test that
    renders again or rewrites a parameter file (the module's own stay as rendered, so the tests
    pass in any order)."""
    out, params = (shutil.copytree(path, tmp_path / path.name) for path in rendered)
    return out, params


@pytest.mark.slow
def test_render_writes_notebook_html_pdf_thumbnail_index_and_manifest(rendered):
    out, _ = rendered
    for name in ("alpha.ipynb", "alpha.html", "alpha.pdf", "alpha_thumb.png"):
        assert (out / "alpha" / name).stat().st_size > 0, name
    assert not list(out.glob("*/.*part*")), "temporary files left behind"
    records = json.loads((out / "manifest.json").read_text())["reports"]
    alpha = records["alpha"]
    assert alpha["status"] == "ok"
    assert alpha["parameters"] == {"title": "Alpha report", "start": "1990", "end": "2000",
                                   "events_path": str(EVENTS)}
    assert alpha["notebook_sha256"] == manifest.sha256_file(NOTEBOOK)
    assert manifest.sha256_file(EVENTS) in alpha["data_sha256"].values()
    assert {"papermill", "nbconvert", "weasyprint", "matplotlib", "pandas"} <= set(
        alpha["packages"])
    assert alpha["outputs"] == ["alpha/alpha.ipynb", "alpha/alpha.html", "alpha/alpha.pdf"]
    index = (out / "index.html").read_text()
    assert 'href="alpha/alpha.html"' in index and 'src="alpha/alpha_thumb.png"' in index
    assert 'href="gamma/gamma.pdf"' in index


@pytest.mark.slow
def test_html_is_self_contained_without_code(rendered):
    page = (rendered[0] / "alpha" / "alpha.html").read_text()
    assert "<title>Alpha report</title>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "network reference"
    assert not re.search(r"@import|url\((?!data:)", page), "stylesheet loads a resource"
    scripts = re.findall(r"<script\b[^>]*>", page, re.I)
    assert [t.replace(" ", "") for t in scripts] == ["<script>"], scripts  # one inline script
    assert "import matplotlib" not in page and "plt.subplots" not in page, "code shown"
    assert "In&nbsp;[" not in page and "Out[" not in page, "prompts shown"
    assert 'events_path = "' not in page, "injected parameters shown"
    assert page.count('src="data:image/png;base64,') == 1
    assert '<table border="1" class="dataframe">' in page


@pytest.mark.slow
def test_pdf_has_pages_outline_metadata_and_page_numbers(rendered):
    reader = PdfReader(rendered[0] / "alpha" / "alpha.pdf")
    pages = len(reader.pages)
    assert pages >= 2  # the 40-row table runs over the first page
    assert reader.metadata.title == "Alpha report"
    assert reader.metadata.author.startswith("bilateral")
    assert reader.metadata.creation_date is not None
    titles = [item.title for item in _flatten(reader.outline)]
    assert titles[:3] == ["Alpha report", "Balance", "Events"]
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert f"page 1 of {pages}" in first and f"page {pages} of {pages}" in last
    assert "Alpha report" in last.splitlines()[0] or "Alpha report" in last  # running header
    assert "event" in last and "score" in last  # the table header repeats on the next page
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4


@pytest.mark.slow
def test_unchanged_variants_are_skipped_and_force_renders_them(rendered_copy, capsys):
    out, params = rendered_copy
    html = out / "alpha" / "alpha.html"
    before = html.stat().st_mtime_ns
    assert render(params / "alpha.yaml", params / "gamma.yaml", out=out) == 0
    table = capsys.readouterr().out
    assert re.search(r"^alpha\s+skipped", table, re.M)
    assert re.search(r"^gamma\s+skipped", table, re.M)
    assert html.stat().st_mtime_ns == before
    html.unlink()  # a missing output makes the variant stale again
    outcomes = report.render_reports([params / "alpha.yaml"], notebook=NOTEBOOK, out_dir=out,
                                      formats=["html"], overrides=[("events_path", str(EVENTS))])
    assert [o.status for o in outcomes] == ["ok"] and html.is_file()


def test_render_key_follows_parameters_data_notebook_and_formats(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("event_id,date\n", encoding="utf-8")
    hasher = manifest.InputHasher(NOTEBOOK)
    key = hasher.render_key({"events_path": str(events), "start": "1990"}, ["html", "pdf"])
    assert key == manifest.InputHasher(NOTEBOOK).render_key(
        {"events_path": str(events), "start": "1990"}, ("html", "pdf"))
    assert key != hasher.render_key({"events_path": str(events), "start": "1991"}, ["html", "pdf"])
    assert key != hasher.render_key({"events_path": str(events), "start": "1990"}, ["html"])
    events.write_text("event_id,date\ne1,1990-01-01\n", encoding="utf-8")
    assert key != manifest.InputHasher(NOTEBOOK).render_key(
        {"events_path": str(events), "start": "1990"}, ["html", "pdf"])
    bundled = hasher.render_key({}, ["html"])["data_sha256"]
    tables = [manifest._label(path) for path in bundled_tables()]
    assert len(tables) >= 3 and all(label in bundled for label in tables)


@pytest.mark.slow
def test_broken_variant_fails_alone_and_keeps_earlier_good_output(rendered_copy, capsys):
    out, params = rendered_copy
    earlier = {name: (out / "gamma" / name).read_bytes()
               for name in ("gamma.ipynb", "gamma.html", "gamma.pdf")}
    (params / "gamma.yaml").write_text('title: "Gamma report"\nfail: "crash"\n', encoding="utf-8")
    shutil.copy(PARAMS / "beta.yaml", params)
    (params / "delta.yaml").write_text('fail: "parameter"\n', encoding="utf-8")
    (params / "epsilon.yaml").write_text('fail: "kernel"\n', encoding="utf-8")
    status = render(params / "beta.yaml", params / "gamma.yaml", params / "delta.yaml",
                    params / "epsilon.yaml", "--jobs", "2", out=out)
    table = capsys.readouterr().out
    assert status == 1
    assert re.search(r"^beta\s+ok", table, re.M) and (out / "beta" / "beta.pdf").is_file()
    assert "gamma failed: RuntimeError: the fixture was asked to fail (cell [" in table
    assert "delta failed: start '1947' is after end '2024'." in table  # just the sentence
    assert re.search(r"^epsilon failed: DeadKernelError: .*", table, re.M)
    for name, content in earlier.items():
        assert (out / "gamma" / name).read_bytes() == content, f"{name} was replaced"
    executed = json.loads((out / "gamma" / "gamma.failed.ipynb").read_text())
    tags = [tag for cell in executed["cells"] for tag in cell["metadata"].get("tags", [])]
    assert "papermill-error-cell-tag" in tags
    records = manifest.load_manifest(out)
    assert records["gamma"]["status"] == "failed" and records["gamma"]["last_good"]["outputs"]
    assert records["gamma"]["outputs"] == ["gamma/gamma.failed.ipynb"]
    index = (out / "index.html").read_text()
    assert "Last render failed" in index and 'href="gamma/gamma.html"' in index
    # a failed variant is never skipped
    assert not manifest.is_current(records["gamma"], records["gamma"], out)


def test_unknown_parameter_is_an_error_before_any_work(tmp_path, capsys):
    out = tmp_path / "reports"
    status = render(PARAMS / "alpha.yaml", PARAMS / "typo.yaml", out=out)
    err = capsys.readouterr().err
    assert status == 2
    assert f"{PARAMS / 'typo.yaml'}: unknown parameter 'strat'" in err
    assert not out.exists(), "work started"
    with pytest.raises(report.VariantError, match=r"-p colour: the notebook .* no parameter"):
        report.load_variants([PARAMS / "alpha.yaml"], NOTEBOOK, [("colour", "red")])


def test_overrides_are_typed_by_the_parameters_annotations():
    assert report.notebook_parameters(NOTEBOOK)["rows"] == "int"
    (variant,) = report.load_variants([PARAMS / "beta.yaml"], NOTEBOOK,
                                      [("rows", "12"), ("start", "1995"),
                                       ("domains", "[military, economic]")])
    assert variant.id == "beta"
    assert variant.parameters == {"title": "Beta report", "start": "1995", "end": "2010",
                                  "rows": 12, "domains": ["military", "economic"]}


def test_summary_table_lists_status_seconds_outputs_and_reasons():
    from bilateral.render.pool import Outcome

    table = report.summary_table([Outcome("a", "ok", 1.25, ["x/a.html"]),
                                  Outcome("bb", "failed", 0.5, [], reason="Boom: no")])
    assert table.splitlines()[0].split() == ["variant", "status", "seconds", "outputs"]
    assert re.search(r"^a\s+ok\s+1\.2\s+x/a\.html$", table, re.M)
    assert table.splitlines()[-1] == "bb failed: Boom: no"


def test_shipped_variants_use_only_notebook_parameters():
    files = sorted(paths.PARAMS_DIR.glob("*.yaml"))
    assert {f.stem for f in files} >= {"full_history", "cold_war", "post_soviet", "since_2014",
                                       "military_security", "economic"}
    assert len(report.load_variants(files, paths.NOTEBOOK_PATH)) == len(files)


@pytest.mark.slow
def test_real_report_renders_one_variant(tmp_path):
    events = tmp_path / "events.csv"
    shutil.copy(REAL_EVENTS, events)
    status = cli.main(["render", str(paths.PARAMS_DIR / "since_2014.yaml"), "--out",
                       str(tmp_path / "out"), "-p", "events_path", str(events)])
    assert status == 0
    reader = PdfReader(tmp_path / "out" / "since_2014" / "since_2014.pdf")
    assert reader.metadata.title and len(list(_flatten(reader.outline))) >= 2
    page = (tmp_path / "out" / "since_2014" / "since_2014.html").read_text()
    assert "data:image/png" not in page and "<img" not in page  # charts are inline SVG
    alts = re.findall(r'<svg[^>]*role="img"[^>]*>\s*<title[^>]*>([^<]*)</title>', page)
    assert "Cooperation (up) and tension (down)" in alts  # charts carry their title as alt text
    assert "<text " in page  # text stays text (svg.fonttype none)


@pytest.mark.slow
def test_stock_papermill_runs_a_shipped_variant(tmp_path):
    papermill = Path(sys.executable).parent / "papermill"
    result = subprocess.run([str(papermill), str(paths.NOTEBOOK_PATH), str(tmp_path / "out.ipynb"),
                             "-f", str(paths.PARAMS_DIR / "since_2014.yaml"), "-p", "events_path",
                             str(REAL_EVENTS)], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Passed unknown parameter" not in result.stderr


REAL_EVENTS = FIXTURES / "real_events.csv"


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_bad_parameter_value_stops_the_real_report_before_any_kernel(tmp_path, capsys):
    status = cli.main(["render", str(paths.PARAMS_DIR / "since_2014.yaml"), "--out",
                       str(tmp_path), "--format", "html", "-p", "dyad", "PAK-XXX",
                       "-p", "events_path", str(REAL_EVENTS)])
    err = capsys.readouterr().err
    assert status == 2
    assert "since_2014.yaml: dyad 'PAK-XXX': 'XXX' is not an ISO 3166-1 alpha-3" in err
    assert "Traceback" not in err
    assert not (tmp_path / "since_2014").exists()


def test_failure_reason_of_a_bad_event_table_is_one_line_pointing_to_validate():
    from papermill.exceptions import PapermillExecutionError

    from bilateral.render.worker import failure_reason

    exc = PapermillExecutionError(3, 5, "load", "DataError",
                                  "/x/e.csv: 2 problems\n  /x/e.csv: line 3 ...\n  /x/e.csv: line 4 ...", [])
    assert failure_reason(exc) == ("bad event table /x/e.csv: 2 problems; "
                                   "`bilateral validate /x/e.csv` lists them")


@pytest.mark.slow
def test_the_kernel_started_before_papermill_runs_the_notebook_and_stops_with_it(tmp_path):
    """The worker starts its kernel first (it boots while papermill is imported) and connects
    a client once it replies; papermill runs the notebook in it through that client, and
    nbclient stops both afterwards as if it had started them."""
    import psutil

    from bilateral.render import kernel, worker
    from bilateral.render.jobs import Job

    job = Job("alpha", str(NOTEBOOK), {"title": "Alpha report", "events_path": str(EVENTS)},
              str(tmp_path / "out"), ("html",), str(Path.cwd()), None, str(tmp_path), 0)
    manager = kernel.start_kernel(job)
    pid = manager.provisioner.pid
    assert psutil.pid_exists(pid)
    # its history is kept in memory (as nbclient's own kernels'), not in ~/.ipython
    assert "--HistoryManager.hist_file=:memory:" in psutil.Process(pid).cmdline()
    client = kernel.connect(manager)
    assert client.channels_running
    notebook = worker.execute(job, tmp_path / "alpha.ipynb", manager, client)
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert any("Alpha report" in str(o.get("data", {})) for o in outputs)  # it ran, parameters too
    assert not client.channels_running  # nbclient used this client, and closed it
    assert not manager.has_kernel
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE

    again = kernel.start_kernel(job)  # a kernel papermill never ran is stopped by the worker
    pid = again.provisioner.pid
    client = kernel.connect(again)
    kernel.stop_kernel(again, client)
    assert not again.has_kernel and not client.channels_running
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    unreadable = Job("x", str(tmp_path / "none.ipynb"), {}, "", ("html",), ".", None,
                     str(tmp_path), 0)
    assert kernel.start_kernel(unreadable) is None  # papermill starts one and says why
    assert kernel.connect(None) is None


@pytest.mark.slow
def test_a_render_kernel_freezes_what_each_cell_leaves_alive(tmp_path):
    """After each cell the render kernel collects garbage and freezes the objects still alive
    (kernel.FREEZE), so that later full collections skip them; a cell's own garbage is still
    collected."""
    import nbformat

    from bilateral.render import kernel, worker
    from bilateral.render.jobs import Job

    cells = ["import gc, weakref\nclass Node: pass\nkept = Node()\nkept.me = kept",
             "gone = Node(); gone.me = gone; probe = weakref.ref(gone); del gone",
             "print(gc.get_freeze_count() > 0, probe() is None)"]
    path = tmp_path / "freeze.ipynb"
    spec = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells],
                                            metadata=spec), path)
    job = Job("freeze", str(path), {}, str(tmp_path / "out"), ("html",), str(tmp_path), None,
              str(tmp_path), 0)
    manager = kernel.start_kernel(job)
    notebook = worker.execute(job, tmp_path / "ran.ipynb", manager, kernel.connect(manager))
    assert notebook.cells[-1].outputs[0]["text"].split() == ["True", "True"]


@pytest.mark.slow
def test_a_kernel_that_dies_before_replying_fails_the_connection(tmp_path):
    """``connect`` says so when the kernel process is gone, instead of waiting for a reply."""
    from bilateral.render import kernel
    from bilateral.render.jobs import Job

    job = Job("alpha", str(NOTEBOOK), {}, str(tmp_path / "out"), ("html",), str(Path.cwd()),
              None, str(tmp_path), 0)
    manager = kernel.start_kernel(job)
    os.kill(manager.provisioner.pid, signal.SIGKILL)
    with pytest.raises(RuntimeError, match="died before it replied"):
        kernel.connect(manager, timeout=30)
    kernel.stop_kernel(manager)
    assert not manager.has_kernel
