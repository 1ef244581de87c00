"""bilateral.render.gallery: the index page lists every report, in order, with relative links."""

import os
import re
from pathlib import Path

import pytest

from bilateral.render.gallery import write_index


@pytest.fixture
def out(tmp_path) -> Path:
    for report_id in ("alpha", "beta", "gamma"):
        (tmp_path / report_id).mkdir()
        (tmp_path / report_id / f"{report_id}.html").write_text("x", encoding="utf-8")
    (tmp_path / "alpha" / "alpha_thumb.png").write_bytes(b"png")
    return tmp_path


def ok(report_id: str, title: str) -> dict:
    return {"status": "ok", "title": title, "rendered_at": "2026-01-02T03:04:05+00:00",
            "outputs": [f"{report_id}/{report_id}.html", f"{report_id}/{report_id}.pdf"],
            "thumbnail": f"{report_id}/{report_id}_thumb.png"}


def test_reports_are_listed_by_id_whatever_the_order_of_the_records(out):
    records = {"gamma": ok("gamma", "G"), "alpha": ok("alpha", "A"), "beta": ok("beta", "B")}
    page = write_index(out, records).read_text(encoding="utf-8")
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["A", "B", "G"]


def test_links_are_relative_and_only_to_files_that_exist(out):
    page = write_index(out, {"alpha": ok("alpha", "A <&>")}).read_text(encoding="utf-8")
    assert '<a href="alpha/alpha.html"><img src="alpha/alpha_thumb.png"' in page
    assert 'href="alpha/alpha.pdf"' not in page  # not rendered
    assert "<h2>A &lt;&amp;&gt;</h2>" in page
    assert "alpha · 2026-01-02 · " in page


def test_a_failed_report_shows_the_reason_and_its_previous_good_render(out):
    failed = {"status": "failed", "reason": "bad <value>", "last_good": ok("beta", "Old B")}
    page = write_index(out, {"beta": failed}).read_text(encoding="utf-8")
    assert "<h2>Old B</h2>" in page and 'href="beta/beta.html"' in page
    assert ("Last render failed: bad &lt;value&gt; (showing the previous good render)"
            in page)
    never = write_index(out, {"delta": {"status": "failed", "reason": "r"}}).read_text(
        encoding="utf-8")
    assert "no output yet" in never and "(showing" not in never


def test_the_index_is_replaced_whole_or_not_at_all(out, monkeypatch):
    target = write_index(out, {"alpha": ok("alpha", "A")})
    before = target.read_bytes()

    def killed_before_the_rename(*args, **kwargs):
        raise OSError("killed before the rename")

    monkeypatch.setattr(os, "replace", killed_before_the_rename)
    with pytest.raises(OSError):
        write_index(out, {"beta": ok("beta", "B")})
    assert target.read_bytes() == before


def test_an_item_word_for_word(out):
    (out / "beta" / "beta.pdf").write_text("x", encoding="utf-8")
    page = write_index(out, {"beta": ok("beta", "B & co")}).read_text(
        encoding="utf-8")
    assert ('<li><a href="beta/beta.html"><span class="missing"></span></a>\n<h2>B &amp; co</h2>\n'
            '<p>beta · 2026-01-02 · <a href="beta/beta.html">HTML</a> · '
            '<a href="beta/beta.pdf">PDF</a></p>\n</li>\n') in page
    assert page.count("<li>") == 1


def test_a_report_that_never_rendered_says_so(out):
    page = write_index(out / "a" / "b", {"x y": {"status": "failed", "reason": "no kernel",
                                                 "title": "Own title"}}).read_text(
        encoding="utf-8")
    assert ('<li><span class="missing"></span>\n<h2>Own title</h2>\n<p>x y · no output yet</p>\n'
            '<p class="failed">Last render failed: no kernel</p>\n</li>\n') in page
    nameless = write_index(out, {"z": {"status": "failed"}}).read_text(encoding="utf-8")
    assert "<h2>z</h2>" in nameless and "Last render failed: </p>" in nameless
