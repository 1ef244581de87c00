"""Shared fixtures: tiny hand-written event tables in tests/fixtures/."""

import sys
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed, and that module compiles a grammar at
# import time (about 2 s in every test process that imports nbformat). No test checks IRI
# formats, so the optional import is made to fail, as the render worker does
# (bilateral/render/export.py).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")  # tests draw figures without a display

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    """Return the folder of the fixture tables."""
    return FIXTURES


@pytest.fixture
def pak_rus_events():
    """Return the 8-event Pakistan–USSR/Russia fixture, loaded and typed."""
    from bilateral.data.events import load_events

    return load_events(FIXTURES / "pak_rus.csv")


@pytest.fixture(scope="session")
def interactive_report(tmp_path_factory) -> Path:
    """Render tests/fixtures/render/interactive.ipynb (brief, SVG charts, chronology, references,
    downloads) on the real-events fixture to HTML and PDF once; return the report's folder."""
    from bilateral import cli

    out = tmp_path_factory.mktemp("interactive")
    render = FIXTURES / "render"
    status = cli.main(["render", str(render / "params" / "interactive.yaml"),
                       "--notebook", str(render / "interactive.ipynb"), "--out", str(out),
                       "-p", "events_path", str(render / "real_events.csv")])
    assert status == 0
    return out / "interactive"


_HEAVY = ("ipykernel", "chromium")  # a kernel or a browser: tests that start one are slow


@pytest.fixture(autouse=True)
def _fast_tests_start_no_kernel_or_browser(request, monkeypatch):
    """Fail a test not marked ``slow`` that starts a Jupyter kernel, a browser or the render
    workers (which run kernels), so that ``make test-fast`` stays what it says."""
    if request.node.get_closest_marker("slow"):
        return
    import multiprocessing
    import subprocess

    popen_init = subprocess.Popen.__init__
    get_context = multiprocessing.get_context

    def guarded_popen(self, args, *rest, **kwargs):
        words = [str(a) for a in ([args] if isinstance(args, (str, bytes)) else args)]
        if any(h in w for w in words for h in _HEAVY):
            pytest.fail(f"a test not marked slow starts {' '.join(words)[:80]!r}; "
                        "mark it @pytest.mark.slow")
        popen_init(self, args, *rest, **kwargs)

    def guarded_context(method=None):
        if method == "forkserver":
            pytest.fail("a test not marked slow starts render workers; mark it @pytest.mark.slow")
        return get_context(method)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded_popen)
    monkeypatch.setattr(multiprocessing, "get_context", guarded_context)
