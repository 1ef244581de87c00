"""The render manifest (``reports/manifest.json``): what each report was made from, and whether
it is still current.

A report is current when its last render succeeded, its outputs still have the sha256 recorded
when they were moved into place, and its render key is unchanged: parameters, formats, and the
sha256 of the notebook, the data it reads, the ``bilateral`` code and the versions of the
packages that shape the output. The manifest is written last, after the outputs. Everything here is
hashing and JSON, so the skip check runs before papermill, nbconvert or WeasyPrint are imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path

from bilateral.data import files, paths
from bilateral.data.files import sha256_file
from bilateral.data.schema import bundled_tables

MANIFEST_NAME = "manifest.json"
GENERATOR = "bilateral"  # the manifest's "generator": marks the file as ours
PACKAGES = ("bilateral", "papermill", "nbconvert", "nbclient", "ipykernel", "weasyprint",
            "matplotlib", "pandas", "numpy")
_CODE_SUFFIXES = {".py", ".mplstyle", ".j2", ".json", ".css"}


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str | None]:
    """Return the installed version of each package (None when it is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


class InputHasher:
    """Compute render keys, hashing each input file once per batch."""

    def __init__(self, notebook: str | Path):
        self._hashes: dict[Path, str | None] = {}
        self.notebook_sha256 = self.file_hash(Path(notebook))
        package_dir = Path(__file__).resolve().parent
        code = sorted(p for p in package_dir.rglob("*")
                      if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts)
        self.code_sha256 = _combined({str(p.relative_to(package_dir)): self.file_hash(p)
                                      for p in code})
        shared = [paths.SCHEMA_PATH, *sorted((paths.DATA_DIR / "schema").glob("*.json")),
                  *sorted(paths.REFERENCE_DIR.glob("*"))]
        self.shared_data = {_label(p): self.file_hash(p) for p in shared if p.is_file()}
        self.packages = package_versions()

    def file_hash(self, path: Path) -> str | None:
        """Return the sha256 of a file, or None when it does not exist (cached)."""
        path = path.resolve()
        if path not in self._hashes:
            self._hashes[path] = sha256_file(path) if path.is_file() else None
        return self._hashes[path]

    def data_files(self, parameters: Mapping) -> list[Path]:
        """Return the data files a variant reads: its ``*_path`` parameters (a blank
        ``events_path`` is the bundled tables) and files named after them (``x_volume.csv``)."""
        values = {"events_path": "", **parameters}
        found = []
        for name, value in values.items():
            if not name.endswith("_path"):
                continue
            text = "" if value is None else str(value).strip()
            if not text:
                if name == "events_path":
                    found += list(bundled_tables())
                continue
            path = Path(text).expanduser()
            path = path if path.is_file() or path.is_absolute() else paths.ROOT / path
            found.append(path)
            found += companions(path)
        return found

    def render_key(self, parameters: Mapping, formats: Sequence[str]) -> dict:
        """Return the JSON-ready record of everything a variant's output depends on."""
        data = dict(self.shared_data)
        data.update({_label(p): self.file_hash(p) for p in self.data_files(parameters)})
        key = {"parameters": dict(parameters), "formats": list(formats),
               "notebook_sha256": self.notebook_sha256, "data_sha256": data,
               "code_sha256": self.code_sha256, "packages": self.packages}
        return json.loads(json.dumps(key, default=str, sort_keys=True))


def companions(path: Path) -> list[Path]:
    """Return the files named after a data file (``x.csv`` -> ``x_volume.csv``), matching the
    name as text: brackets, stars and question marks in it are not patterns."""
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    prefix = f"{path.stem}_"
    return sorted(p for p in entries if p.name.startswith(prefix) and p.is_file())


def load_manifest(out_dir: str | Path) -> dict[str, dict]:
    """Return ``{report id: record}`` from ``out_dir/manifest.json`` ({} when missing, unreadable,
    or not ours)."""
    data = _read(Path(out_dir) / MANIFEST_NAME)
    reports = data.get("reports") if isinstance(data, dict) and is_ours(data) else None
    return reports if isinstance(reports, dict) else {}


def seconds_taken(records: Mapping[str, object]) -> dict[str, float]:
    """Return how long each report of a manifest took to render last time."""
    return {name: float(record["seconds"]) for name, record in records.items()
            if isinstance(record, dict) and isinstance(record.get("seconds"), int | float)}


def is_ours(data: object) -> bool:
    """Tell whether parsed manifest JSON was written by bilateral (its "generator" key, or the
    exact two keys of the first manifests)."""
    if not isinstance(data, dict):
        return False
    return data.get("generator") == GENERATOR or (
        set(data) == {"version", "reports"} and data["version"] == 1)


def foreign_manifest(out_dir: str | Path) -> str | None:
    """Say why ``out_dir/manifest.json`` must not be replaced (it exists and is not ours)."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file() or not is_ours(_read(path)):
        return (f"{path} was not written by bilateral; move it away or choose another --out")
    return None


def is_current(record: Mapping | None, key: Mapping, out_dir: str | Path) -> bool:
    """Tell whether a report rendered with ``key`` is already in ``out_dir`` and still good:
    every output has the hash recorded when it was written."""
    if not record or record.get("status") != "ok":
        return False
    if any(record.get(name) != value for name, value in key.items()):
        return False
    hashes = record.get("sha256") or {}
    wanted = [*record.get("outputs", []), *([record["thumbnail"]] if record.get("thumbnail")
                                            else [])]
    for rel in wanted:
        path = Path(out_dir) / rel
        if rel not in hashes or not path.is_file() or sha256_file(path) != hashes[rel]:
            return False
    return True


def update_manifest(out_dir: str | Path, rendered: Sequence[tuple]) -> None:
    """Record ``(outcome, key)`` pairs of rendered variants; other reports' records are kept.

    A failed render keeps the previous good render's description under ``last_good``, since
    its HTML and PDF are still in place.
    """
    if not rendered:
        return
    out_dir = Path(out_dir)
    reports = load_manifest(out_dir)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for outcome, key in rendered:
        previous = reports.get(outcome.id, {})
        record = {**key, "status": outcome.status, "seconds": round(outcome.seconds, 2),
                  "rendered_at": now, "reason": outcome.reason, "title": outcome.title,
                  "outputs": [_relative(p, out_dir) for p in outcome.outputs],
                  "thumbnail": outcome.thumbnail and _relative(outcome.thumbnail, out_dir),
                  "sha256": {_relative(p, out_dir): h for p, h in outcome.sha256.items()}}
        if outcome.status != "ok":
            good = previous if previous.get("status") == "ok" else previous.get("last_good")
            if good:
                record["last_good"] = {k: good[k] for k in ("rendered_at", "title", "outputs",
                                                           "thumbnail", "parameters", "sha256")
                                       if k in good}
        reports[outcome.id] = record
    payload = {"generator": GENERATOR, "version": 2, "reports": dict(sorted(reports.items()))}
    files.write_atomic(out_dir / MANIFEST_NAME, json.dumps(payload, indent=2, default=str) + "\n")


def _read(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _combined(hashes: Mapping[str, str | None]) -> str:
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


def _label(path: Path) -> str:
    """Name a data file relative to the repository when it lies inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _relative(path: str | Path, out_dir: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(out_dir.resolve()))
    except ValueError:
        return str(path)
