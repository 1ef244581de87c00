"""Robustness over specifications and the events whose removal alone flips a finding."""

import numpy as np
import pandas as pd
from stats_support import START, make_events, simulate_events

from bilateral.analysis.stats import _loo
from bilateral.analysis.stats.robustness import Spec, multiverse, specifications
from bilateral.analysis.stats.yearly import periods


def _steady(start=2000, end=2019, per_year=2, value=1.0):
    return [(f"s{y}_{i}", f"{y}-0{i + 1}-15", value) for y in range(start, end + 1)
            for i in range(per_year)]


def _by_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_specification_count():
    specs = specifications()
    assert len(specs) == 3 * (3 + 5 + 10) * 2 == 108
    assert Spec() in specs


def test_one_big_event_decides_the_warmest_period():
    rows = _steady()
    rows += [("runner_up", "2006-06-01", 4.0), ("big", "2012-06-01", 6.0)]
    ev = make_events(rows)
    found = multiverse(ev, 2000, 2019, change_points=False)
    warm = _by_kind(found, "warmest")[0]
    assert warm.key == "warmest period 2010\u20132014"
    assert warm.flippers == ["big"]
    assert 0 < warm.k <= warm.m == 108


def test_vectorised_leave_one_out_matches_brute_force():
    rng = np.random.default_rng(11)
    n = 120
    years = rng.integers(1960, 2000, n)
    rows = [(f"e{i}", f"{y}-06-01", float(rng.choice([-6, -3, -1, 1, 2, 4, 7])))
            for i, y in enumerate(years)]
    ev = make_events(rows)
    # the periods of the table and of each table without one event (the same for every stat)
    full = periods(ev, 1960, 1999, 5)
    without = [periods(ev.drop(index=i), 1960, 1999, 5) for i in range(n)]
    for stat in ("sum", "mean", "count"):
        head = Spec(stat, 5, 0, True)
        found = multiverse(ev, 1960, 1999, headline=head, change_points=False)

        def headline_findings(p):
            inside = 2 * p["years"].to_numpy() >= 5
            v = _loo.values(stat, p["events"].to_numpy(), p["net"].to_numpy(),
                            p["n_coop"].to_numpy(), p["n_tension"].to_numpy(), inside)
            t = _loo.turning(v)
            return (_loo.extreme(v, True), _loo.extreme(v, False),
                    (t, np.sign(np.diff(v)[t]) if t is not None else 0))

        base = headline_findings(full)
        brute = {"warmest": [], "coldest": [], "turning": []}
        for i in range(n):
            w, c, t = headline_findings(without[i])
            for name, new, old in (("warmest", w, base[0]), ("coldest", c, base[1]),
                                   ("turning", t, base[2])):
                if new != old:
                    brute[name].append(f"e{i}")
        for name in brute:
            got = _by_kind(found, name)[0].flippers
            assert sorted(got) == sorted(brute[name]), (stat, name)


def test_era_signs_and_flippers():
    rows = [("a1", "1990-01-01", 3.0), ("a2", "1991-01-01", -2.5, "AAA", True, False),
            ("b1", "2001-01-01", -4.0), ("b2", "2003-01-01", -1.0), ("b3", "2004-01-01", 2.0)]
    ev = make_events(rows)
    eras = pd.DataFrame({"era": ["first", "second"], "start": [1990, 2000]})
    found = _by_kind(multiverse(ev, 1990, 2009, eras=eras, change_points=False), "era")
    assert [f.key for f in found] == ["era first on balance cooperative",
                                      "era second on balance tense"]
    first, second = found
    # first: net +0.5 with indirect, +3 without; by counts 1 vs 1 with indirect is balanced
    assert (first.k, first.m) == (5, 6) and first.flippers == ["a1"]
    # second: net -3, 2 tension vs 1 cooperative events; without b1 (-4) net turns +1
    assert (second.k, second.m) == (6, 6) and second.flippers == ["b1"]


def test_change_point_findings_and_determinism():
    ev = simulate_events(np.random.default_rng(5), n_years=40, break_at=20, tone_shift=6.0)
    ev.loc[ev.index[::7], "indirect"] = True
    found = multiverse(ev, START, START + 39)
    changes = [f for f in found if f.kind.startswith("change_")]
    assert any(f.kind == "change_tone" for f in changes)
    for f in changes:
        assert f.m == 2 and 1 <= f.k <= 2
        assert set(f.flippers) <= set(ev["event_id"])
    again = multiverse(ev, START, START + 39)
    assert [(f.key, f.k, f.m, f.flippers) for f in found] == \
        [(f.key, f.k, f.m, f.flippers) for f in again]
