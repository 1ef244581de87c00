"""The loader and validator: good tables load typed; every kind of bad input is named."""

import subprocess
import sys

import pandas as pd
import pytest

from bilateral.cli import main
from bilateral.data.events import DataError, load_events
from bilateral.data.schema import event_columns
from bilateral.data.tables import load_tables

HEADER = ",".join(event_columns())
GOOD = [
    "1948-05-relations,1948-05-01,month,PAK,RUS,,diplomatic,4.0,verbal,Relations,,Ref A,",
    '1966-01-10-tashkent,1966-01-10,day,RUS,PAK,IND,diplomatic,7.5,verbal,"Tashkent, signed",,Ref B,',
    "1980-u2,1960-05-01,day,RUS,PAK,USA,security,-6,material,U-2,,Ref C,Correction: said 1980",
]


def write(tmp_path, lines, name="events.csv", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def problems_of(path):
    with pytest.raises(DataError) as info:
        load_events(path)
    return info.value.problems


def only_problem(path):
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_good_table_loads_typed(tmp_path):
    events = load_events(write(tmp_path, GOOD))
    # a table without the optional curated columns gets them: no link, not indirect, not joint
    assert list(events.columns) == event_columns() + ["link_id", "indirect", "joint"]
    assert not events["indirect"].any() and not events["joint"].any()
    assert events["link_id"].eq("").all()
    assert events["date"].tolist() == [pd.Timestamp("1948-05-01"), pd.Timestamp("1966-01-10"),
                                       pd.Timestamp("1960-05-01")]
    assert events["intensity"].tolist() == [4.0, 7.5, -6.0]
    assert list(events["domain"].cat.categories) == [
        "diplomatic", "military", "economic", "security", "multilateral"]
    assert events["mode"].tolist() == ["verbal", "verbal", "material"]
    assert events.loc[1, "title"] == "Tashkent, signed"
    assert events.attrs["lines"] == [2, 3, 4]


def test_header_only_is_a_valid_empty_table(tmp_path):
    events = load_events(write(tmp_path, []))
    assert events.empty
    assert list(events.columns) == event_columns() + ["link_id", "indirect", "joint"]


def test_extra_columns_are_kept(tmp_path):
    path = write(tmp_path, [GOOD[0] + ",x"], header=HEADER + ",extra")
    assert load_events(path)["extra"].tolist() == ["x"]


def test_missing_columns_are_each_named(tmp_path):
    header = HEADER.replace(",mode", "").replace(",source", "")
    path = write(tmp_path, ["a,1948-05-01,month,PAK,RUS,,diplomatic,4.0,T,,"], header=header)
    problems = problems_of(path)
    assert {(p.line, p.column) for p in problems} == {(1, "mode"), (1, "source")}
    assert all("missing" in p.message for p in problems)


@pytest.mark.parametrize("value, words", [
    ("2019-13-45", "not a valid date"),
    ("2019-02-30", "not a valid date"),
    ("10 May 1960", "not a valid date"),
    ("", "required"),
])
def test_bad_dates(tmp_path, value, words):
    row = GOOD[1].replace("1966-01-10,day", f"{value},day")
    problem = only_problem(write(tmp_path, [GOOD[0], row]))
    assert (problem.line, problem.column, problem.event_id) == (3, "date", "1966-01-10-tashkent")
    assert words in problem.message


@pytest.mark.parametrize("value, words", [
    ("abc", "not a number"), ("10.5", "outside the range"), ("-11", "outside the range"),
    ("nan", "not a number"), ("inf", "not a number"),
])
def test_bad_intensity(tmp_path, value, words):
    row = GOOD[2].replace(",-6,", f",{value},")
    problem = only_problem(write(tmp_path, [row]))
    assert (problem.line, problem.column, problem.event_id) == (2, "intensity", "1980-u2")
    assert words in problem.message


@pytest.mark.parametrize("column, old, new", [
    ("domain", ",diplomatic,", ",war,"),
    ("mode", ",verbal,", ",loud,"),
    ("date_precision", ",month,", ",decade,"),
])
def test_unknown_enum_values(tmp_path, column, old, new):
    problem = only_problem(write(tmp_path, [GOOD[0].replace(old, new)]))
    assert (problem.line, problem.column) == (2, column)
    assert "is not one of" in problem.message


@pytest.mark.parametrize("column, old, new", [
    ("actor1", ",PAK,RUS,", ",XYZ,RUS,"),
    ("actor2", ",PAK,RUS,", ",PAK,SUN,"),  # the USSR's old code is not ISO 3166-1 today
    ("actor1", ",PAK,RUS,", ",pk,RUS,"),
    ("third_parties", ",RUS,,", ",RUS,USA;ABC,"),
])
def test_country_codes_must_be_iso3(tmp_path, column, old, new):
    problem = only_problem(write(tmp_path, [GOOD[0].replace(old, new)]))
    assert (problem.line, problem.column) == (2, column)


def test_duplicate_event_id_names_both_lines(tmp_path):
    problems = problems_of(write(tmp_path, [GOOD[0], GOOD[1], GOOD[0]]))
    assert [(p.line, p.column) for p in problems] == [(2, "event_id"), (4, "event_id")]
    assert "lines 2, 4" in problems[0].message


def test_event_id_used_by_an_earlier_table_names_both(tmp_path):
    """Table b repeats a's second id on its line 3 and a's first on its line 4: both rows of
    b are named with the line of a that has the id; a itself is fine."""
    a = write(tmp_path, [GOOD[0], GOOD[1]], name="a.csv")
    b = write(tmp_path, [GOOD[2], GOOD[1], GOOD[0]], name="b.csv")
    with pytest.raises(DataError) as info:
        load_tables([a, b])
    assert info.value.path == str(b)
    assert [(p.line, p.column, p.event_id) for p in info.value.problems] == [
        (3, "event_id", "1966-01-10-tashkent"), (4, "event_id", "1948-05-relations")]
    assert f"is also used in {a} line 3;" in info.value.problems[0].message
    assert f"is also used in {a} line 2;" in info.value.problems[1].message
    assert len(load_tables([a])) == 2


def test_actor_cannot_equal_itself(tmp_path):
    problem = only_problem(write(tmp_path, [GOOD[0].replace(",PAK,RUS,", ",PAK,PAK,")]))
    assert (problem.line, problem.column) == (2, "actor2")


@pytest.mark.parametrize("row, found", [
    ("1990-x,1990-01-01,year,PAK,RUS,,economic,2,material,T,,S", 12),
    ("1990-x,1990-01-01,year,PAK,RUS,,economic,2,material,T,,S,,extra", 14),
])
def test_rows_with_wrong_number_of_fields(tmp_path, row, found):
    problem = only_problem(write(tmp_path, [GOOD[0], row]))
    assert (problem.line, problem.event_id) == (3, "1990-x")
    assert f"has {found} fields, expected 13" in problem.message


def test_line_numbers_count_multiline_quoted_fields(tmp_path):
    multi = GOOD[1].replace(",,Ref B,", ',"first line\nsecond line",Ref B,')
    problem = only_problem(write(tmp_path, [multi, GOOD[2].replace(",-6,", ",x,")]))
    assert problem.line == 4


def test_non_utf8_bytes(tmp_path):
    path = write(tmp_path, [GOOD[0], GOOD[1]])
    path.write_bytes(path.read_bytes().replace(b"Tashkent", b"Ta\xe7hkent"))
    problem = only_problem(path)
    assert (problem.line, problem.column) == (3, "title")
    assert "not UTF-8" in problem.message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "empty" in only_problem(path).message


def test_imprecise_dates_are_first_of_period(tmp_path):
    problem = only_problem(write(tmp_path, [GOOD[0].replace("1948-05-01", "1948-05-14")]))
    assert (problem.line, problem.column) == (2, "date")


def test_all_problems_are_collected_and_the_message_names_file_row_column(tmp_path):
    bad = GOOD[1].replace("1966-01-10,day", "2019-13-45,day").replace(",7.5,", ",99,")
    path = write(tmp_path, [bad, GOOD[2].replace(",security,", ",war,")])
    with pytest.raises(DataError) as info:
        load_events(path)
    text = str(info.value)
    assert text.startswith(f"{path}: 3 problems")
    assert f"{path}: line 2 (event_id '1966-01-10-tashkent'), column 'date'" in text
    assert "line 2 (event_id '1966-01-10-tashkent'), column 'intensity'" in text
    assert "line 3 (event_id '1980-u2'), column 'domain'" in text


def test_cli_validate_ok(tmp_path, capsys):
    assert main(["validate", str(write(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out
    assert "valid, 3 events, 1948-05-01 to 1966-01-10" in out


def test_cli_validate_bad_prints_problems_without_traceback(tmp_path):
    path = write(tmp_path, [GOOD[0].replace(",4.0,", ",high,")])
    result = subprocess.run([sys.executable, "-m", "bilateral.cli", "validate", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "column 'intensity': 'high' is not a number" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_validate_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.csv")]) == 1
    assert "cannot read file" in capsys.readouterr().err


def test_crlf_line_endings_and_a_byte_order_mark_load(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join([HEADER, *GOOD]).encode("utf-8") + b"\r\n")
    events = load_events(path)
    assert events["event_id"].tolist() == ["1948-05-relations", "1966-01-10-tashkent", "1980-u2"]
    assert events["note"].tolist() == ["", "", "Correction: said 1980"]


def test_blank_lines_are_skipped_and_line_numbers_still_count_them(tmp_path):
    path = write(tmp_path, [GOOD[0], "", GOOD[2].replace(",-6,", ",x,")])
    problem = only_problem(path)
    assert (problem.line, problem.column) == (4, "intensity")


def test_optional_curated_columns_are_typed_and_checked(tmp_path):
    header = HEADER + ",link_id,indirect,joint"
    rows = [GOOD[0] + ",1966-tashkent-declaration,true,false", GOOD[1] + ",,FALSE,true",
            GOOD[2] + ",Not A Link,maybe,"]
    problems = problems_of(write(tmp_path, rows, header=header))
    assert {(p.line, p.column) for p in problems} == {(4, "link_id"), (4, "indirect")}
    assert "'maybe' is not true or false" in str(problems)
    events = load_events(write(tmp_path, rows[:2], header=header))
    assert events["indirect"].tolist() == [True, False]
    assert events["joint"].tolist() == [False, True]


@pytest.fixture(params=["pak_rus.csv", "machine_coded.csv", "markup.csv", "bra_arg.csv", 1])
def table_file(request, fixtures_dir, tmp_path):
    """A fixture table (or a header only: 1), with an extra column of text and one of numbers
    appended."""
    source = fixtures_dir / ("pak_rus.csv" if request.param == 1 else request.param)
    lines = source.read_text(encoding="utf-8").splitlines()[:1 if request.param == 1 else None]
    extra = [lines[0] + ",comment,weight"] + [f"{line},note {i},{i}.5"
                                               for i, line in enumerate(lines[1:])]
    path = tmp_path / source.name
    path.write_text("\n".join(extra) + "\n", encoding="utf-8")
    return path


def test_both_parsers_return_identical_frames(table_file, monkeypatch):
    from bilateral.data import events as loader

    used = []
    fast_parser = loader._parse_regular
    monkeypatch.setattr(loader, "_parse_regular",
                        lambda *a: used.append("fast") or fast_parser(*a))
    fast = load_events(table_file)
    assert used == ["fast"] and fast.attrs["lines"] == list(range(2, len(fast) + 2))
    monkeypatch.setattr(loader, "_parse_regular", lambda *a: None)  # the line parser
    slow = load_events(table_file)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs
    assert fast.dtypes.to_dict() == slow.dtypes.to_dict()


def test_the_message_lists_sixty_problems_then_counts_the_rest(tmp_path):
    from bilateral.data.events import MAX_LISTED, Problem

    many = DataError("f.csv", [Problem(i, "date", "bad") for i in range(2, 2 + MAX_LISTED + 5)])
    lines = str(many).splitlines()
    assert lines[0] == f"f.csv: {MAX_LISTED + 5} problems"
    assert lines[1] == "  f.csv: line 2, column 'date': bad"
    assert len(lines) == 1 + MAX_LISTED + 1 and lines[-1] == "  ... and 5 more"
    assert len(many.problems) == MAX_LISTED + 5
    one = DataError(tmp_path / "g.csv", [Problem(3, None, "odd", "e-1")])
    assert str(one) == f"{tmp_path / 'g.csv'}: 1 problem\n  {tmp_path / 'g.csv'}: line 3 (event_id 'e-1'): odd"
    assert one.path == str(tmp_path / "g.csv")
