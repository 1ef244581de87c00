"""Issue 12 without a kernel: hostile inputs to the loader and the parameters reader, file names
as data, ingest never overwriting its input or leaving a part, full disks in the shared writer,
titles as text, capped listings, and the files bilateral will not replace."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from bilateral import cli
from bilateral.data import files, tabletext
from bilateral.data.events import DataError, load_events
from bilateral.data.schema import event_fields
from bilateral.data.yamlfile import YamlError, load_yaml
from bilateral.ingest.command import expand_paths, ingest_files
from bilateral.render import gallery, manifest, staging
from bilateral.render import variants as render_variants

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "pak_rus.csv"
GDELT = FIXTURES / "ingest" / "synthetic_gdelt1_daily_58.export.CSV.gz"
NOTEBOOK = FIXTURES / "render" / "report.ipynb"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_events(path)
    return [str(p) for p in caught.value.problems]


# --- 6. line endings, delimiters, long fields ------------------------------------------------

def test_cr_only_line_endings_are_read_like_lf(tmp_path):
    cr = tmp_path / "mac.csv"
    cr.write_bytes(GOOD.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    pd.testing.assert_frame_equal(load_events(cr), load_events(GOOD))


def test_semicolon_file_gets_one_message_naming_the_delimiter(tmp_path):
    semi = tmp_path / "excel.csv"
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.to_csv(semi, sep=";", index=False)
    found = problems_of(semi)
    assert len(found) == 1
    assert "separated by semicolons (;), not commas" in found[0]


def test_a_file_with_a_missing_column_is_not_called_semicolon_separated(tmp_path):
    short = tmp_path / "short.csv"
    pd.read_csv(GOOD, dtype=str, keep_default_na=False).drop(columns="note").to_csv(
        short, index=False)
    assert problems_of(short) == ["line 1, column 'note': column is missing from the header"]


@pytest.mark.parametrize("length", [200_000, 3_000_000])  # below and above pyarrow's block
def test_field_over_the_limit_is_rejected_with_the_limit_stated(tmp_path, length):
    big = tmp_path / "big.csv"
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.loc[0, "description"] = "x" * length
    frame.to_csv(big, index=False)
    found = problems_of(big)
    assert len(found) == 1 and f"{tabletext.MAX_FIELD_CHARS:,} characters" in found[0]


def test_field_just_under_the_limit_is_accepted(tmp_path):
    long = tmp_path / "long.csv"
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.loc[0, "description"] = "y" * tabletext.MAX_FIELD_CHARS
    frame.to_csv(long, index=False)
    assert len(load_events(long).loc[0, "description"]) == tabletext.MAX_FIELD_CHARS


# --- 7. dates the charts cannot draw --------------------------------------------------------

def test_date_range_is_declared_in_the_schema():
    date = next(f for f in event_fields() if f.name == "date")
    assert (date.minimum, date.maximum) == ("1800-01-01", "2199-12-31")


@pytest.mark.parametrize("day", ["0001-01-01", "1799-12-31", "2200-01-01", "9999-12-31"])
def test_years_outside_the_chartable_range_are_rejected(tmp_path, day, capsys):
    table = tmp_path / "far.csv"
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.loc[0, ["date", "date_precision"]] = [day, "day"]
    frame.to_csv(table, index=False)
    assert cli.main(["validate", str(table)]) == 1
    err = capsys.readouterr().err
    assert f"{day} is outside the supported range 1800-01-01 to 2199-12-31" in err


def test_range_ends_are_accepted(tmp_path):
    table = tmp_path / "ends.csv"
    frame = pd.read_csv(GOOD, dtype=str, keep_default_na=False)
    frame.loc[0, ["date", "date_precision"]] = ["1800-01-01", "day"]
    frame.loc[1, ["date", "date_precision"]] = ["2199-12-31", "day"]
    frame.to_csv(table, index=False)
    assert len(load_events(table)) == len(frame)


# --- 9. unbounded inputs --------------------------------------------------------------------

def test_validate_refuses_a_fifo_without_opening_it(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        status=cli.main(["validate", str(fifo)])), daemon=True)
    worker.start()
    worker.join(60)  # generous: opening the FIFO would block forever, not for a minute
    assert not worker.is_alive(), "validate blocked on the FIFO"
    assert result["status"] == 1
    assert "is a FIFO (named pipe), not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_validate_refuses_a_device(device, capsys):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    assert cli.main(["validate", device]) == 1
    assert "is a device, not a regular file" in capsys.readouterr().err


def test_validate_of_a_folder_says_so(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path)]) == 1
    assert "is a folder, not a regular file" in capsys.readouterr().err


# --- 8. hostile parameters ------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


def test_yaml_alias_bomb_is_refused(tmp_path):
    with pytest.raises(YamlError, match="expands to more than 100,000 values"):
        load_yaml(BOMB)
    params = tmp_path / "bomb.yaml"
    params.write_text(BOMB.replace("a:", "title:", 1), encoding="utf-8")
    with pytest.raises(render_variants.VariantError, match="expands to more than"):
        render_variants.load_variants([params], NOTEBOOK)


def test_recursive_yaml_alias_is_refused():
    with pytest.raises(YamlError, match="refers to itself"):
        load_yaml("a: &a [*a]\n")


def test_small_aliases_are_still_allowed():
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "soon"])
def test_timeout_must_be_positive(value, capsys, tmp_path):
    with pytest.raises(SystemExit) as caught:
        cli.main(["render", str(FIXTURES / "render" / "params" / "alpha.yaml"),
                  "--out", str(tmp_path / "out"), "--timeout", value])
    assert caught.value.code == 2
    assert "is not a positive number of seconds" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- 3. file names are data -----------------------------------------------------------------

@pytest.mark.parametrize("stem", ["..", ".hidden", "a\\b", "index.html", "manifest.json",
                                  "tab\there"])
def test_unsafe_report_ids_are_refused_before_rendering(tmp_path, stem, capsys):
    params = tmp_path / f"{stem}.yaml"
    params.write_text('title: "x"\n', encoding="utf-8")
    out = tmp_path / "out"
    status = cli.main(["render", str(params), "--notebook", str(NOTEBOOK), "--out", str(out)])
    assert status == 2
    assert "report id" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("stem", ["it's [a]*? ü", "x y", "Ω-report"])
def test_odd_but_safe_report_ids_are_accepted(tmp_path, stem):
    params = tmp_path / f"{stem}.yaml"
    params.write_text('title: "x"\n', encoding="utf-8")
    (variant,) = render_variants.load_variants([params], NOTEBOOK)
    assert variant.id == stem


def test_companion_files_of_a_glob_named_table_are_hashed(tmp_path):
    folder = tmp_path / "d [1]*?"
    folder.mkdir()
    events = folder / "ev[1] 'q' ü*.csv"
    events.write_text("event_id\n", encoding="utf-8")
    volume = folder / "ev[1] 'q' ü*_volume.csv"
    volume.write_text("month,events_total\n", encoding="utf-8")
    (folder / "ev1 'q' ü_volume.csv").write_text("no\n", encoding="utf-8")  # a glob would match
    hasher = manifest.InputHasher(NOTEBOOK)
    assert hasher.data_files({"overlay_path": str(events)}) == [*hasher.data_files({}), events,
                                                                volume]
    before = hasher.render_key({"overlay_path": str(events)}, ["html"])
    volume.write_text("month,events_total\n2020-01,5\n", encoding="utf-8")
    after = manifest.InputHasher(NOTEBOOK).render_key({"overlay_path": str(events)}, ["html"])
    assert before != after


def test_ingest_takes_an_existing_name_literally(tmp_path):
    odd = tmp_path / "gdelt [1].gz"
    shutil.copy(GDELT, odd)
    (tmp_path / "gdelt 1.gz").write_text("not this one")
    assert expand_paths([str(odd)]) == [str(odd)]


# --- 4 and 2. ingest never overwrites its input, never leaves a part ------------------------

@pytest.mark.parametrize("how", ["same", "hardlink", "symlink"])
def test_ingest_refuses_to_overwrite_an_input(tmp_path, how, capsys):
    source = tmp_path / "in.csv.gz"
    shutil.copy(GDELT, source)
    out = tmp_path / "out.csv" if how != "same" else source
    if how == "hardlink":
        os.link(source, out)
    elif how == "symlink":
        out.symlink_to(source)
    before = source.read_bytes()
    status = cli.main(["ingest", "gdelt", str(source), "--dyad", "PAK-RUS", "--out", str(out),
                       "--no-progress"])
    assert status == 2
    assert "would overwrite the input file" in capsys.readouterr().err
    assert source.read_bytes() == before


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left "
                                                                  "on device")])
def test_interrupted_or_full_ingest_keeps_the_previous_output(tmp_path, monkeypatch, failure):
    out = tmp_path / "dyad.csv"
    ingest_files("gdelt", [str(GDELT)], "PAK-RUS", out, progress=False)
    volume = tmp_path / "dyad_volume.csv"
    before = {p: p.read_bytes() for p in (out, volume)}
    import bilateral.ingest.output as output

    real_writer = output.csv.writer

    def failing_writer(stream, **kw):
        writer = real_writer(stream, **kw)

        class Failing:
            def writerow(self, row):
                writer.writerow(row)

            def writerows(self, rows):
                raise failure

        return Failing()

    monkeypatch.setattr(output.csv, "writer", failing_writer)
    with pytest.raises(type(failure)):
        ingest_files("gdelt", [str(GDELT)], "PAK-RUS", out, progress=False)
    assert {p: p.read_bytes() for p in (out, volume)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dyad.csv", "dyad_volume.csv"]


def test_full_disk_in_ingest_is_one_line(tmp_path, monkeypatch, capsys):
    import bilateral.ingest.output as output

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "o.csv"))

    monkeypatch.setattr(output, "write_tables", full)
    import bilateral.ingest.command as command

    monkeypatch.setattr(command, "write_tables", full)
    status = cli.main(["ingest", "gdelt", str(GDELT), "--dyad", "PAK-RUS", "--out",
                       str(tmp_path / "o.csv"), "--no-progress"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip().splitlines()[-1].startswith("bilateral ingest: error: No space left")
    assert "Traceback" not in err


# --- the one atomic writer ------------------------------------------------------------------

def test_write_atomic_keeps_the_old_file_when_the_disk_is_full(tmp_path, monkeypatch):
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as caught:
        files.write_atomic(target, "new")
    assert files.no_space(caught.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_write_atomic_replaces_a_symlink_not_its_target(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("theirs", encoding="utf-8")
    link = tmp_path / "index.html"
    link.symlink_to(outside)
    files.write_atomic(link, "ours")
    assert outside.read_text(encoding="utf-8") == "theirs"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "ours"


def test_remove_tree_never_follows_links(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "link").symlink_to(outside)
    files.remove_tree(stage)
    files.remove_tree(tmp_path / "missing")
    link_root = tmp_path / "link-root"
    link_root.symlink_to(outside)
    files.remove_tree(link_root)
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert not stage.exists() and not link_root.is_symlink()


def test_sha256_file_matches_hashlib(tmp_path):
    import hashlib

    path = tmp_path / "x.bin"
    path.write_bytes(b"abc" * 100_000)
    assert files.sha256_file(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_second_lock_on_a_folder_is_refused_with_the_holder_named(tmp_path):
    first = files.lock_folder(tmp_path)
    try:
        with pytest.raises(files.BusyError, match=rf"in use by bilateral \(pid {os.getpid()}\)"):
            files.lock_folder(tmp_path)
    finally:
        first.close()
    files.lock_folder(tmp_path).close()  # free again


# --- 11. other people's files ---------------------------------------------------------------

def test_foreign_index_and_manifest_are_recognised(tmp_path):
    assert manifest.foreign_manifest(tmp_path) is None and gallery.foreign_index(tmp_path) is None
    (tmp_path / "manifest.json").write_text('{"name": "my web app"}', encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><title>My site</title></html>", encoding="utf-8")
    assert "was not written by bilateral" in manifest.foreign_manifest(tmp_path)
    assert "was not written by bilateral" in gallery.foreign_index(tmp_path)
    assert manifest.load_manifest(tmp_path) == {}
    gallery.write_index(tmp_path / "ours", {})
    manifest.update_manifest(tmp_path / "ours", [])
    assert gallery.foreign_index(tmp_path / "ours") is None
    legacy = {"version": 1, "reports": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(legacy), encoding="utf-8")
    assert manifest.foreign_manifest(tmp_path) is None  # written by an earlier bilateral


def test_render_refuses_foreign_files_and_touches_nothing(tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    theirs = {"index.html": "<html><title>My site</title></html>",
              "manifest.json": '{"name": "my web app"}'}
    for name, text in theirs.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "alpha").mkdir()
    (out / "alpha" / "alpha.html").write_text("my page", encoding="utf-8")
    status = cli.main(["render", str(FIXTURES / "render" / "params" / "alpha.yaml"),
                       "--notebook", str(NOTEBOOK), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("was not written by bilateral") == 3 and "Traceback" not in err
    for name, text in theirs.items():
        assert (out / name).read_text(encoding="utf-8") == text
    assert (out / "alpha" / "alpha.html").read_text(encoding="utf-8") == "my page"
    assert sorted(p.name for p in out.iterdir()) == [".bilateral.lock", "alpha", "index.html",
                                                     "manifest.json"]


def test_variant_folder_that_is_a_link_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "alpha").symlink_to(elsewhere)
    found = staging.foreign_outputs(out, "alpha", ("html",), [])
    assert found and "symbolic link" in found[0]


# --- 2. unusable --out ----------------------------------------------------------------------

def test_out_that_is_a_file_is_one_line(tmp_path, capsys):
    out = tmp_path / "reports"
    out.write_text("a file", encoding="utf-8")
    status = cli.main(["render", str(FIXTURES / "render" / "params" / "alpha.yaml"),
                       "--notebook", str(NOTEBOOK), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == f"bilateral render: nothing rendered: --out {out} exists and is not a folder"


def test_read_only_out_is_one_line(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    real_open = open

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(out)) and args and args[0] != "r":
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    status = cli.main(["render", str(FIXTURES / "render" / "params" / "alpha.yaml"),
                       "--notebook", str(NOTEBOOK), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == (f"bilateral render: nothing rendered: cannot write in --out {out}: "
                           "Read-only file system")


def test_busy_out_is_one_line(tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    held = files.lock_folder(out)
    try:
        status = cli.main(["render", str(FIXTURES / "render" / "params" / "alpha.yaml"),
                           "--notebook", str(NOTEBOOK), "--out", str(out)])
    finally:
        held.close()
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip() == (f"bilateral render: nothing rendered: {out} is in use by bilateral "
                           f"(pid {os.getpid()}); wait until it has finished, or choose another "
                           "--out")


# --- 5. titles are text; 10. bounded listings -----------------------------------------------

def test_titles_from_escaped_markdown_are_verbatim():
    pytest.importorskip("weasyprint")
    import nbformat

    from bilateral.data.markup import escape_markdown
    from bilateral.render import export
    from bilateral.render.jobs import Job

    title = "Pakistan-Russia (1947-2024). Ties/rifts *draft* a_b #1 [x] {y} $5 & <i>"
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/markdown": f"# {escape_markdown(title)}\n\nmore"})])
    notebook = nbformat.v4.new_notebook(cells=[cell])
    job = Job("x", "nb.ipynb", {}, "out", ("html",), ".")
    assert export.report_title(notebook, job) == title


def test_long_words_are_broken_in_the_body_but_not_in_the_title():
    pytest.importorskip("weasyprint")
    from bilateral.render import export

    word = "Averyveryverylongwordwithoutanyspaces/and-more-parts_of.it"
    page = (f"<html><head><title>{word}</title><meta name=x></head>"
            f"<body><h1>{word}</h1></body></html>")
    broken = export.breakable(page)
    assert f"<title>{word}</title>" in broken
    assert "<wbr>" in broken.split("<body>")[1]


def test_capped_lists_say_how_many_rows_are_not_shown():
    from bilateral.report import captions

    assert captions.corrections_text(250, 17_000) == (
        "17,000 rows record where a source was wrong and what the table uses instead; the "
        "oldest 250 are listed, 16,750 are not shown:")
    assert captions.corrections_text(2) == ("2 rows record where a source was wrong and what "
                                            "the table uses instead:")
    assert captions.corrections_text(1, 1).startswith("1 row records")
    assert captions.chronology_text(250, 1000).endswith("; 750 are not shown.")


def test_long_table_cells_are_cut_with_a_note():
    from bilateral.report import document

    table = pd.DataFrame({"title": ["short", "z" * 5_000], "n": [1, 2]})
    shown = table.apply(document._shortened)
    assert shown.loc[0, "title"] == "short"
    assert shown.loc[1, "title"] == "z" * document.MAX_CELL_CHARS + (
        " … (3,000 more characters not shown)")
    assert shown["n"].tolist() == [1, 2]
