"""The one change a debrief leads with (grading/lesson.py, issue 20)."""

from __future__ import annotations

from simulator.grading.lesson import TurnLine, anger_around, compare, one_change, ordinals

TURNS = [
    TurnLine(0, "debtor", "喂?", anger=0.2),
    TurnLine(1, "collector", "您好,请问是刘女士吗?"),
    TurnLine(2, "debtor", "是我,什么事?", anger=0.2),
    TurnLine(3, "collector", "您欠的钱什么时候还?"),
    TurnLine(4, "debtor", "你们烦不烦!", anger=0.6),
    TurnLine(5, "collector", "那您今天能还多少?"),
    TurnLine(6, "debtor", "没钱。", anger=0.65),
]


def grade(**kw):
    base = {"overall": 80, "passed": True, "violations": [], "objectives": [],
            "dimensions": {"courtesy": {"score": 90, "evidence": []}, "legality": {"score": 100, "evidence": []}}}
    return base | kw


def test_one_numbering_counts_the_trainee_s_lines_and_a_reply_carries_the_line_it_answers():
    assert ordinals(TURNS) == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3}


def test_anger_around_a_line_is_the_reply_before_and_the_reply_after():
    assert anger_around(TURNS) == {1: (0.2, 0.2), 3: (0.2, 0.6), 5: (0.6, 0.65)}


def test_the_most_severe_violation_comes_first():
    g = grade(violations=[
        {"category": "rude", "severity": "minor", "turn": 1, "quote": "a", "suggestion": "x", "description": "d1"},
        {"category": "threat", "severity": "critical", "turn": 5, "quote": "b", "suggestion": "y", "description": "d2"},
    ])
    lesson = one_change(g, TURNS)
    assert (lesson.kind, lesson.turn, lesson.category, lesson.suggestion) == ("violation", 5, "threat", "y")
    assert (lesson.anger_before, lesson.anger_after) == (60, 65)


def test_without_violations_the_weak_line_that_cost_most_wins_and_anger_counts():
    g = grade(dimensions={
        "courtesy": {"score": 80, "evidence": [
            {"turn": 5, "quote": "那您今天能还多少?", "note": "n5", "suggestion": "s5", "positive": False},
            {"turn": 3, "quote": "您欠的钱什么时候还?", "note": "n3", "suggestion": "s3", "positive": False}]},
        "pressure": {"score": 75, "evidence": [
            {"turn": 1, "quote": "您好", "note": "n1", "suggestion": "s1", "positive": False}]},
    })
    lesson = one_change(g, TURNS)  # line 3 (index 3) raised anger 0.2 → 0.6: 20 + 40 beats 25 + 0
    assert (lesson.kind, lesson.turn, lesson.dimension, lesson.suggestion) == ("weak_line", 3, "courtesy", "s3")
    assert (lesson.anger_before, lesson.anger_after) == (20, 60)


def test_a_line_after_which_anger_jumped_is_explained_even_when_nothing_was_marked():
    lesson = one_change(grade(), TURNS)
    assert (lesson.kind, lesson.turn, lesson.quote) == ("anger", 3, "您欠的钱什么时候还?")


def test_then_a_missed_objective_then_a_line_to_keep():
    calm = [TurnLine(0, "debtor", "喂", anger=0.3), TurnLine(1, "collector", "您好"), TurnLine(2, "debtor", "嗯", anger=0.3)]
    g = grade(objectives=[{"id": "verify_identity", "zh": "核实身份", "met": True},
                          {"id": "secure_promise", "zh": "拿到承诺", "met": False}])
    assert (one_change(g, calm).kind, one_change(g, calm).objective) == ("objective", "secure_promise")
    keep = grade(dimensions={"courtesy": {"score": 95, "evidence": [
        {"turn": 1, "quote": "您好", "note": "礼貌开场", "positive": True}]}})
    lesson = one_change(keep, calm)
    assert (lesson.kind, lesson.turn, lesson.why) == ("keep", 1, "礼貌开场")
    assert one_change(grade(), calm) is None


def test_a_call_level_violation_has_no_line():
    g = grade(violations=[{"category": "no_identity_check", "severity": "major", "turn": -1, "quote": "",
                           "suggestion": "先核实身份", "description": "d"}])
    lesson = one_change(g, TURNS)
    assert lesson.turn is None and lesson.suggestion == "先核实身份"


def test_compare_reports_per_dimension_deltas_and_whether_last_time_s_change_was_made():
    before = grade(overall=52, passed=False, violations=[{"category": "threat", "severity": "critical", "turn": 3,
                                                          "quote": "q", "suggestion": "s", "description": "d"}],
                   dimensions={"courtesy": {"score": 70, "evidence": []}, "legality": {"score": 20, "evidence": []}})
    now = grade(overall=84)
    out = compare(now, before, one_change(before, TURNS))
    assert out["overall"] == {"now": 84, "before": 52, "delta": 32}
    assert {d["id"]: d["delta"] for d in out["dimensions"]} == {"courtesy": 20, "legality": 80}
    assert out["last_change_made"] is True and out["violations"] == {"now": 0, "before": 1}
    again = compare(before, before, one_change(before, TURNS))
    assert again["last_change_made"] is False
