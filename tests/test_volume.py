"""bilateral.data.volume: the monthly volume file next to an ingested table."""

from pathlib import Path

import pandas as pd
import pytest

from bilateral.data.events import DataError
from bilateral.data.volume import load_volume, volume_path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x_volume.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_volume(path)
    assert str(info.value).startswith(f"{path}: ")
    return [str(p) for p in info.value.problems]


def test_volume_path_is_next_to_the_table():
    assert volume_path("/data/pak_rus_gdelt.csv") == Path("/data/pak_rus_gdelt_volume.csv")


def test_a_good_file_loads_typed(tmp_path):
    got = load_volume(write(tmp_path, "month,events_total\n2015-03,2000\n2015-11,0\n"))
    pd.testing.assert_frame_equal(got, pd.DataFrame({
        "month": pd.to_datetime(["2015-03-01", "2015-11-01"]),
        "events_total": pd.Series([2000, 0], dtype="int64")}))


def test_missing_columns_are_named(tmp_path):
    assert problems(write(tmp_path, "month,total\n2015-03,1\n")) == [
        "line 1, column 'events_total': column missing"]
    assert problems(write(tmp_path, "when,count\n")) == [
        "line 1, column 'month': column missing", "line 1, column 'events_total': column missing"]


def test_every_bad_cell_is_named_with_its_line(tmp_path):
    path = write(tmp_path, "month,events_total\n2020-13,4\nNA,-1\n2020-01,1.5\n2020-02,x\n"
                           "2020-03,\n2020-04-01,3\n2020-05,NA\n")
    assert problems(path) == [
        "line 2, column 'month': '2020-13' is not a month (YYYY-MM)",
        "line 3, column 'month': 'NA' is not a month (YYYY-MM)",
        "line 7, column 'month': '2020-04-01' is not a month (YYYY-MM)",
        "line 3, column 'events_total': '-1' is not a count",
        "line 4, column 'events_total': '1.5' is not a count",
        "line 5, column 'events_total': 'x' is not a count",
        "line 6, column 'events_total': '' is not a count",
        "line 8, column 'events_total': 'NA' is not a count",
    ]


def test_an_unreadable_file_is_one_problem(tmp_path):
    assert problems(tmp_path / "missing_volume.csv") == [
        "line 0: cannot read file: No such file or directory"]
