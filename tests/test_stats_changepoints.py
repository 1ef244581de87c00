"""Change points, calibrated by simulation: the acceptance tests of issue 10.

No break: at most 10% of runs report one. A known break: found within a year in at least 90%
of runs. 200 seeded runs per case (about a second each).
"""

import numpy as np
import pandas as pd
from stats_support import START, make_events, simulate_dates_and_intensities, simulate_events

from bilateral.analysis.stats._common import year_agg
from bilateral.analysis.stats.changepoints import (MIN_SEGMENT_EVENTS, WeightedL2, _pelt, _series,
                                                  break_years, change_points)


RUNS = 200
YEARS = 60
TRUTH = 30
TONE_SD_YEARLY = 1.96   # measured SD of the yearly tone series of simulate_events (rate 3, sd 3)


def _rate(series, seed, **kw):
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(RUNS):
        found = break_years(year_agg(simulate_dates_and_intensities(rng, **kw), START,
                                     START + YEARS - 1), series)
        if kw.get("break_at") is None:
            hits += bool(found)
        else:
            hits += any(abs(y - (START + TRUTH)) <= 1 for y in found)
    return hits / RUNS


def test_tone_no_break_false_positive_rate():
    assert _rate("tone", seed=101) <= 0.10


def test_activity_no_break_false_positive_rate():
    assert _rate("activity", seed=102) <= 0.10


def test_tone_shift_found_within_one_year():
    assert _rate("tone", seed=103, break_at=TRUTH, tone_shift=2.5 * TONE_SD_YEARLY) >= 0.90


def test_activity_tripling_found_within_one_year():
    assert _rate("activity", seed=104, break_at=TRUTH, rate_factor=3.0) >= 0.90


def test_calibration_tables_are_the_simulated_events_dates_and_intensities():
    for kw in ({}, {"break_at": TRUTH, "tone_shift": 4.9}, {"break_at": TRUTH, "rate_factor": 3}):
        full, short = np.random.default_rng(101), np.random.default_rng(101)
        for _ in range(3):  # the generators stay in step from one table to the next
            pd.testing.assert_frame_equal(simulate_dates_and_intensities(short, **kw),
                                          simulate_events(full, **kw)[["date", "intensity"]])


def test_weighted_l2_equals_ruptures_l2_for_unit_weights():
    y = np.random.default_rng(0).normal(size=40)
    import ruptures as rpt  # noqa: PLC0415 - 1.5 s; the package imports it on first use too

    mine, theirs = WeightedL2().fit(y), rpt.costs.CostL2().fit(y)
    for a, b in [(0, 40), (3, 17), (10, 11), (5, 39)]:
        assert np.isclose(mine.error(a, b), theirs.error(a, b))


def test_pelt_segments_with_the_weighted_cost_not_its_default():
    # Pelt silently falls back to its own l2 cost when the custom cost is not a BaseCost
    import ruptures  # noqa: PLC0415 - see above

    y = np.r_[np.zeros(10), np.ones(10)]
    cost = WeightedL2(np.ones_like(y)).fit(y)
    algo = _pelt()(custom_cost=cost, min_size=2, jump=1).fit(y)
    assert algo.cost is cost and isinstance(cost, ruptures.base.BaseCost)
    assert algo.predict(pen=0.1) == [10, 20]


def test_ruptures_is_imported_without_scipy_yet_its_scipy_costs_still_work():
    """A fresh interpreter, as a report's kernel: segmenting imports ruptures but none of the
    scipy modules only its other costs need; ruptures' rank cost, which needs scipy.stats,
    imports it when called; scipy imported afterwards is the real one."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    script = """
import sys
import numpy as np
from bilateral.analysis.stats import _ruptures
from bilateral.analysis.stats.changepoints import _pelt
assert _pelt().__name__ == "Pelt" and "ruptures" in sys.modules
print(sorted(m for m in sys.modules if m.startswith("scipy")))
import ruptures
y = np.r_[np.zeros(10), 5 * np.ones(10)].reshape(-1, 1)
print(ruptures.Pelt(model="rank", min_size=2, jump=1).fit(y).predict(pen=1))
print(ruptures.costs.costrank.rankdata.__doc__)
print(sys.modules["scipy.stats.mstats"].__file__)
import scipy.signal, scipy.spatial.distance
print(scipy.signal.argrelmax(np.array([0, 2, 0]))[0].tolist(), scipy.spatial.distance.__file__)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "[]"  # no scipy module at all
    assert out[1] == "[10, 20]"  # the rank cost ranks with scipy's rankdata
    assert out[2] == "scipy.stats.mstats.rankdata, imported when first called"
    assert out[3].endswith(".py")  # the real module, from scipy's files
    assert out[4].startswith("[1] ") and out[4].endswith(".py")


def test_ruptures_takes_scipy_itself_when_scipy_is_already_imported():
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    script = """
import scipy.stats.mstats, scipy.spatial.distance
from bilateral.analysis.stats._ruptures import ruptures
print(ruptures().costs.costrank.rankdata is scipy.stats.mstats.rankdata)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["True"]


def test_too_few_events_gives_reason_and_no_breaks():
    ev = make_events([(f"e{i}", f"{2000 + i}-01-01", 3) for i in range(8)])
    result = change_points(ev, 2000, 2010)
    assert result.breaks == [] and "events" in result.reason
    ev = make_events([(f"e{i}", f"{2000 + i % 4}-01-01", 3) for i in range(20)])
    result = change_points(ev, 2000, 2010)
    assert result.breaks == [] and "years" in result.reason


def test_clear_break_details_and_min_segment_events():
    rng = np.random.default_rng(7)
    ev = simulate_events(rng, break_at=TRUTH, tone_shift=6.0, rate_factor=3.0)
    result = change_points(ev, START, START + YEARS - 1)
    assert result.reason is None
    tone = [b for b in result.breaks if b.series == "tone"]
    act = [b for b in result.breaks if b.series == "activity"]
    assert tone and act
    for b in tone + act:
        assert b.interval[0] <= b.year <= b.interval[1] and 0 < b.stability <= 1
    t = min(tone, key=lambda b: abs(b.year - START - TRUTH))
    assert abs(t.year - START - TRUTH) <= 1 and t.level_after > t.level_before + 3
    a = min(act, key=lambda b: abs(b.year - START - TRUTH))
    assert a.level_after > 2 * a.level_before
    assert change_points(ev, START, START + YEARS - 1) == result


def test_every_tone_segment_has_min_events():
    rng = np.random.default_rng(3)
    for _ in range(30):
        agg = year_agg(simulate_events(rng, rate=0.6, break_at=25, tone_shift=5.0),
                       START, START + YEARS - 1)
        s = _series(agg, "tone")
        years = break_years(agg, "tone", beta=0.5)
        edges = [0] + [int(np.searchsorted(s.years, y)) for y in years] + [len(s.y)]
        counts = [s.w[a:b].sum() for a, b in zip(edges[:-1], edges[1:])]
        assert min(counts) >= MIN_SEGMENT_EVENTS
