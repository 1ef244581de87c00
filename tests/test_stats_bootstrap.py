"""Poisson bootstrap: intervals per period, "too few events", seeds, the cell method."""

import numpy as np
import pandas as pd
from stats_support import make_events

from bilateral.analysis.stats.bootstrap import (MIN_EVENTS, _cells, difference_interval,
                                               period_bootstrap, poisson_replicates)


def _table(n_per_year=(1, 4, 6, 30), start=2000):
    rows, k = [], 0
    for p, n in enumerate(n_per_year):
        for i in range(n):
            rows.append((f"e{k}", f"{start + 5 * p}-0{1 + i % 9}-01", float((i % 7) - 2 + p)))
            k += 1
    return make_events(rows)


def test_too_few_periods_get_no_interval():
    boot = period_bootstrap(_table(), 2000, 2019, 5, seed=1)
    t = boot.table
    assert t["too_few"].tolist() == [True, True, False, False]
    assert t.loc[t["too_few"], ["net_lo", "net_hi", "tone_lo", "tone_hi"]].isna().all().all()
    ok = t.loc[~t["too_few"]]
    assert (ok["net_lo"] <= ok["net"]).all() and (ok["net"] <= ok["net_hi"]).all()
    assert (ok["tone_lo"] < ok["tone_hi"]).all()
    assert MIN_EVENTS == 5


def test_same_seed_same_output_and_generator_accepted():
    ev = _table()
    a = period_bootstrap(ev, 2000, 2019, 5, seed=42)
    b = period_bootstrap(ev, 2000, 2019, 5, seed=42)
    c = period_bootstrap(ev, 2000, 2019, 5, seed=43)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert np.array_equal(a.net, b.net) and not np.array_equal(a.net, c.net)
    g = period_bootstrap(ev, 2000, 2019, 5, seed=np.random.default_rng(42))
    assert np.array_equal(g.net, a.net)
    d1 = difference_interval(ev, 2010, 2015, 2000, 2019, 5, seed=5)
    d2 = difference_interval(ev, "2010\u20132014", "2015\u20132019", 2000, 2019, 5, seed=5)
    assert d1 == d2


def test_difference_interval_rules():
    ev = _table()
    few = difference_interval(ev, 2000, 2015, 2000, 2019, 5, seed=1)
    assert few.too_few and np.isnan(few.lo) and np.isnan(few.hi)
    rows = [(f"a{i}", f"2000-01-{i + 1:02d}", -5.0 + i % 2) for i in range(20)]
    rows += [(f"b{i}", f"2005-01-{i + 1:02d}", 5.0 - i % 2) for i in range(20)]
    ev = make_events(rows)
    for stat in ("net", "tone"):
        d = difference_interval(ev, 2000, 2005, 2000, 2009, 5, statistic=stat, seed=1)
        assert not d.too_few and d.excludes_zero and d.lo > 0 and d.lo <= d.estimate <= d.hi
    same = make_events([(f"a{i}", f"200{5 * (i % 2)}-01-01", (i // 2) % 5 - 2.0)
                        for i in range(40)])
    d = difference_interval(same, 2000, 2005, 2000, 2009, 5, seed=1)
    assert not d.excludes_zero


def test_cell_method_matches_poisson_weight_moments():
    rng = np.random.default_rng(0)
    for x in (rng.choice([-4.0, -1.0, 2.0, 3.5], 3000), rng.uniform(-10, 10, 3000)):
        years = rng.integers(2000, 2010, len(x))
        ev = pd.DataFrame({"date": pd.to_datetime(years.astype(str)), "intensity": x})
        starts = np.array([2000, 2005])
        cp, cv, cn = _cells(ev, starts, 5, 0)
        net, count = poisson_replicates(cp, cv, cn, 2, 4000, np.random.default_rng(1))
        for p in (0, 1):
            xp = x[(years >= starts[p]) & (years < starts[p] + 5)]
            # Poisson(1) weights: E[sum w x] = sum x, Var = sum x^2; E[count] = Var = n
            assert abs(net[:, p].mean() - xp.sum()) < 4 * np.sqrt((xp ** 2).sum() / 4000)
            assert abs(net[:, p].var() / (xp ** 2).sum() - 1) < 0.1
            assert abs(count[:, p].mean() - len(xp)) < 4 * np.sqrt(len(xp) / 4000)
