"""bilateral.render.manifest: what a report was made from, and whether it is still current."""

import json
import os
from pathlib import Path

import pytest

from bilateral.render import manifest
from bilateral.render.jobs import Outcome

KEY = {"parameters": {"start": "1990"}, "formats": ["html"], "notebook_sha256": "n1",
       "data_sha256": {"data/events.csv": "d1"}, "code_sha256": "c1",
       "packages": {"pandas": "3.1.1"}}


@pytest.fixture
def out(tmp_path) -> Path:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "v.html").write_text("page", encoding="utf-8")
    return tmp_path


def record(**changes) -> dict:
    return {**KEY, "status": "ok", "outputs": ["v/v.html"], **changes}


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
