"""The one rule for "change": known verdicts and the words that say which series moved."""

from bilateral.analysis.stats.bootstrap import DiffInterval
from bilateral.analysis.stats.change_rule import classify_change, describe


def test_classify_change_rule():
    assert classify_change((0.5, 3.0), 80, 108, 12, 9) == "change"
    assert classify_change((-3.0, -0.2), 72, 108, 5, 5) == "change"
    assert classify_change((-0.5, 3.0), 100, 108, 12, 9) == "within noise"
    assert classify_change((0.5, 3.0), 60, 108, 12, 9) == "within noise"
    assert classify_change((0.5, 3.0), 100, 108, 4, 9) == "too few events"
    d = DiffInterval("net", 1.0, float("nan"), float("nan"), 3, 9, True)
    assert classify_change(d, 100, 108, 3, 9) == "too few events"
    d = DiffInterval("tone", 1.0, 0.2, 1.9, 9, 9, False)
    assert classify_change(d, 100, 108, 9, 9) == "change"


def test_describe_says_which_moved():
    assert describe("change", 1.2, "within noise", 3) == \
        "tone warmed; activity unchanged within noise"
    assert describe("within noise", 0.3, "change", 14) == \
        "tone unchanged within noise; activity rose"
    assert describe("change", -2, "change", -5) == "tone cooled; activity fell"
    assert describe("too few events", 1, "too few events", 1) == \
        "too few events to call a change"
    assert describe("change", 0.8) == "tone warmed"
