"""Tests of ``bilateral ingest`` on tiny synthetic GDELT and ICEWS files (tests/fixtures/ingest)."""

from __future__ import annotations

import argparse
import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bilateral.ingest import readers as eventfiles
from bilateral.ingest import streams
from bilateral.data import volume
from bilateral.ingest import command as ingest
from bilateral.data.events import DataError, load_events

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
HISTORICAL = str(FIXTURES / "synthetic_gdelt1_historical_57.csv")
DAILY_MALFORMED = str(FIXTURES / "synthetic_gdelt1_daily_58_malformed.export.CSV")
DAILY_GZ = str(FIXTURES / "synthetic_gdelt1_daily_58.export.CSV.gz")
EXPORT_ZIP = str(FIXTURES / "synthetic_gdelt2_export_61.export.CSV.zip")
TRUNCATED_ZIP = str(FIXTURES / "synthetic_truncated.export.CSV.zip")
ICEWS_2016 = str(FIXTURES / "synthetic_icews_events.2016.tab")
ICEWS_2017 = str(FIXTURES / "synthetic_icews_events.2017_mdy.tab")
COLUMNS = ("event_id,date,date_precision,actor1,actor2,third_parties,domain,intensity,mode,"
           "title,description,source,note,cameo_code,quad_class,num_mentions,num_sources,"
           "num_articles,avg_tone,is_root_event,date_added").split(",")
KEY = ["event_id", "date", "actor1", "actor2", "cameo_code", "intensity", "quad_class", "mode",
       "domain"]


