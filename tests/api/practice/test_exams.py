"""Exam mode (issue 21, item 1): a trainer or HR sets an exam for a cohort; a trainee gets one timed attempt at
a scenario drawn from the pool, with no hints, no rewind and no retry; another attempt needs a grant; a
programme requirement marked ``exam`` counts exam calls only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from simulator.db.models import PracticeSession, utcnow
from tests.api.practice.test_pages import csrf, login

POOL = ["victim-m1", "evasive-m1"]
CALM = ["您好,我是贷后服务部的小陈,工号0917,请问是本人吗?", "您先别着急,慢慢说,我在听。"]


@pytest.fixture
def cohort(coached):
    """tina coaches alice in 一期 (tests/api/practice/conftest.py)."""
    return coached


def _exam(client, headers, cohort, **kw) -> dict:
    body = {"name": "M1 上岗考试", "cohort_id": cohort, "pool": POOL, "time_limit_minutes": 10} | kw
    res = client.post("/api/exams", json=body, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def _take(client, headers, exam_id, lines=CALM) -> str:
    res = client.post(f"/api/exams/{exam_id}/attempts", headers=headers)
    assert res.status_code == 201, res.text
    sid = res.json()["session_id"]
    for line in lines:
        client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers)
    client.post(f"/api/sessions/{sid}/end", headers=headers)
    return sid


def test_the_cohort_s_trainer_sets_an_exam_and_the_trainee_sees_it(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort)
    assert exam["pool"] == POOL and exam["time_limit_minutes"] == 10
    mine = client.get("/api/me/exams", headers=trainee).json()
    assert [e["exam_id"] for e in mine] == [exam["id"]] and mine[0]["remaining"] == 1


def test_an_attempt_draws_a_scenario_from_the_pool_with_a_deadline_and_no_hints(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort)
    res = client.post(f"/api/exams/{exam['id']}/attempts", headers=trainee)
    assert res.status_code == 201
    session = client.get(f"/api/sessions/{res.json()['session_id']}", headers=trainee).json()
    assert session["scenario_id"] in POOL and session["exam_id"] == exam["id"] and not session["hints"]
    assert res.json()["deadline"]
    hints = client.post(f"/api/sessions/{session['id']}/hints", json={"on": True}, headers=trainee)
    assert hints.status_code == 409 and "hints" in hints.text
    again = client.post(f"/api/exams/{exam['id']}/attempts", headers=trainee)
    assert again.json()["session_id"] == session["id"]  # the running attempt, not a second one


def test_an_exam_is_taken_once_unless_another_attempt_is_granted(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort)
    _take(client, trainee, exam["id"])
    retake = client.post(f"/api/exams/{exam['id']}/attempts", headers=trainee)
    assert retake.status_code == 409 and "exam_id" in retake.text
    alice = next(t for t in client.get(f"/api/exams/{exam['id']}/results", headers=trainer).json()["trainees"]
                 if t["username"] == "alice")
    assert alice["remaining"] == 0 and len(alice["attempts"]) == 1 and alice["attempts"][0]["score"] is not None
    grant = client.post(f"/api/exams/{exam['id']}/grants", json={"user_id": alice["user_id"], "reason": "网络中断"},
                        headers=trainer)
    assert grant.status_code == 201
    assert client.post(f"/api/exams/{exam['id']}/attempts", headers=trainee).status_code == 201


def test_an_exam_call_is_neither_rewound_nor_retried_nor_re_graded_by_the_trainee(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort)
    sid = _take(client, trainee, exam["id"])
    rewind = client.post(f"/api/sessions/{sid}/branch", json={"turn": 1}, headers=trainee)
    assert rewind.status_code == 409
    assert client.post(f"/api/sessions/{sid}/grade", headers=trainee).status_code == 403
    login(client)
    page = client.get(f"/practice/{sid}").text
    assert 'id="retry"' not in page and "rewind-form" not in page and 'id="back-to-exams"' in page
    assert client.post(f"/practice/{sid}/retry", data={"csrf_token": csrf(page)}).status_code == 409


def test_a_line_after_the_time_is_up_is_refused_and_the_call_is_graded(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort, time_limit_minutes=1)
    sid = client.post(f"/api/exams/{exam['id']}/attempts", headers=trainee).json()["session_id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": CALM[0]}, headers=trainee)
    with Session(client.app.state.engine) as db:
        row = db.get(PracticeSession, sid)
        row.deadline = utcnow() - timedelta(minutes=1)
        db.add(row)
        db.commit()
    late = client.post(f"/api/sessions/{sid}/turns", json={"text": CALM[1]}, headers=trainee)
    assert late.status_code == 409 and "time is up" in late.text
    mine = client.get("/api/me/exams", headers=trainee).json()[0]  # reading the exams ends and grades it
    assert mine["attempts"][0]["status"] == "ended" and mine["attempts"][0]["score"] is not None
    detail = client.get(f"/api/sessions/{sid}", headers=trainee).json()
    assert detail["status"] == "ended" and len([t for t in detail["transcript"] if t["speaker"] == "collector"]) == 1


def test_bad_exams_are_refused_naming_the_field(client, trainer, hr, trainee, cohort):
    for body, field in (({"pool": ["no-such-scenario"]}, "pool"), ({"pool": ["no-answer-evasive"]}, "pool"),
                        ({"time_limit_minutes": 0}, "time_limit_minutes"), ({"cohort_id": 999}, "cohort_id"),
                        ({"name": ""}, "name")):
        body = {"name": "考试", "cohort_id": cohort, "pool": POOL, "time_limit_minutes": 10} | body
        res = client.post("/api/exams", json=body, headers=hr)
        assert res.status_code == 422 and field in res.text, (body, res.text)
    assert client.post("/api/exams", json={"name": "x", "cohort_id": cohort, "pool": POOL, "time_limit_minutes": 5},
                       headers=trainee).status_code == 403


def test_only_the_exam_s_cohort_takes_it_and_only_its_trainees_get_grants(client, trainer, hr, trainee,
                                                                           other_trainee, cohort):
    exam = _exam(client, hr, cohort)
    assert client.post(f"/api/exams/{exam['id']}/attempts", headers=other_trainee).status_code == 404
    bob = client.get("/api/auth/me", headers=other_trainee)
    bob_id = bob.json()["id"] if bob.status_code == 200 else 999
    res = client.post(f"/api/exams/{exam['id']}/grants", json={"user_id": bob_id}, headers=hr)
    assert res.status_code == 422 and "user_id" in res.text


def test_a_requirement_marked_exam_counts_exam_calls_only(client, hr, trainer, trainee, cohort, play):
    programme = client.post("/api/hr/programmes", json={"name": "考试认证", "requirements": [
        {"id": "exam-m1", "scenario": "victim-m1", "min_overall": 0, "no_critical": False, "exam": True}]},
        headers=hr)
    assert programme.status_code == 201, programme.text
    assert client.patch(f"/api/hr/cohorts/{cohort}", json={"programme_id": programme.json()["id"]},
                        headers=hr).status_code == 200

    def attempts() -> int:
        reqs = client.get("/api/me/path", headers=trainee).json()["progress"]["requirements"]
        return next(r["attempts"] for r in reqs if r["id"] == "exam-m1")

    play(trainee, "victim-m1", "good")
    assert attempts() == 0  # a practice call of the same scenario does not count
    exam = _exam(client, trainer, cohort, pool=["victim-m1"])
    _take(client, trainee, exam["id"])
    assert attempts() == 1


def test_the_exam_call_page_hides_what_would_give_the_debtor_away(client, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort, pool=["provocative-m1"])
    login(client)
    page = client.get("/exams").text
    assert "M1 上岗考试" in page and f'data-start-exam="{exam["id"]}"' in page
    res = client.post(f"/exams/{exam['id']}/start", data={"csrf_token": csrf(page)}, follow_redirects=False)
    assert res.status_code == 303
    chat = client.get(res.headers["location"]).text
    assert 'id="exam-timer"' in chat and "M1 上岗考试" in chat
    assert "挑衅型" not in chat and "学习笔记" not in chat and 'id="hints-toggle"' not in chat
    assert 'id="switch-to-call"' not in chat


def test_the_trainer_sets_an_exam_in_the_browser_and_grants_another_attempt(client, trainer, trainee, cohort,
                                                                            browser_login):
    browser_login("tina")
    page = client.get("/trainer/exams").text
    res = client.post("/trainer/exams", data={"csrf_token": csrf(page), "name": "抽考", "cohort_id": str(cohort),
                                              "pool": POOL, "time_limit_minutes": "8"}, follow_redirects=False)
    assert res.status_code == 303
    results = client.get(res.headers["location"]).text
    assert "抽考" in results and 'data-trainee="alice"' in results and "1 / 1" in results
    bad = client.post("/trainer/exams", data={"csrf_token": csrf(page), "name": "空题库", "cohort_id": str(cohort),
                                              "time_limit_minutes": "8"})
    assert bad.status_code == 422 and 'id="form-error"' in bad.text


def test_deleting_a_cohort_takes_its_exams_and_keeps_the_calls(client, hr, trainer, trainee, cohort):
    exam = _exam(client, trainer, cohort)
    alice = next(t for t in client.get(f"/api/exams/{exam['id']}/results", headers=hr).json()["trainees"])
    client.post(f"/api/exams/{exam['id']}/grants", json={"user_id": alice["user_id"]}, headers=hr)
    sid = _take(client, trainee, exam["id"])
    assert client.delete(f"/api/hr/cohorts/{cohort}", headers=hr).status_code == 204
    assert client.get("/api/exams", headers=hr).json() == []
    assert client.get(f"/api/sessions/{sid}", headers=trainee).json()["exam_id"] == exam["id"]
