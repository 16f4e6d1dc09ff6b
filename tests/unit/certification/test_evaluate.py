"""Requirement evaluation edge cases (issue 6 item 8): window, critical violation, rubric versions,
dimension minimums, minimum attempts, the certificate boundary."""

from __future__ import annotations

from datetime import timedelta

from simulator.certification.rules.evaluate import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    evaluate,
    evaluate_requirement,
)
from simulator.certification.rules.spec import ProgrammeSpec, Requirement
from tests.unit.certification.helpers import NOW, attempt


def req(**kw) -> Requirement:
    base = {"archetype": "victim", "stage": "M1", "difficulty": 1, "min_overall": 70, "window_days": 30}
    return Requirement(**(base | kw))


def run(r: Requirement, attempts, **kw):
    return evaluate_requirement(r, attempts, rubric_id="default", now=NOW, **kw)


def test_a_passing_attempt_in_the_window_is_done_with_its_evidence():
    res = run(req(), [attempt(overall=72), attempt(overall=88, days_ago=3)])
    assert res.status == DONE and res.best_score == 88 and res.attempts == 2 and res.qualifying == 2
    assert [a.overall for a in res.evidence] == [88]  # the best qualifying attempt is the evidence


def test_nothing_practised_is_not_started():
    res = run(req(), [attempt("provocative-m1")])
    assert res.status == NOT_STARTED and res.best_score is None and res.last_practice is None


def test_attempts_outside_the_window_do_not_count():
    res = run(req(window_days=30), [attempt(overall=95, days_ago=31)])
    assert res.status == IN_PROGRESS  # practised, but too long ago
    assert res.attempts == 0 and res.blockers == {"outside_window": 1}
    assert res.last_practice == NOW - timedelta(days=31)
    assert run(req(window_days=None), [attempt(overall=95, days_ago=31)]).status == DONE


def test_a_critical_violation_disqualifies_an_otherwise_passing_attempt():
    res = run(req(), [attempt(overall=92, critical=1)])
    assert res.status == IN_PROGRESS and res.blockers == {"critical_violation": 1}
    assert res.best_score == 92  # it still shows as the best score, it just does not qualify
    assert run(req(no_critical=False), [attempt(overall=92, critical=1)]).status == DONE


def test_low_overall_and_low_dimension_are_reported_separately():
    res = run(req(min_dimensions={"legality": 95}), [attempt(overall=60), attempt(overall=90)])
    assert res.status == IN_PROGRESS
    assert res.blockers == {"below_overall": 1, "below_dimension": 1}


def test_minimum_attempts_needs_that_many_qualifying_attempts():
    r = req(min_attempts=2)
    assert run(r, [attempt(overall=80)]).status == IN_PROGRESS
    res = run(r, [attempt(overall=80), attempt(overall=75, days_ago=2)])
    assert res.status == DONE and len(res.evidence) == 2


def test_requirements_match_on_difficulty_stage_and_scenario():
    assert run(req(), [attempt(stage="M3", difficulty=2, overall=90)]).status == NOT_STARTED
    sc = Requirement(scenario="broken-promises", min_overall=80)
    hit = attempt("broken-promises", archetype="promiser", stage="M2", difficulty=2, overall=81)
    assert run(sc, [hit]).status == DONE
    assert run(sc, [attempt("promiser-m1", overall=99)]).status == NOT_STARTED


def test_incomplete_grades_never_qualify():
    res = run(req(min_overall=0), [attempt(overall=0, mode="incomplete")])
    assert res.status == IN_PROGRESS and res.blockers == {"incomplete": 1}


def test_a_call_nobody_answered_never_qualifies_however_well_it_was_dialled():
    res = run(req(), [attempt(overall=100, mode="dialing")])  # a lawful text after one ring-out scores 100
    assert res.status == IN_PROGRESS and res.blockers == {"no_conversation": 1}


def test_a_rubric_version_change_mid_programme_keeps_earlier_work():
    """Policy: any version of the programme's rubric id counts; the certificate lists the versions."""
    spec = ProgrammeSpec(name="L1", rubric="default", requirements=[req(), req(archetype="provocative")])
    attempts = [attempt("victim-m1", rubric="default@1", days_ago=10),
                attempt("provocative-m1", rubric="default@2", days_ago=1)]
    progress = evaluate(spec, attempts, now=NOW)
    assert progress.complete
    assert progress.rubric_versions() == ["default@1", "default@2"]


def test_attempts_under_another_rubric_do_not_count():
    res = run(req(), [attempt(rubric="strict@1", overall=99)])
    assert res.status == IN_PROGRESS and res.blockers == {"other_rubric": 1}


def test_the_boundary_of_a_previous_certificate_excludes_older_attempts():
    since = NOW - timedelta(days=5)
    res = run(req(), [attempt(days_ago=6, overall=95)], since=since)
    assert res.status == IN_PROGRESS and res.blockers == {"before_boundary": 1}
    assert run(req(), [attempt(days_ago=4, overall=95)], since=since).status == DONE


def test_programme_progress_counts_and_percent():
    spec = ProgrammeSpec(name="L1", requirements=[req(), req(archetype="provocative"), req(archetype="evasive")])
    progress = evaluate(spec, [attempt(overall=90), attempt("provocative-m1", overall=50)], now=NOW)
    assert (progress.done, progress.total, progress.percent, progress.complete) == (1, 3, 33, False)
    assert [r.status for r in progress.requirements] == [DONE, IN_PROGRESS, NOT_STARTED]
