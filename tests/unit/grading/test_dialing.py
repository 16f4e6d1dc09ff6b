"""The dialing of a phone-mode call (issue 7): the answer plan, calling hours, frequency, follow-up, and
text messages checked like any line said before the listener is identified."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from simulator.catalog.schema import AnswerPlan, Scenario
from simulator.grading.dialing import (
    Attempt,
    Message,
    at_night,
    dialing_violations,
    grade_unanswered,
    too_soon,
)

PLAN = AnswerPlan(answers_on_attempt=2, reachable=[{"start": "12:00", "end": "13:00"}, {"start": "18:30", "end": "21:00"}],
                  first_call_at="10:20", min_redial_minutes=60, max_attempts_per_day=3)


def tries(*times: str, day: int = 0) -> list[Attempt]:
    return [Attempt(attempt=i + 1, day=day, at=at, answered=False) for i, at in enumerate(times)]


@pytest.mark.parametrize("attempt,at,picks_up", [
    (1, "12:10", False),  # never on the first attempt
    (2, "10:21", False),  # at work: his phone is in a locker
    (2, "12:30", True), (2, "18:30", True), (3, "20:59", True),
    (2, "21:00", False),  # the window ends at 21:00
])
def test_the_plan_answers_from_its_attempt_inside_a_reachable_window(attempt, at, picks_up):
    assert PLAN.answers(attempt, at) is picks_up


def test_nobody_picks_up_a_no_answer_plan_and_anyone_picks_up_the_default_one():
    assert not AnswerPlan(picks_up="no_answer").answers(5, "12:00")
    assert AnswerPlan().answers(1, "03:00")


def test_a_window_must_end_after_it_starts_and_times_are_hh_mm():
    with pytest.raises(ValidationError, match="end"):
        AnswerPlan(reachable=[{"start": "18:00", "end": "12:00"}])
    with pytest.raises(ValidationError, match="first_call_at"):
        AnswerPlan(first_call_at="25:00")


def test_a_no_answer_scenario_must_not_be_answered_on_its_first_call(catalog):
    data = catalog.scenario("no-answer-evasive").model_dump()
    data["answer"]["answers_on_attempt"] = 1
    data["answer"]["reachable"] = []
    with pytest.raises(ValidationError, match="first call is not answered"):
        Scenario.model_validate(data)
    third = catalog.scenario("third-party-answers").model_dump()
    third["answer"] = {"picks_up": "debtor"}
    with pytest.raises(ValidationError, match="picks_up"):
        Scenario.model_validate(third)
    assert catalog.scenario("third-party-answers").answer_plan().picks_up == "third_party"


def test_calls_before_eight_or_from_ten_at_night_are_out_of_hours():
    """2026 banking-association guideline and GB/T 45251-2025: no collection 22:00–08:00 without agreement."""
    assert [at_night(t) for t in ("07:59", "08:00", "21:30", "21:59", "22:00", "23:30")] == [
        True, False, False, False, True, True]


def test_a_night_call_the_debtor_agreed_to_on_record_is_not_harassment(pack):
    plan = AnswerPlan(agreed_hours=[{"start": "22:00", "end": "23:00"}])
    assert dialing_violations(tries("22:15"), plan, pack) == []
    assert [v.rule for v in dialing_violations(tries("23:10"), plan, pack)] == ["CN-DIAL-NIGHT"]  # outside what he agreed
    assert [v.rule for v in dialing_violations(tries("22:15"), AnswerPlan(), pack)] == ["CN-DIAL-NIGHT"]


def test_a_redial_within_the_minimum_gap_after_a_ring_out_is_too_soon():
    attempts = tries("10:20", "10:21", "11:30", "11:50")
    assert [a.attempt for a in too_soon(attempts, PLAN)] == [2, 4]


def test_night_calls_and_a_fourth_call_in_a_day_are_harassment(pack):
    found = dialing_violations(tries("10:20", "12:10", "15:00", "22:10"), PLAN, pack)
    assert [(v.category, v.rule, v.severity) for v in found] == [
        ("harassment", "CN-DIAL-NIGHT", "major"), ("harassment", "CN-DIAL-TOO-OFTEN", "major")]
    assert found[0].quote == "第4次拨打(今天 22:10)" and found[0].basis  # the pack's legal basis


def test_a_lawful_message_and_a_call_back_at_another_time_pass(rubric, pack):
    grade = grade_unanswered(tries("10:20", "15:00"), [Message(0, "您好,我是安信消费金融的小陈,请您方便时回电。")],
                             PLAN, rubric, pack)
    assert (grade["overall"], grade["passed"], grade["mode"], grade["violations"]) == (100, True, "dialing", [])


def test_a_message_with_the_debt_in_it_is_a_privacy_breach(rubric, pack):
    grade = grade_unanswered(tries("10:20"), [Message(0, "你在安信的借款已逾期,欠款1680元,请马上还款。")],
                             PLAN, rubric, pack)
    assert [(v["category"], v["turn"]) for v in grade["violations"]] == [("privacy_breach", 0)]
    assert grade["overall"] == 60 and not grade["passed"]


def test_giving_up_after_one_ring_costs_the_follow_up(rubric, pack):
    grade = grade_unanswered(tries("10:20"), [], PLAN, rubric, pack)
    assert grade["overall"] == 70 and grade["violations"] == []
    assert any("没有任何跟进" in line for line in grade["debrief"])


def test_a_scenario_cannot_allow_more_than_six_attempts_a_day():
    """The 2026 banking-association guideline: not more than 6 attempts a day to the same contact."""
    assert AnswerPlan(max_attempts_per_day=6).max_attempts_per_day == 6
    with pytest.raises(ValidationError, match="max_attempts_per_day"):
        AnswerPlan(max_attempts_per_day=7)
