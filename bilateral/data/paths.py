"""Locations of the project's bundled data.

``bilateral/data/bundled`` is the repository's ``data/`` folder (a symlink) in a checkout and a
copy of its schema, reference tables and curated events (package data) in an installed wheel,
so ``bilateral validate`` works wherever the package is installed. Notebooks and reports exist
only in a checkout.
"""

from pathlib import Path

DATA_DIR = (Path(__file__).parent / "bundled").resolve()
REFERENCE_DIR = DATA_DIR / "reference"
SCHEMA_PATH = DATA_DIR / "datapackage.json"
EVENTS_DIR = DATA_DIR / "events"  # the bundled tables, listed in datapackage.json
ROOT = Path(__file__).resolve().parents[2]  # the checkout (in a wheel: where it would be)
NOTEBOOK_PATH = ROOT / "notebooks" / "bilateral_report.ipynb"
PARAMS_DIR = ROOT / "notebooks" / "params"
REPORTS_DIR = ROOT / "reports"
