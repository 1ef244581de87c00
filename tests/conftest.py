"""Shared fixtures: tiny hand-written event tables in tests/fixtures/."""

from pathlib import Path

import matplotlib
import pytest

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
