"""Multi-call cases (issue 21, item 3): how one call of a case shapes the next, as the training material says."""

from __future__ import annotations

import pytest

from simulator.catalog.case_spec import load_cases
from simulator.config import PROJECT_ROOT
from simulator.db.live_catalog import played_as
from simulator.engine.conversation import Conversation, starting_state
from simulator.grading.objectives import _check
from simulator.messages import render
from simulator.practice.cases.timeline import (
    CallRecord,
    call_record,
    case_lesson,
    case_summary,
    next_call,
    owed,
    promise_kept,
)

CASES = load_cases(PROJECT_ROOT / "personas" / "cases")
RECAP = {"moves": ["confirm_commitment"], "reading": {"recap": ["amount", "date"]}}
WHY = {"moves": ["stress_promise"], "reading": {}}


def _case(catalog, case_id="promiser-three-dates"):
    case = CASES[case_id]
    base = catalog.scenario(case.scenario)
    return case, base, catalog.personas[base.persona]


def _record(number, day, **kw) -> CallRecord:
    return CallRecord(number=number, day=day, status="ended", outcome=kw.pop("outcome", "promise_to_pay"), **kw)


def test_three_seed_faithful_cases_ship_one_of_them_on_the_promiser(catalog):
    assert len(CASES) >= 3
    archetypes = {catalog.personas[catalog.scenario(c.scenario).persona].archetype for c in CASES.values()}
    assert "promiser" in archetypes and len(archetypes) >= 3
    for case in CASES.values():
        assert catalog.scenario(case.scenario) is not None, case.id
        assert [c.day for c in case.calls] == sorted(c.day for c in case.calls)
        assert len({c.stage for c in case.calls}) >= 2, f"{case.id}: the case should cross a stage"


def test_every_objective_of_every_case_call_is_one_the_grader_can_assess(catalog):
    for case in CASES.values():
        for call in case.calls:
            for objective in call.objectives:
                assert _check([], False, objective.id) is not None, (case.id, objective.id)


def test_a_promise_beyond_the_debtor_s_reach_is_broken():
    kept, why = promise_kept("victim", 5000, 1500, [RECAP])
    assert not kept and "5000" in why and "1500" in why


def test_a_promiser_keeps_a_promise_only_when_told_why_it_matters():
    kept, why = promise_kept("promiser", 2000, 2000, [RECAP])
    assert not kept and "告诉他兑现其还款诺言的重要性" in why
    assert promise_kept("promiser", 2000, 2000, [RECAP, WHY])[0]


def test_a_promise_nobody_repeated_back_slides_past_its_day():
    kept, why = promise_kept("confident", 1000, 3000, [WHY])
    assert not kept and "复述" in why
    assert promise_kept("confident", 1000, 3000, [RECAP])[0]


def test_what_a_collector_said_in_violation_does_not_pin_a_promise():
    bad = {**RECAP, "violations": [{"category": "threat", "severity": "critical"}]}
    assert not promise_kept("confident", 1000, 3000, [bad])[0]


def test_a_day_said_with_no_amount_agreed_is_a_vague_promise_and_is_broken():
    record = call_record(1, 3, status="ended", outcome="none", memory={}, archetype="promiser", can_pay_now=2000,
                         lines=[], debtor_intents=frozenset({"promising"}), said_date="下周四")
    assert record.promised and record.vague and record.kept is False and "下周四" in record.why
    quiet = call_record(1, 3, status="ended", outcome="none", memory={}, archetype="promiser", can_pay_now=2000,
                        lines=[], debtor_intents=frozenset({"excuse"}), said_date="下周四")
    assert not quiet.promised and quiet.kept is None


def test_a_call_left_or_still_running_holds_no_promise():
    for status, left in (("active", False), ("ended", True)):
        record = call_record(1, 3, status=status, outcome="promise_to_pay", memory={"agreed_amount": 500},
                             archetype="confident", can_pay_now=900, lines=[RECAP], left=left)
        assert not record.promised and record.kept is None


def test_the_first_call_plays_the_case_s_start_not_the_base_scenario_s_history(catalog):
    case, base, card = _case(catalog)
    number, fields = next_call(case, base, card, [])
    assert number == 1 and fields["day"] == 3 and fields["stage"] == "M1" and fields["situation"] == "none"
    played = played_as(base, fields)
    assert played.case_file.days_overdue == 3
    assert [c.result for c in played.case_file.contact_history] == [c.result for c in case.start.contact_history]
    assert played.case_file.debtor_name == base.case_file.debtor_name and played.hidden_truth == base.hidden_truth
    assert played.title.zh == case.calls[0].title.zh and played.objectives == case.calls[0].objectives


