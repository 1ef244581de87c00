"""The wheel carries the schema, reference tables and templates, and `bilateral validate` works
from an installed wheel, away from the checkout."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from bilateral.data import paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = out / "source"  # a copy: building writes build/ and *.egg-info next to the code
    for folder in ("bilateral", "data"):  # bilateral/data/bundled stays a link to data/
        shutil.copytree(ROOT / folder, source / folder, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    # The PEP 517 build_wheel hook of the backend pyproject.toml names, called in the source
    # folder as `pip wheel --no-build-isolation` calls it, without pip's own start-up and
    # checks (about 2 s); the wheel is installed with pip below.
    backend = tomllib.loads((source / "pyproject.toml").read_text())["build-system"][
        "build-backend"]
    subprocess.run([sys.executable, "-c", "import importlib, sys; "
                    "importlib.import_module(sys.argv[1]).build_wheel(sys.argv[2])",
                    backend, str(out)], cwd=source, check=True, capture_output=True)
    (built,) = out.glob("bilateral-*.whl")
    return built


def test_the_wheel_carries_schema_reference_tables_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {f"bilateral/data/bundled/{p.relative_to(paths.DATA_DIR)}"
            for p in [paths.SCHEMA_PATH, *paths.EVENTS_DIR.iterdir(),
                      *(paths.DATA_DIR / "schema").iterdir(), *paths.REFERENCE_DIR.iterdir()]}
    assert data <= names
    assert "bilateral/plots/bilateral.mplstyle" in names
    assert "bilateral/render/templates/bilateral/static/report.css" in names
    prose = {f"bilateral/{p.relative_to(ROOT / 'bilateral').as_posix()}"
             for p in (ROOT / "bilateral" / "report" / "templates").rglob("*.j2")}
    assert "bilateral/report/templates/captions/balance.md.j2" in prose <= names
    assert not [n for n in names if n.startswith(("tests/", "notebooks/", "data/"))]


def test_validate_runs_from_the_installed_wheel(wheel, tmp_path, fixtures_dir):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    table = tmp_path / "events.csv"
    table.write_bytes((fixtures_dir / "pak_rus.csv").read_bytes())
    # the installed copy, not the checkout: PYTHONPATH comes before the editable install
    run = subprocess.run([sys.executable, "-c", "import sys, bilateral.cli, bilateral.data.paths"
                          " as p; print(p.DATA_DIR); sys.exit(bilateral.cli.main())",
                          "validate", str(table)], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": ""})
    data_dir, summary = run.stdout.splitlines()
    assert run.returncode == 0, run.stderr
    assert Path(data_dir) == site / "bilateral" / "data" / "bundled"
    assert summary == (f"{table}: valid, 8 events, 1949-01-01 to 2016-09-24, 8 with a source")
