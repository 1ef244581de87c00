"""Who acted (a known asymmetry; joint acts counted for neither side) and reciprocity."""

import numpy as np
import pandas as pd
from stats_support import make_events

from bilateral.analysis.stats.direction import (monthly_series, reciprocity,
                                               reciprocity_applicable, who_acted)


def test_who_acted_finds_known_asymmetry_and_counts_joint_apart():
    rows = [(f"c{i}", f"1995-0{1 + i % 9}-01", 3.0, "AAA" if i < 8 else "BBB", False, False)
            for i in range(10)]
    rows += [(f"t{i}", f"1996-0{1 + i % 9}-01", -4.0, "BBB" if i < 3 else "AAA", False, False)
             for i in range(4)]
    rows += [("j1", "1997-01-01", 5.0, "AAA", False, True),
             ("j2", "1997-02-01", 5.0, "BBB", False, True)]
    ev = make_events(rows)
    eras = pd.DataFrame({"era": ["one"], "start": [1990]})
    t = who_acted(ev, 1990, 1999, eras).set_index(["kind", "actor"])
    assert t.loc[("cooperation", "AAA"), "share"] == 0.8
    assert t.loc[("cooperation", "BBB"), "share"] == 0.2
    assert t.loc[("tension", "BBB"), "share"] == 0.75
    assert t.loc[("cooperation", "joint"), "n_events"] == 2
    assert np.isnan(t.loc[("cooperation", "joint"), "share"])
    assert t.loc[("cooperation", "AAA"), "n_events"] == 8


def test_reciprocity_detects_response_direction():
    rng = np.random.default_rng(3)
    n = 240
    a = rng.normal(size=n)
    b = np.zeros(n)
    for t in range(1, n):
        b[t] = 0.6 * a[t - 1] + rng.normal()
    r = reciprocity(pd.Series(a), pd.Series(b), maxlags=6)
    assert r.lag_order >= 1
    assert r.p_a_to_b_adj < 0.01
    assert r.p_b_to_a_adj > 0.05
    assert r.p_a_to_b_adj >= r.p_a_to_b
    assert max(r.adf_p) < 0.05 and not r.differenced
    d = reciprocity(pd.Series(a), pd.Series(b), maxlags=6, difference=True)
    assert d.differenced and d.n_obs < r.n_obs


def test_reciprocity_applicable_rejects_sparse_and_accepts_dense():
    sparse = make_events([(f"e{i}", f"{1950 + i}-03-01", 2.0, "AAA" if i % 2 else "BBB",
                           False, False) for i in range(70)])
    ok, reason = reciprocity_applicable(sparse)
    assert not ok and "months" in reason
    months = pd.period_range("2000-01", periods=120, freq="M")
    rows = [(f"d{i}{s}", str(m.start_time.date()), 1.0, s, False, False)
            for i, m in enumerate(months) for s in ("AAA", "BBB")]
    dense = make_events(rows)
    ok, reason = reciprocity_applicable(dense)
    assert ok, reason
    series = monthly_series(dense, "AAA", "BBB")
    assert len(series) == 120 and (series["a_to_b"] == 1.0).all()
