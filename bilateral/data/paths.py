"""Locations of the project's bundled data (the package is installed editable from the repo)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SCHEMA_PATH = DATA_DIR / "datapackage.json"
EVENTS_DIR = DATA_DIR / "events"  # the bundled tables, listed in datapackage.json
NOTEBOOK_PATH = ROOT / "notebooks" / "bilateral_report.ipynb"
PARAMS_DIR = ROOT / "notebooks" / "params"
REPORTS_DIR = ROOT / "reports"
