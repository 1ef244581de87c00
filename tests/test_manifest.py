"""bilateral.render.manifest: what a report was made from, and whether it is still current."""

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from bilateral.data import paths
from bilateral.data.schema import bundled_tables
from bilateral.render import manifest
from bilateral.render.jobs import Outcome

KEY = {"parameters": {"start": "1990"}, "formats": ["html"], "notebook_sha256": "n1",
       "data_sha256": {"data/events.csv": "d1"}, "code_sha256": "c1",
       "packages": {"pandas": "3.1.1"}}


@pytest.fixture
def out(tmp_path) -> Path:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "v.html").write_text("page", encoding="utf-8")
    OUT_HTML[:] = [tmp_path / "v" / "v.html"]
    return tmp_path


def record(**changes) -> dict:
    from bilateral.data.files import sha256_file

    hashes = {"v/v.html": sha256_file(OUT_HTML[0])} if OUT_HTML else {}
    return {**KEY, "status": "ok", "outputs": ["v/v.html"], "sha256": hashes, **changes}


OUT_HTML: list = []  # the fixture's page, whose hash a current record holds


def test_a_report_with_the_same_key_and_its_outputs_is_current(out):
    assert manifest.is_current(record(), KEY, out)


@pytest.mark.parametrize("name", sorted(KEY))
def test_any_change_of_the_key_makes_a_report_stale(out, name):
    changed = {**KEY, name: {"changed": True}}
    assert not manifest.is_current(record(), changed, out)


def test_a_change_of_the_data_alone_makes_a_report_stale(out):
    new_data = {**KEY, "data_sha256": {"data/events.csv": "d2"}}
    assert not manifest.is_current(record(), new_data, out)
    more_data = {**KEY, "data_sha256": {"data/events.csv": "d1", "x_volume.csv": "v1"}}
    assert not manifest.is_current(record(), more_data, out)


def test_a_failed_unknown_or_incomplete_report_is_stale(out):
    assert not manifest.is_current(record(status="failed"), KEY, out)
    assert not manifest.is_current(None, KEY, out)
    assert not manifest.is_current(record(outputs=["v/v.html", "v/v.pdf"]), KEY, out)


