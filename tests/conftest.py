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
