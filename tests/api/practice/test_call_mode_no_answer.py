"""Dialing a phone-mode call over HTTP (issue 7): the scenario's answer plan decides who picks up and on
which attempt; a call nobody answers is graded on when and how often the trainee called and on any
text message they left."""

from __future__ import annotations

from fastapi.testclient import TestClient

from simulator.practice.calls.dialing import CARRIER_NO_ANSWER

SCENARIO = "no-answer-evasive"  # first call 10:20 rings out; he picks up from the 2nd attempt at 12:00-13:00 or 18:30-21:00
LAWFUL_SMS = "周先生您好,我是安信消费金融的客服专员小陈,有事需要跟您本人沟通,方便时请回电4008-123-456,谢谢。"
DISCLOSING_SMS = "周志强,你在安信消费金融的借款已逾期9天,欠款1680元,请马上还款。"


def start_call(client: TestClient, headers: dict[str, str], scenario: str = SCENARIO) -> str:
    res = client.post("/api/sessions", json={"scenario_id": scenario, "mode": "call"}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def dial(client: TestClient, headers: dict[str, str], sid: str, **when) -> dict:
    res = client.post(f"/api/sessions/{sid}/dial", json=when, headers=headers)
    assert res.status_code == 200, res.text
    return res.json()


def end(client: TestClient, headers: dict[str, str], sid: str) -> dict:
    res = client.post(f"/api/sessions/{sid}/end", headers=headers)
    assert res.status_code == 200, res.text
    return res.json()


def transcript(client: TestClient, headers: dict[str, str], sid: str) -> list[dict]:
    return client.get(f"/api/sessions/{sid}", headers=headers).json()["transcript"]


def test_an_ordinary_scenario_is_answered_on_the_first_dial_with_the_opening_line(client, trainee):
    sid = start_call(client, trainee, "provocative-m1")
    first = dial(client, trainee, sid)
    assert first["answered"] is True and first["carrier"] is None
    assert first["attempt"] == {"attempt": 1, "day": 0, "at": "10:00", "answered": True, "night": False,
                                "too_soon": False}
    assert first["opening"] == transcript(client, trainee, sid)[0]["text"] and first["turn"] == 0
    assert dial(client, trainee, sid) == first  # a reload dials again: the same answer, no new attempt


def test_the_first_call_rings_out_and_the_opening_waits_until_someone_picks_up(client, trainee):
    sid = start_call(client, trainee)
    first = dial(client, trainee, sid)
    assert first["answered"] is False and first["carrier"] == CARRIER_NO_ANSWER
    assert first["attempt"]["at"] == "10:20" and first["opening"] is None
    assert transcript(client, trainee, sid) == []  # nobody said anything
    sms = client.post(f"/api/sessions/{sid}/sms", json={"text": LAWFUL_SMS}, headers=trainee)
    assert sms.status_code == 201 and sms.json()["turn"] == 0
    still_busy = dial(client, trainee, sid, day=0, at="15:00")  # he is on the line at work
    assert still_busy["answered"] is False and still_busy["attempt"]["too_soon"] is False
    lunch = dial(client, trainee, sid, day=0, at="18:45")  # after work
    assert lunch["answered"] is True and lunch["speaker"] == "debtor" and lunch["turn"] == 1
    lines = transcript(client, trainee, sid)
    assert [(t["speaker"], t["input_mode"]) for t in lines] == [("collector", "sms"), ("debtor", None)]
    assert lines[0]["call_ms"] is None  # a text message is not part of the call's timeline
    assert lines[1]["text"] == lunch["opening"]
    reply = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,请问是周志强先生吗?"}, headers=trainee)
    assert reply.status_code == 200 and reply.json()["turn"] == 3


def test_a_text_message_gets_no_reply_even_after_a_reload(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    client.post(f"/api/sessions/{sid}/sms", json={"text": LAWFUL_SMS}, headers=trainee)
    assert client.get(f"/call/{sid}", headers=trainee).status_code == 200
    assert [t["speaker"] for t in transcript(client, trainee, sid)] == ["collector"]


def test_a_call_nobody_answered_with_a_lawful_message_passes_on_its_dialing(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    client.post(f"/api/sessions/{sid}/sms", json={"text": LAWFUL_SMS}, headers=trainee)
    dial(client, trainee, sid, day=0, at="15:30")
    grade = end(client, trainee, sid)
    assert grade["mode"] == "dialing" and grade["passed"] is True and grade["violations"] == []
    assert grade["overall"] == 100
    assert [a["at"] for a in grade["call"]["attempts"]] == ["10:20", "15:30"]
    assert grade["session"]["call"]["attempts"][0]["answered"] is False
    assert any("短信没有透露欠款信息" in line for line in grade["debrief"])


def test_a_message_that_discloses_the_debt_is_a_privacy_breach(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    client.post(f"/api/sessions/{sid}/sms", json={"text": DISCLOSING_SMS}, headers=trainee)
    grade = end(client, trainee, sid)
    assert [v["category"] for v in grade["violations"]] == ["privacy_breach"]
    assert grade["violations"][0]["turn"] == 0 and grade["passed"] is False


def test_redialing_again_and_again_and_calling_at_night_is_harassment(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    for at in ("10:21", "10:22", "10:23"):
        assert dial(client, trainee, sid, day=0, at=at)["attempt"]["too_soon"] is True
    late = dial(client, trainee, sid, day=1, at="22:30")
    assert late["attempt"]["night"] is True and late["answered"] is False  # he is asleep, and it is unlawful
    grade = end(client, trainee, sid)
    assert sorted(v["rule"] for v in grade["violations"]) == ["CN-DIAL-NIGHT", "CN-DIAL-TOO-OFTEN"]
    assert {v["category"] for v in grade["violations"]} == {"harassment"}
    assert grade["passed"] is False and grade["overall"] < 40
    assert any("不到 60 分钟" in line for line in grade["debrief"])


def test_ringing_once_and_giving_up_is_not_a_follow_up(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    grade = end(client, trainee, sid)
    assert grade["mode"] == "dialing" and grade["overall"] == 70 and grade["violations"] == []
    assert any("没有任何跟进" in line for line in grade["debrief"])


def test_bad_dialing_input_is_a_4xx_naming_the_field(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    earlier = client.post(f"/api/sessions/{sid}/dial", json={"day": 0, "at": "09:00"}, headers=trainee)
    assert earlier.status_code == 422 and "at" in earlier.json()["detail"]
    missing = client.post(f"/api/sessions/{sid}/dial", json={}, headers=trainee)
    assert missing.status_code == 422 and "at" in missing.json()["detail"]
    for body in ({"day": 0, "at": "25:00"}, {"day": 9, "at": "12:00"}, {"day": 0, "at": "12:00", "x": 1}):
        assert client.post(f"/api/sessions/{sid}/dial", json=body, headers=trainee).status_code == 422
    empty = client.post(f"/api/sessions/{sid}/sms", json={"text": "  "}, headers=trainee)
    assert empty.status_code == 422 and "text" in empty.json()["detail"]
    long = client.post(f"/api/sessions/{sid}/sms", json={"text": "请回电" * 200}, headers=trainee)
    assert long.status_code == 422


def test_a_text_message_needs_a_call_nobody_answered(client, trainee):
    sid = start_call(client, trainee, "victim-m1")
    assert client.post(f"/api/sessions/{sid}/sms", json={"text": LAWFUL_SMS}, headers=trainee).status_code == 409
    dial(client, trainee, sid)  # answered
    res = client.post(f"/api/sessions/{sid}/sms", json={"text": LAWFUL_SMS}, headers=trainee)
    assert res.status_code == 409 and "nobody answered" in res.json()["detail"]
    chat = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    assert client.post(f"/api/sessions/{chat}/dial", json={}, headers=trainee).status_code == 409  # chat: no dialing


def test_another_trainees_call_cannot_be_dialled(client, trainee, other_trainee):
    sid = start_call(client, trainee)
    assert client.post(f"/api/sessions/{sid}/dial", json={}, headers=other_trainee).status_code == 404


def test_an_answered_call_notes_a_redial_that_came_too_soon(client, trainee):
    sid = start_call(client, trainee)
    dial(client, trainee, sid)
    assert dial(client, trainee, sid, day=0, at="10:25")["answered"] is False
    assert dial(client, trainee, sid, day=0, at="12:15")["answered"] is True
    client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,请问是周志强先生吗?", "input_mode": "typed"},
                headers=trainee)
    grade = end(client, trainee, sid)
    assert grade["mode"] != "dialing" and len(grade["call"]["attempts"]) == 3
    assert any("第2次是无人接听后马上重拨" in n for n in grade["call"]["notes"])


def test_a_scenario_nobody_answers_is_offered_as_a_call_only(client, trainee, browser_login):
    listed = {s["id"]: s for s in client.get("/api/scenarios", headers=trainee).json()}
    assert listed[SCENARIO]["call_only"] is True and listed["provocative-m1"]["call_only"] is False

    res = client.post("/api/sessions", json={"scenario_id": SCENARIO}, headers=trainee)  # chat is the default
    assert res.status_code == 422 and "mode" in res.text and "call mode" in res.text

    browser_login("alice")
    page = client.get("/scenarios").text
    card = page[page.index(f'value="{SCENARIO}"') - 600:page.index(f'value="{SCENARIO}"') + 400]
    assert f'data-start="{SCENARIO}"' not in page and f'data-call="{SCENARIO}"' in page
    assert "只能用电话模式练" in card


def test_a_start_form_for_a_scenario_nobody_answers_opens_the_call_page(client, trainee, browser_login):
    csrf = browser_login("alice")
    res = client.post("/practice", data={"scenario_id": SCENARIO, "csrf_token": csrf}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/call/")