def test_file_hashes_follow_the_bytes(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"abc")
    assert manifest.sha256_file(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_update_keeps_other_reports_and_the_last_good_render(out):
    manifest.update_manifest(out, [(Outcome("v", "ok", 1.0, [str(out / "v" / "v.html")],
                                            title="V"), KEY),
                                   (Outcome("a", "ok", 2.0, []), KEY)])
    manifest.update_manifest(out, [(Outcome("v", "failed", 0.5, [], reason="boom"), KEY)])
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(data["reports"]) == ["a", "v"]
    failed = data["reports"]["v"]
    assert failed["status"] == "failed" and failed["reason"] == "boom"
    assert failed["last_good"]["outputs"] == ["v/v.html"] and failed["last_good"]["title"] == "V"
    assert manifest.load_manifest(out) == data["reports"]


def test_an_unreadable_manifest_is_empty(tmp_path):
    assert manifest.load_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert manifest.load_manifest(tmp_path) == {}


def test_the_manifest_is_replaced_whole_or_not_at_all(out, monkeypatch):
    manifest.update_manifest(out, [(Outcome("v", "ok", 1.0, []), KEY)])
    before = (out / "manifest.json").read_bytes()
    _killed_before_the_rename(monkeypatch)
    with pytest.raises(OSError):
        manifest.update_manifest(out, [(Outcome("w", "ok", 1.0, []), KEY)])
    assert (out / "manifest.json").read_bytes() == before


def _killed_before_the_rename(monkeypatch):
    """Make the move into place fail, as if the process died after writing the new file."""
    def fail(*args, **kwargs):
        raise OSError("killed before the rename")
    monkeypatch.setattr(os, "replace", fail)


def test_the_record_says_how_and_when_each_report_was_made(out):
    thumb = out / "v" / "v_thumb.png"
    thumb.write_bytes(b"png")
    manifest.update_manifest(out, [(Outcome("v", "ok", 1.23456, [str(out / "v" / "v.html")],
                                            title="Ünïcode — V", thumbnail=str(thumb)),
                                    {**KEY, "parameters": {"events_path": Path("/x/e.csv")}})])
    text = (out / "manifest.json").read_bytes().decode("utf-8")
    assert text.startswith('{\n  "generator": "bilateral",\n  "version": 2,\n  "reports": {\n    "v": {\n') and text.endswith(
        "}\n")
    record = json.loads(text)["reports"]["v"]
    assert record["parameters"] == {"events_path": "/x/e.csv"}
    assert (record["status"], record["seconds"], record["reason"]) == ("ok", 1.23, "")
    assert record["title"] == "Ünïcode — V"
    assert (record["outputs"], record["thumbnail"]) == (["v/v.html"], "v/v_thumb.png")
    rendered_at = dt.datetime.fromisoformat(record["rendered_at"])
    assert rendered_at.utcoffset() == dt.timedelta(0) and rendered_at.microsecond == 0
    assert abs(dt.datetime.now(dt.UTC) - rendered_at) < dt.timedelta(minutes=5)


def test_a_second_failure_keeps_the_last_good_render(out):
    good = Outcome("v", "ok", 1.0, [str(out / "v" / "v.html")], title="V",
                   thumbnail=str(out / "v" / "v.html"))
    manifest.update_manifest(out, [(good, KEY)])
    first = manifest.load_manifest(out)["v"]
    for reason in ("first", "second"):
        manifest.update_manifest(out, [(Outcome("v", "failed", 0.1, [], reason=reason), KEY)])
    record = manifest.load_manifest(out)["v"]
    assert record["reason"] == "second" and record["thumbnail"] is None
    assert record["last_good"] == {k: first[k] for k in ("rendered_at", "title", "outputs",
                                                         "thumbnail", "parameters", "sha256")}
    never = manifest.update_manifest(out, [(Outcome("w", "failed", 0.1, [], reason="r"), KEY)])
    assert never is None and "last_good" not in manifest.load_manifest(out)["w"]


def test_nothing_rendered_writes_nothing(tmp_path):
    manifest.update_manifest(tmp_path, [])
    assert not (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("content", ['[1, 2]', '{"reports": [1]}', '{"version": 1}'])
def test_a_manifest_of_the_wrong_shape_is_empty(tmp_path, content):
    (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    assert manifest.load_manifest(tmp_path) == {}


def test_large_files_hash_block_by_block(tmp_path):
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 9000  # more than one 1 MiB block
    path.write_bytes(data)
    assert manifest.sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_the_render_key_names_every_input(tmp_path):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    overlay = tmp_path / "coded.csv"
    overlay.write_text("o", encoding="utf-8")
    (tmp_path / "coded_volume.csv").write_text("v", encoding="utf-8")
    hasher = manifest.InputHasher(notebook)
    key = hasher.render_key({"overlay_path": str(overlay), "title": "T", "other_path": None,
                             "when": dt.date(2020, 1, 2)}, ("html",))
    assert list(key) == sorted(KEY)  # sorted, like the manifest's records
    assert key["parameters"] == {"overlay_path": str(overlay), "title": "T",
                                 "other_path": None, "when": "2020-01-02"}
    assert key["formats"] == ["html"] and key["notebook_sha256"] == manifest.sha256_file(notebook)
    data = key["data_sha256"]
    for path in [paths.SCHEMA_PATH, *bundled_tables(), *paths.REFERENCE_DIR.iterdir()]:
        assert data[manifest._label(path)] == manifest.sha256_file(path)
    assert data[str(overlay)] == manifest.sha256_file(overlay)
    assert data[str(tmp_path / "coded_volume.csv")] == manifest.sha256_file(
        tmp_path / "coded_volume.csv")
    assert key["packages"]["pandas"] == pd.__version__
    assert len(key["code_sha256"]) == 64 and key["code_sha256"] != manifest._combined({})


def test_relative_data_paths_are_read_from_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not found here: taken from the checkout
    hasher = manifest.InputHasher(paths.NOTEBOOK_PATH)
    files = hasher.data_files({"events_path": "tests/fixtures/machine_coded.csv",
                               "overlay_path": " "})
    assert files == [paths.ROOT / "tests/fixtures/machine_coded.csv",
                     paths.ROOT / "tests/fixtures/machine_coded_volume.csv"]
    assert hasher.data_files({"events_path": None}) == list(bundled_tables())


def test_the_code_hash_covers_the_render_code_and_templates():
    hasher = manifest.InputHasher(paths.NOTEBOOK_PATH)
    package = Path(manifest.__file__).resolve().parent
    code = sorted(p for p in package.rglob("*") if p.suffix in {".py", ".j2", ".json", ".css"}
                  and "__pycache__" not in p.parts)
    assert any(p.suffix == ".css" for p in code) and any(p.suffix == ".j2" for p in code)
    assert hasher.code_sha256 == manifest._combined(
        {str(p.relative_to(package)): manifest.sha256_file(p) for p in code})
    assert hasher.file_hash(package / "no such file") is None
