"""bilateral.data.parameters: raw notebook values in, checked values out, or one sentence."""

import pandas as pd
import pytest

from bilateral.data import parameters

T = pd.Timestamp


@pytest.mark.parametrize(("raw", "expected"), [
    (1990, T("1990-01-01")), ("1990", T("1990-01-01")), ("1990-05", T("1990-05-01")),
    ("1990-05-17", T("1990-05-17")), (1990.0, T("1990-01-01"))])
def test_parse_start_accepts_numbers_and_strings(raw, expected):
    assert parameters.parse_date(raw, "start", first=True) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (2020, T("2020-12-31")), ("2020-02", T("2020-02-29")), ("2021-02", T("2021-02-28")),
    ("2020-04", T("2020-04-30")), ("2020-05-17", T("2020-05-17"))])
def test_parse_end_is_the_last_day_included(raw, expected):
    assert parameters.parse_date(raw, "end", first=False) == expected


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"dyad": "PAK-XXX"}, "'XXX' is not an ISO 3166-1 alpha-3"),
    ({"start": 2000, "end": 1990}, "is after end"),
    ({"domains": ["military", "cultural"]}, "'cultural' is not a domain"),
    ({"dyad": "PAK"}, "must be two ISO"),
    ({"period_years": 0}, "at least 1"),
])
def test_bad_parameters_stop_with_one_sentence(kwargs, words):
    with pytest.raises(parameters.ParameterError, match=words) as info:
        parameters.parse_parameters(**kwargs)
    assert "\n" not in str(info.value)


def test_domains_as_comma_string():
    assert parameters.parse_domains("military, economic") == ("military", "economic")


def test_auto_eras_come_from_the_reference_table_for_the_dyad_in_either_order():
    forward = parameters.parse_eras("auto", ("PAK", "RUS"))
    backward = parameters.parse_eras("auto", ("RUS", "PAK"))
    assert forward.equals(backward)
    assert forward["start"].iloc[1] == pd.Timestamp("1991-12-26")
    assert parameters.parse_eras("auto", ("BRA", "ARG")).empty  # none recorded: decades