def read_raw(path: Path) -> pd.DataFrame:
    """Read an output table as text, exactly as written."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def run_ingest(tmp_path: Path, source: str, paths: list[str], dyad: str = "PAK-RUS",
               **kwargs) -> tuple[ingest.IngestSummary, pd.DataFrame]:
    out = tmp_path / "out" / "events.csv"
    summary = ingest.ingest_files(source, paths, dyad, out, progress=False, **kwargs)
    return summary, read_raw(out)


def key_rows(table: pd.DataFrame) -> list[list[str]]:
    return table[KEY].to_numpy().tolist()


def test_gdelt_historical_57_rows_in_project_schema(tmp_path):
    summary, table = run_ingest(tmp_path, "gdelt", [HISTORICAL])
    assert list(table.columns) == COLUMNS
    assert key_rows(table) == [
        ["gdelt-101", "1985-03-15", "PAK", "RUS", "010", "0.0", "1", "verbal", "diplomatic"],
        ["gdelt-102", "1985-03-20", "RUS", "PAK", "042", "1.9", "1", "verbal", "diplomatic"],
        ["gdelt-106", "1986-01-10", "PAK", "RUS", "190", "-10.0", "4", "material", "military"],
    ]
    first = table.iloc[0]
    assert first["date_precision"] == "day"
    assert first["title"] == "Make public statement (010)"
    assert first["description"] == "PAKISTAN (PAKGOV) → RUSSIA (RUS)"
    assert first["source"] == "GDELT 1.0 historical backfile (synthetic_gdelt1_historical_57.csv)"
    assert first[["num_mentions", "num_sources", "num_articles", "avg_tone", "is_root_event",
                  "date_added"]].tolist() == ["4", "1", "4", "-1.25", "1", "2013-02-03"]
    assert (summary.files, summary.rows_read, summary.rows_kept, summary.rows_skipped) == (
        1, 6, 3, 0)


def test_gdelt_daily_58_gz_and_export_61_zip(tmp_path):
    _, table = run_ingest(tmp_path, "gdelt", [DAILY_GZ, EXPORT_ZIP])
    assert key_rows(table) == [
        ["gdelt-401", "2014-01-01", "RUS", "PAK", "173", "-5.0", "4", "material", "security"],
        ["gdelt-1000301", "2015-03-01", "PAK", "RUS", "036", "4.0", "1", "verbal", "diplomatic"],
    ]
    assert table["source"].tolist() == ["http://example.com/synthetic/401",
                                        "http://example.com/synthetic/1000301"]
    assert table["date_added"].tolist() == ["2014-01-02", "2015-03-01"]


def test_layout_is_detected_per_file_in_one_run(tmp_path):
    summary, table = run_ingest(tmp_path, "gdelt", [HISTORICAL, DAILY_GZ, EXPORT_ZIP])
    assert table["event_id"].tolist() == ["gdelt-101", "gdelt-102", "gdelt-106", "gdelt-401",
                                          "gdelt-1000301"]
    assert summary.files == 3


def test_malformed_lines_are_counted_skipped_and_named(tmp_path):
    with pytest.warns(ingest.IngestWarning) as caught:
        summary, table = run_ingest(tmp_path, "gdelt", [DAILY_MALFORMED])
    message = str(caught[0].message)
    assert DAILY_MALFORMED in message
    assert "3 malformed lines" in message
    assert "line 3: has 5 tab-separated fields, expected 58" in message
    assert "line 4: SQLDATE '20131340' is not a date" in message
    assert "line 5: GoldsteinScale 'abc' is not a number" in message
    assert (summary.rows_read, summary.rows_kept, summary.rows_skipped) == (6, 2, 3)
    assert table["event_id"].tolist() == ["gdelt-201", "gdelt-206"]
    # no SOURCEURL on line 6: the dataset is the source
    assert table["source"].tolist() == [
        "http://example.com/synthetic/201",
        "GDELT 1.0 daily update (synthetic_gdelt1_daily_58_malformed.export.CSV)"]


def test_strict_makes_malformed_lines_an_error_and_keeps_previous_output(tmp_path):
    out = tmp_path / "events.csv"
    ingest.ingest_files("gdelt", [HISTORICAL], "PAK-RUS", out, progress=False)
    before = out.read_bytes()
    with pytest.raises(DataError, match="line 3: has 5 tab-separated fields") as error:
        ingest.ingest_files("gdelt", [HISTORICAL, DAILY_MALFORMED], "PAK-RUS", out,
                            strict=True, progress=False)
    assert DAILY_MALFORMED in str(error.value)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "events_volume.csv"]


def test_truncated_zip_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(DataError, match="truncated or damaged archive") as error:
        run_ingest(tmp_path, "gdelt", [TRUNCATED_ZIP])
    assert str(error.value).startswith(TRUNCATED_ZIP)


def test_truncated_gz_is_an_error_naming_the_file(tmp_path):
    data = gzip.compress(Path(HISTORICAL).read_bytes())
    cut = tmp_path / "cut.export.CSV.gz"
    cut.write_bytes(data[: len(data) - 20])
    with pytest.raises(DataError, match="truncated or damaged archive") as error:
        run_ingest(tmp_path, "gdelt", [str(cut)])
    assert str(cut) in str(error.value)


def test_icews_both_date_formats_names_to_iso3_and_repeated_ids(tmp_path):
    with pytest.warns(ingest.IngestWarning, match=r"line 4: Event Date '2/30/2017'"):
        summary, table = run_ingest(tmp_path, "icews", [ICEWS_2016, ICEWS_2017])
    assert key_rows(table) == [
        ["icews-900001-20160210", "2016-02-10", "PAK", "RUS", "042", "1.9", "1", "verbal",
         "diplomatic"],
        ["icews-900002-20160211", "2016-02-11", "RUS", "PAK", "030", "4.0", "1", "verbal",
         "diplomatic"],
        # empty Intensity: Goldstein value of 0233 from cameo_goldstein.tsv
        ["icews-900004-20161231", "2016-12-31", "PAK", "RUS", "0233", "3.4", "1", "verbal",
         "diplomatic"],
        # Event ID 900001 again, another date: another event
        ["icews-900001-20170105", "2017-01-05", "PAK", "RUS", "040", "1.0", "1", "verbal",
         "diplomatic"],
        ["icews-900011-20170315", "2017-03-15", "RUS", "PAK", "190", "-10.0", "4", "material",
         "military"],
    ]
    assert summary.duplicates == 1  # 900004 on 2016-12-31 is in both files
    assert (summary.rows_read, summary.rows_kept, summary.rows_skipped) == (8, 5, 1)
    assert table["source"].iloc[0] == "ICEWS, Story ID 47400001, sentence 1"
    assert table["description"].iloc[0] == ("Government (Pakistan) → Vladimir Putin: "
                                            "Make a visit")
    assert table["num_mentions"].eq("").all() and table["date_added"].eq("").all()


def test_dyad_selection_is_the_same_in_either_order(tmp_path):
    _, pak_rus = run_ingest(tmp_path / "a", "gdelt", [HISTORICAL], dyad="PAK-RUS")
    _, rus_pak = run_ingest(tmp_path / "b", "gdelt", [HISTORICAL], dyad="rus-pak")
    pd.testing.assert_frame_equal(pak_rus, rus_pak)
    assert set(zip(pak_rus["actor1"], pak_rus["actor2"], strict=True)) == {("PAK", "RUS"),
                                                                           ("RUS", "PAK")}
    _, pak_usa = run_ingest(tmp_path / "c", "gdelt", [HISTORICAL], dyad="USA-PAK")
    assert pak_usa["event_id"].tolist() == ["gdelt-103"]


def test_leading_zero_cameo_codes_are_kept_in_the_file(tmp_path):
    run_ingest(tmp_path, "icews", [ICEWS_2016])
    text = (tmp_path / "out" / "events.csv").read_text(encoding="utf-8")
    assert ",Make public statement" not in text
    assert ",042,1," in text and ",0233,1," in text


def test_volume_counts_every_well_formed_row_read(tmp_path):
    with pytest.warns(ingest.IngestWarning):
        summary = ingest.ingest_files("gdelt", [HISTORICAL, DAILY_MALFORMED], "PAK-RUS",
                                      tmp_path / "gdelt.csv", progress=False)
    assert summary.volume == tmp_path / "gdelt_volume.csv"
    assert volume.volume_path(tmp_path / "gdelt.csv") == summary.volume
    assert read_raw(summary.volume).to_numpy().tolist() == [
        ["1985-03", "2"], ["1985-04", "3"], ["1986-01", "1"], ["2013-04", "3"]]
    monthly = volume.load_volume(summary.volume)
    assert monthly["month"].tolist() == [pd.Timestamp(m) for m in
                                        ("1985-03-01", "1985-04-01", "1986-01-01", "2013-04-01")]
    assert monthly["events_total"].tolist() == [2, 3, 1, 3]


def test_icews_volume_counts_rows_of_every_file(tmp_path):
    with pytest.warns(ingest.IngestWarning):
        summary = ingest.ingest_files("icews", [ICEWS_2016, ICEWS_2017], "PAK-RUS",
                                      tmp_path / "icews.csv", progress=False)
    assert volume.load_volume(summary.volume)["events_total"].tolist() == [2, 1, 2, 1, 1]


def test_load_volume_rejects_a_bad_file(tmp_path):
    bad = tmp_path / "x_volume.csv"
    bad.write_text("month,events_total\n2020-13,4\n2020-01,-1\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2, column 'month'"):
        volume.load_volume(bad)


@pytest.mark.parametrize("source, paths", [
    ("gdelt", [HISTORICAL, DAILY_GZ, EXPORT_ZIP]),
    ("icews", [ICEWS_2016]),
])
def test_output_loads_with_load_events(tmp_path, source, paths):
    run_ingest(tmp_path, source, paths)
    events = load_events(tmp_path / "out" / "events.csv")
    assert len(events) > 0
    assert events["intensity"].between(-10, 10).all()


def test_an_empty_result_still_writes_a_valid_table(tmp_path):
    _, table = run_ingest(tmp_path, "gdelt", [HISTORICAL], dyad="FRA-DEU")
    assert list(table.columns) == COLUMNS and table.empty
    load_events(tmp_path / "out" / "events.csv")


def test_globs_are_expanded_sorted(tmp_path):
    for name in ("b.csv", "a.csv"):
        shutil.copy(HISTORICAL, tmp_path / name)
    assert ingest.expand_paths([str(tmp_path / "*.csv")]) == [str(tmp_path / "a.csv"),
                                                              str(tmp_path / "b.csv")]


def test_dask_engine_equals_local_engine(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    paths = [HISTORICAL, DAILY_GZ, EXPORT_ZIP]
    _, local = run_ingest(tmp_path / "local", "gdelt", paths)
    with distributed.LocalCluster(processes=False, n_workers=1, dashboard_address=None) as cluster:
        _, dask = run_ingest(tmp_path / "dask", "gdelt", paths, engine="dask",
                             scheduler=cluster.scheduler_address)
        with pytest.warns(ingest.IngestWarning):
            _, dask_icews = run_ingest(tmp_path / "dask_icews", "icews",
                                       [ICEWS_2016, ICEWS_2017], engine="dask",
                                       scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(local, dask)
    with pytest.warns(ingest.IngestWarning):
        _, local_icews = run_ingest(tmp_path / "local_icews", "icews", [ICEWS_2016, ICEWS_2017])
    pd.testing.assert_frame_equal(local_icews, dask_icews)
    assert ((tmp_path / "local" / "out" / "events_volume.csv").read_bytes()
            == (tmp_path / "dask" / "out" / "events_volume.csv").read_bytes())


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="bilateral ingest")
    ingest.configure_parser(parser)
    return ingest.run(parser.parse_args([*argv, "--no-progress"]))


def test_cli_writes_and_summarises(tmp_path, capsys):
    assert cli("gdelt", HISTORICAL, "--dyad", "PAK-RUS", "--out", str(tmp_path / "e.csv")) == 0
    out = capsys.readouterr().out
    assert "1 file, 6 rows read, 3 kept, 0 skipped" in out


@pytest.mark.parametrize("argv, status, message", [
    (["gdelt", "no/such/*.csv", "--dyad", "PAK-RUS"], 2, "no file matches 'no/such/*.csv'"),
    (["gdelt", HISTORICAL, "--dyad", "PAK-XXX"], 2, "--dyad 'PAK-XXX': 'XXX' is not an ISO 3166-1 alpha-3 country code"),
    (["gdelt", HISTORICAL, "--dyad", "PAK-PAK"], 2, "--dyad 'PAK-PAK' names the same country twice"),
    (["gdelt", HISTORICAL, "--dyad", "PAK-RUS", "--scheduler", "tcp://127.0.0.1:1"], 2,
     "--scheduler needs --engine dask"),
    (["gdelt", TRUNCATED_ZIP, "--dyad", "PAK-RUS"], 1, "truncated or damaged archive"),
    (["icews", HISTORICAL, "--dyad", "PAK-RUS"], 1, "is not an ICEWS event file"),
    (["gdelt", ICEWS_2016, "--dyad", "PAK-RUS"], 1, "has 20 tab-separated fields per line"),
    (["gdelt", DAILY_MALFORMED, "--dyad", "PAK-RUS", "--strict"], 1, "3 malformed lines"),
])
def test_cli_user_errors_are_one_message_without_traceback(tmp_path, capsys, argv, status,
                                                           message):
    assert cli(*argv, "--out", str(tmp_path / "e.csv")) == status
    err = capsys.readouterr().err
    assert err.startswith("bilateral ingest: error: ")
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "e.csv").exists()


def test_unreadable_file_is_an_error(tmp_path, capsys):
    assert cli("gdelt", str(tmp_path), "--dyad", "PAK-RUS", "--out", str(tmp_path / "e.csv")) == 1
    assert "is a folder, not a file" in capsys.readouterr().err


@pytest.mark.parametrize("chunk_bytes", [200, 1000])
def test_small_chunks_and_batches_give_the_same_result(tmp_path, monkeypatch, chunk_bytes):
    paths = [HISTORICAL, DAILY_GZ, EXPORT_ZIP, DAILY_MALFORMED]
    with pytest.warns(ingest.IngestWarning):
        _, whole = run_ingest(tmp_path / "whole", "gdelt", paths)
    # 200 bytes is shorter than a line: the buffer has to grow
    monkeypatch.setattr(streams, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(eventfiles, "BATCH_ROWS", 1)
    with pytest.warns(ingest.IngestWarning) as caught:
        _, chunked = run_ingest(tmp_path / "chunked", "gdelt", paths)
    pd.testing.assert_frame_equal(whole, chunked)
    message = str(caught[0].message)
    assert "line 3: has 5 tab-separated fields" in message
    assert "line 4: SQLDATE '20131340'" in message and "line 5: GoldsteinScale" in message
    assert ((tmp_path / "whole" / "out" / "events_volume.csv").read_bytes()
            == (tmp_path / "chunked" / "out" / "events_volume.csv").read_bytes())


def _daily_lines() -> list[list[str]]:
    text = Path(DAILY_MALFORMED).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


def _write_daily(path: Path, rows: list[list[str]]) -> str:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _with(row: list[str], **changes: str) -> list[str]:
    columns = {"GLOBALEVENTID": 0, "QuadClass": 29, "AvgTone": 34}
    row = list(row)
    for name, value in changes.items():
        row[columns[name]] = value
    return row


def test_malformed_lines_are_counted_in_every_file_and_at_every_stage(tmp_path):
    lines = _daily_lines()
    good_pak, good_rus = lines[0], lines[5]
    # bad values in columns read only for the dyad's rows (the second parse)
    late = _write_daily(tmp_path / "late.export.CSV", [
        good_pak, _with(good_pak, GLOBALEVENTID="207", QuadClass="7"),
        _with(good_rus, GLOBALEVENTID="208", AvgTone="x"), _with(good_rus, GLOBALEVENTID="209")])
    one = _write_daily(tmp_path / "one.export.CSV", [_with(good_pak, GLOBALEVENTID="301"),
                                                     lines[2]])
    with pytest.warns(ingest.IngestWarning) as caught:
        summary, table = run_ingest(tmp_path, "gdelt", [late, DAILY_MALFORMED, one])
    assert (summary.files, summary.rows_read, summary.rows_skipped) == (3, 4 + 6 + 2, 2 + 3 + 1)
    assert (summary.rows_kept, summary.duplicates) == (4, 1)  # gdelt-201 is in two files
    assert table["event_id"].tolist() == ["gdelt-201", "gdelt-301", "gdelt-206", "gdelt-209"]
    messages = [str(w.message) for w in caught]
    assert messages[0] == (f"{late}: 2 malformed lines skipped, first:\n"
                           "  line 2: QuadClass '7' is not 1, 2, 3 or 4\n"
                           "  line 3: AvgTone 'x' is not a number")
    assert messages[1].startswith(f"{DAILY_MALFORMED}: 3 malformed lines skipped")
    assert messages[2].startswith(f"{one}: 1 malformed line skipped, first:\n  line 2: has 5 ")
    # the volume counts the well-formed rows only: 2 + 3 + 1 in April 2013
    assert read_raw(summary.volume).to_numpy().tolist() == [["2013-04", "6"]]


def test_outputs_are_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    out = tmp_path / "events.csv"
    ingest.ingest_files("gdelt", [HISTORICAL], "PAK-RUS", out, progress=False)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def killed_before_the_rename(*args, **kwargs):
        raise OSError("killed before the rename")

    monkeypatch.setattr(ingest.os, "replace", killed_before_the_rename)
    with pytest.raises(OSError, match="killed"):
        ingest.ingest_files("gdelt", [DAILY_GZ], "PAK-RUS", out, progress=False)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary left