def test_a_broken_promise_makes_the_next_call_the_broken_promises_situation_with_a_warier_debtor(catalog):
    case, base, card = _case(catalog)
    broken = _record(1, 3, amount=2000, date="下周四", kept=False)
    kept = _record(1, 3, amount=2000, date="下周四", kept=True)
    _, after_broken = next_call(case, base, card, [broken])
    _, after_kept = next_call(case, base, card, [kept])
    assert after_broken["situation"] == "broken_promises" and after_kept["situation"] == "none"
    assert after_broken["initial_state"]["trust"] < after_kept["initial_state"]["trust"]
    assert after_broken["initial_state"]["willingness"] < after_kept["initial_state"]["willingness"]
    assert after_broken["case_file"]["contact_history"][-1]["result"].endswith("到期未还")
    assert after_kept["case_file"]["contact_history"][-1]["result"].endswith("已按约还款")
    assert "已1次约定还款未兑现" in after_broken["case_file"]["notes"]
    # a kept promise lowers what is owed; a broken one does not
    assert after_kept["case_file"]["overdue_amount"] == base.case_file.overdue_amount - 2000
    assert after_broken["case_file"]["overdue_amount"] == base.case_file.overdue_amount


def test_the_debtor_of_the_next_call_really_starts_warier(catalog):
    case, base, card = _case(catalog)
    _, fields = next_call(case, base, card, [_record(1, 3, amount=2000, date="下周四", kept=False)])
    convo = Conversation(played_as(base, fields), card, seed=3)
    fresh = starting_state(base, card)
    assert convo.memory.state.trust < fresh.trust


def test_a_hang_up_starts_the_next_call_angrier(catalog):
    case, base, card = _case(catalog)
    _, calm = next_call(case, base, card, [_record(1, 3, outcome="none")])
    _, heated = next_call(case, base, card, [_record(1, 3, outcome="hung_up")])
    assert heated["initial_state"]["anger"] > calm["initial_state"]["anger"]


def test_a_new_instalment_falls_due_and_a_later_stage_raises_the_difficulty(catalog):
    case, base, card = _case(catalog)
    records = [_record(1, 3, outcome="none"), _record(2, 20, outcome="none")]
    _, third = next_call(case, base, card, records)
    assert third["stage"] == "M2" and third["difficulty"] == 2
    assert third["case_file"]["overdue_amount"] == base.case_file.overdue_amount + case.calls[2].falls_due


def test_the_case_is_over_after_its_last_call_or_once_the_debt_is_cleared(catalog):
    case, base, card = _case(catalog)
    three = [_record(n, c.day, outcome="none") for n, c in enumerate(case.calls, 1)]
    assert next_call(case, base, card, three) is None
    cleared = [_record(1, 3, amount=owed(base, case, [], 1), date="下周四", kept=True)]
    assert next_call(case, base, card, cleared) is None


def test_the_case_debrief_counts_promises_and_money_and_names_the_one_lesson(catalog):
    case, base, card = _case(catalog)
    why = promise_kept("promiser", 2000, 2000, [RECAP])[1]
    records = [_record(1, 3, amount=2000, date="下周四", kept=False, why=why, score=90, passed=True),
               _record(2, 20, amount=1500, date="周五", kept=True, score=95, passed=True),
               _record(3, 45, outcome="none", score=60, passed=False)]
    summary = case_summary(case, base, records)
    assert (summary["promises"], summary["kept"], summary["broken"]) == (2, 1, 1)
    assert summary["recovered"] == 1500 and summary["owed"] == base.case_file.overdue_amount + 3660
    assert summary["scores"] == [90, 95, 60] and summary["passed"] == 2
    assert summary["lesson"] == why


def test_calls_that_each_pass_but_collect_nothing_are_called_out(catalog):
    _, base, _ = _case(catalog)
    vague = call_record(1, 3, status="ended", outcome="none", memory={}, archetype="promiser", can_pay_now=2000,
                        lines=[], debtor_intents=frozenset({"promising"}), said_date="下周四", score=93, passed=True)
    lesson = case_lesson(base, [vague, vague])
    assert "每一通单看都及格了" in lesson and "不接受模糊保证" in lesson
    assert "Each call passed on its own" in render(lesson, "en")


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_seed_of_each_case_call_gives_a_debtor_who_speaks_the_case(catalog, case_id):
    case, base, card = _case(catalog, case_id)
    _, fields = next_call(case, base, card, [])
    convo = Conversation(played_as(base, fields), card, seed=11)
    assert "{" not in convo.open().text
