"""bilateral.render.export without a kernel: long words in the page's text get break
opportunities, and a failed export never replaces the previous good outputs."""

import os
from pathlib import Path

import pytest

from bilateral.render import export
from bilateral.render.export import breakable
from bilateral.render.jobs import Job

nbformat = export.nbformat  # imported after export, which skips a slow optional import

URL = "https://www.example.com/some/long/path/to/a/page_name.html?x=1&amp;y=2"


def test_long_urls_break_after_separators_every_16_or_more_characters():
    assert breakable(f"<td>{URL}</td>") == (
        "<td>https://www.example.<wbr>com/some/long/path/<wbr>to/a/page_name.html?<wbr>"
        "x=1&amp;y=2</td>")


def test_breaks_only_add_wbr_and_keep_every_piece_long():
    page = f"<p>See {URL} and 1971-12-03_arms-to-india_in-the-war_of-1971 here</p>"
    broken = breakable(page)
    assert broken.replace("<wbr>", "") == page
    for word in broken.split():
        pieces = word.removeprefix("<p>").removesuffix("</p>").split("<wbr>")
        assert all(len(p) >= 16 for p in pieces[:-1]), pieces
    assert broken.count("<wbr>") == 5


def test_markup_short_words_and_words_without_separators_are_left_alone():
    page = (f'<a href="{URL}">short words only</a><style>.{"x" * 40}-{"y" * 20} {{}}</style>'
            f'<script>var {"z" * 40}_{"q" * 20};</script><p>{"a" * 50}</p>'
            "<p>twenty-seven-characters-ok</p>")
    assert breakable(page) == page


def test_entities_are_never_split():
    text = "&amp;".join(["abcdefghij"] * 6)
    broken = breakable(f"<td>{text}</td>")
    assert "<wbr>" in broken
    assert all("&amp;" in p or "&" not in p for p in broken.split("<wbr>"))
    assert broken.replace("<wbr>", "") == f"<td>{text}</td>"


@pytest.fixture
def job(tmp_path) -> Job:
    return Job(id="v", notebook=str(tmp_path / "nb.ipynb"), parameters={"title": "V"},
               out_dir=str(tmp_path / "out" / "v"), formats=("html", "pdf"), cwd=str(tmp_path),
               timeout=60)


def _executed(job: Job, path: Path) -> "nbformat.NotebookNode":
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title V")])
    nbformat.write(notebook, path)
    return notebook


def test_a_failed_export_keeps_the_previous_good_outputs(job, monkeypatch):
    out = Path(job.out_dir)
    out.mkdir(parents=True)
    for ext in ("html", "pdf"):
        (out / f"v.{ext}").write_text(f"previous good {ext}", encoding="utf-8")

    def failing_pdf(page, target, *, base_url):
        Path(target).write_bytes(b"%PDF- half written")
        raise OSError("disk full")

    monkeypatch.setattr(export, "execute", _executed)
    monkeypatch.setattr(export, "to_pdf", failing_pdf)
    outcome = export.render_job(job)
    assert outcome.status == "failed" and "disk full" in outcome.reason
    assert (out / "v.html").read_text(encoding="utf-8") == "previous good html"
    assert (out / "v.pdf").read_text(encoding="utf-8") == "previous good pdf"
    assert (out / "v.ipynb").is_file()  # the executed notebook is kept as the record
    assert sorted(p.name for p in out.iterdir()) == ["v.html", "v.ipynb", "v.pdf"]


def test_a_good_export_replaces_every_output(job, monkeypatch):
    out = Path(job.out_dir)
    out.mkdir(parents=True)
    (out / "v.pdf").write_text("previous good pdf", encoding="utf-8")
    monkeypatch.setattr(export, "execute", _executed)
    monkeypatch.setattr(export, "to_pdf", lambda page, target, *, base_url:
                        Path(target).write_bytes(b"%PDF- new"))
    outcome = export.render_job(job)
    assert outcome.status == "ok" and outcome.title == "Title V"
    assert (out / "v.pdf").read_bytes() == b"%PDF- new"
    assert "<title>Title V</title>" in (out / "v.html").read_text(encoding="utf-8")
    assert not [p for p in os.listdir(out) if ".part" in p]
