"""bilateral.analysis.overlay: machine-coded net cooperation per period, normalised by volume.

tests/fixtures/machine_coded.csv (PAK–RUS rows): 2015: +3, +7.4, −2; 2016: +6.4, +1;
2017: −5; 2018: +5, −6.5; 2019: +4; 2020: −4; and two rows of other dyads (2017 PAK–IND −10,
2019 IND–RUS +4). Its volume table: 2015: 2,000 + 1,000; 2016: 4,000 + 1,000;
2017: 500 + 1,500; 2018: 2,500 + 2,500; 2019: 3,000 + 1,000; 2020: 2,000.
"""

import math

import pandas as pd
import pytest

from bilateral.analysis.overlay import load_overlay, overlay_balance, overlay_unit, overlay_volume
from bilateral.data.parameters import ParameterError, prepare_report

T = pd.Timestamp


@pytest.fixture
def overlay_params(fixtures_dir):
    def make(**kwargs):
        return prepare_report(overlay_path=fixtures_dir / "machine_coded.csv",
                              **{"start": 2015, "end": 2020, "period_years": 1, **kwargs})[0]
    return make


def test_normalised_overlay_is_goldstein_per_1000_events_of_the_period(overlay_params):
    got = load_overlay(overlay_params(domains="military"))  # domains do not apply
    assert got["period"].tolist() == ["2015", "2016", "2017", "2018", "2019", "2020"]
    assert got["n_events"].tolist() == [3, 2, 1, 2, 1, 1]  # the other dyads are left out
    assert got["goldstein_sum"].tolist() == pytest.approx([8.4, 7.4, -5.0, -1.5, 4.0, -4.0])
    assert got["events_total"].tolist() == [3000.0, 5000.0, 2000.0, 5000.0, 4000.0, 2000.0]
    assert got["value"].tolist() == pytest.approx([2.8, 1.48, -2.5, -0.3, 1.0, -2.0])


def test_raw_overlay_is_the_sum(overlay_params):
    got = load_overlay(overlay_params(overlay_normalise=False))
    assert got["value"].tolist() == pytest.approx([8.4, 7.4, -5.0, -1.5, 4.0, -4.0])
    assert got["events_total"].isna().all()


def test_longer_periods_add_months_of_volume(overlay_params):
    got = load_overlay(overlay_params(period_years=2))
    assert got["period"].tolist() == ["2014–2015", "2016–2017", "2018–2019", "2020–2021"]
    assert got["events_total"].tolist() == [3000.0, 7000.0, 9000.0, 2000.0]
    assert got["value"].tolist() == pytest.approx([8.4 / 3, 2.4 / 7, 2.5 / 9, -2.0])


def test_periods_without_volume_have_no_value_and_without_events_zero():
    events = pd.DataFrame({"date": [T("2001-05-01")], "intensity": [2.0]})
    volume = pd.DataFrame({"month": [T("2001-05-01"), T("2002-01-01")],
                           "events_total": [400, 0]})
    got = overlay_balance(events, volume, T("2000-01-01"), T("2003-12-31"), 1)
    assert got["n_events"].tolist() == [0, 1, 0, 0]
    assert got["goldstein_sum"].tolist() == [0.0, 2.0, 0.0, 0.0]
    value = got["value"].tolist()
    assert math.isnan(value[0]) and value[1] == 5.0 and math.isnan(value[2])
    assert math.isnan(value[3])


def test_no_overlay_without_a_path():
    assert load_overlay(prepare_report()[0]) is None


def test_normalising_without_a_volume_table_is_a_parameter_error(tmp_path, fixtures_dir):
    table = tmp_path / "coded.csv"
    table.write_bytes((fixtures_dir / "machine_coded.csv").read_bytes())
    assert overlay_volume(table, normalise=False) is None
    with pytest.raises(ParameterError, match="no volume table 'coded_volume.csv'"):
        overlay_volume(table, normalise=True)


def test_overlay_unit_names_the_normalisation():
    assert "per 1,000 events" in overlay_unit(True)
    assert "per 1,000" not in overlay_unit(False)
