"""Yearly and period tables: empty years have no tone (NaN, not 0); bins and offsets."""

import numpy as np
from stats_support import make_events

from bilateral.analysis.stats.yearly import periods, yearly


def test_yearly_counts_and_nan_tone_for_empty_years():
    ev = make_events([("a", "2000-03-01", 4), ("b", "2000-06-01", -2), ("c", "2002-01-01", 1),
                      ("out", "1990-01-01", 9)])
    t = yearly(ev, 2000, 2003)
    assert list(t.index) == [2000, 2001, 2002, 2003]
    assert t["events"].tolist() == [2, 0, 1, 0]
    assert t["net"].tolist() == [2.0, 0.0, 1.0, 0.0]
    assert t["tone"][2000] == 1.0 and t["tone"][2002] == 1.0
    assert np.isnan(t["tone"][2001]) and np.isnan(t["tone"][2003])
    assert t["coop"].tolist() == [4.0, 0.0, 1.0, 0.0]
    assert t["tension"].tolist() == [-2.0, 0.0, 0.0, 0.0]
    assert np.allclose(t["coop"] + t["tension"], t["net"])


def test_periods_labels_partial_and_offset():
    ev = make_events([("a", "1948-05-01", 6), ("b", "1951-01-01", -3), ("c", "2025-02-01", 2)])
    p = periods(ev, 1948, 2025, 5)
    assert p["label"].iloc[0] == "1945\u20131949" and p["label"].iloc[-1] == "2025\u20132029"
    assert p["partial"].iloc[0] and p["partial"].iloc[-1] and not p["partial"].iloc[1:-1].any()
    assert p["years"].iloc[0] == 2 and p["years"].iloc[-1] == 1
    assert p["events"].sum() == 3 and p["net"].sum() == 5.0
    assert p["tone"].isna().sum() == (p["events"] == 0).sum()
    shifted = periods(ev, 1948, 2025, 5, offset=2)
    assert shifted["start"].iloc[0] == 1947 and shifted["end"].iloc[0] == 1951
    assert shifted["events"].iloc[0] == 2
