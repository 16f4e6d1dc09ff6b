"""Call mode over HTTP (issue 7): call sessions, timing on turns, the silence endpoint, call metrics."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from simulator.catalog.schema import ARCHETYPES
from tests.unit.engine.scripts import coping_script

HELLO = "您好,我是安信消费金融贷后服务部的小陈,工号0917。"
THREAT = "再不还钱,小心你家里人出点什么事。"


def start_call(client: TestClient, headers: dict[str, str], scenario: str = "provocative-m1") -> str:
    res = client.post("/api/sessions", json={"scenario_id": scenario, "mode": "call"}, headers=headers)
    assert res.status_code == 201, res.text
    assert res.json()["mode"] == "call"
    return res.json()["id"]


def turn(client, headers, sid: str, text: str, **timing) -> dict:
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": text, **timing}, headers=headers)
    assert res.status_code == 200, res.text
    return res.json()


def silence(client, headers, sid: str, waited_ms: int = 8000, **extra):
    return client.post(f"/api/sessions/{sid}/silence", json={"waited_ms": waited_ms, **extra}, headers=headers)


def test_a_session_is_chat_by_default_and_call_on_request(client, trainee):
    chat = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()
    assert chat["mode"] == "chat"
    bad = client.post("/api/sessions", json={"scenario_id": "victim-m1", "mode": "video"}, headers=trainee)
    assert bad.status_code == 422 and "mode" in bad.json()["detail"]


def test_the_browsers_timing_is_stored_with_the_turn_and_the_reply(client, trainee):
    sid = start_call(client, trainee)
    turn(client, trainee, sid, HELLO, input_mode="spoken", call_ms=3200, duration_ms=2400, response_latency_ms=1800)
    turn(client, trainee, sid, "您先别着急,慢慢说。", input_mode="typed", call_ms=9000, duration_ms=4000,
         response_latency_ms=900)
    transcript = client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"]
    mine = [t for t in transcript if t["speaker"] == "collector"]
    assert [(t["input_mode"], t["call_ms"], t["duration_ms"], t["response_latency_ms"]) for t in mine] == [
        ("spoken", 3200, 2400, 1800), ("typed", 9000, 4000, 900)]
    assert transcript[2]["call_ms"] == 5600  # the reply starts when the trainee stops talking
    assert all(t["input_mode"] is None for t in transcript if t["speaker"] != "collector")


@pytest.mark.parametrize("field,value", [
    ("input_mode", "shouted"), ("call_ms", -1), ("duration_ms", "long"), ("response_latency_ms", 10**10),
])
def test_bad_timing_is_a_422_naming_the_field(client, trainee, field, value):
    sid = start_call(client, trainee)
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO, field: value}, headers=trainee)
    assert res.status_code == 422
    assert field in res.json()["detail"]


def test_the_streaming_route_takes_timing_and_says_when_the_debtor_cuts_in(client, trainee):
    sid = start_call(client, trainee)
    res = client.post(f"/api/sessions/{sid}/turns/stream", headers=trainee,
                      json={"text": THREAT, "input_mode": "spoken", "call_ms": 5000, "duration_ms": 1500,
                            "response_latency_ms": 700})
    assert res.status_code == 200
    events = re.findall(r"event: (\w+)\ndata: (.*)\n\n", res.text)
    collector = json.loads(events[0][1])
    done = json.loads(events[-1][1])
    assert events[0][0] == "collector" and collector["interrupt"] is True
    assert events[-1][0] == "done" and done["interrupt"] is True
    other = start_call(client, trainee)
    polite = client.post(f"/api/sessions/{other}/turns", json={"text": "我理解您的心情,您慢慢说。"}, headers=trainee)
    assert polite.json()["interrupt"] is False
    stored = client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"][1]
    assert stored["input_mode"] == "spoken" and stored["call_ms"] == 5000


def test_silence_draws_a_debtor_line_stored_as_a_turn(client, catalog, trainee):
    sid = start_call(client, trainee, "victim-m1")
    before = client.get(f"/api/sessions/{sid}", headers=trainee).json()["state"]
    res = silence(client, trainee, sid, 8200, call_ms=8500)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["speaker"] == "debtor" and body["events"] == ["silence"] and not body["ended"]
    assert body["state"] == before
    lines = {line for lines in catalog.personas["victim"].bank["silence"].values() for line in lines}
    assert body["debtor"] in lines
    stored = client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"][-1]
    assert (stored["speaker"], stored["intent"], stored["response_latency_ms"], stored["call_ms"]) == (
        "debtor", "silence", 8200, 8500)


def test_the_third_silence_in_a_row_hangs_up_and_ends_the_call(client, trainee):
    sid = start_call(client, trainee)
    replies = [silence(client, trainee, sid).json() for _ in range(3)]
    assert [r["ended"] for r in replies] == [False, False, True]
    assert replies[-1]["outcome"] == "hung_up" and replies[-1]["events"] == ["silence", "hung_up"]
    assert silence(client, trainee, sid).status_code == 409
    assert client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee).status_code == 409
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert grade["mode"] == "incomplete"  # nobody spoke: no grade, but the call block is there
    assert grade["call"]["silence_prompts"] == 3
    assert grade["call"]["longest_silence_seconds"] == 8.0


def test_silence_is_only_for_call_sessions_and_only_the_owner(client, trainee, other_trainee):
    chat = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    assert silence(client, trainee, chat).status_code == 409
    sid = start_call(client, trainee)
    assert silence(client, other_trainee, sid).status_code == 404
    assert silence(client, trainee, sid, -5).status_code == 422
    assert client.post(f"/api/sessions/{sid}/silence", json={}, headers=trainee).status_code == 422


def test_ending_a_call_reports_duration_talk_ratio_and_longest_silence(client, trainee):
    sid = start_call(client, trainee)
    turn(client, trainee, sid, HELLO, input_mode="spoken", call_ms=2000, duration_ms=3000, response_latency_ms=2000)
    silence(client, trainee, sid, 9000)
    turn(client, trainee, sid, "您先别着急,有什么不满您慢慢说,我在听。", input_mode="typed", call_ms=20000,
         duration_ms=5000, response_latency_ms=1200)
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    call = grade["call"]
    assert call["longest_silence_seconds"] == 9.0 and call["silence_prompts"] == 1
    assert 0 < call["talk_ratio"] < 1 and call["talk_ratio_basis"] == "characters"
    assert call["spoken_turns"] == 1 and call["typed_turns"] == 1
    assert call["collector_speech_seconds"] == 3.0
    assert call["avg_response_seconds"] == 1.6
    assert call["duration_seconds"] >= 0 and call["notes"]
    assert grade["session"]["call"] == call  # the session summary carries it too
    detail = client.get(f"/api/sessions/{sid}", headers=trainee).json()
    assert detail["grade"]["call"] == call and detail["summary"]["call"] == call


def test_a_chat_session_has_no_call_block(client, trainee):
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    turn(client, trainee, sid, HELLO)
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert "call" not in grade and "call" not in grade["session"]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_archetype_can_be_called_to_an_agreement_by_typing(client, catalog, trainee, archetype):
    scenario = catalog.scenario(f"{archetype}-m1")
    sid = start_call(client, trainee, scenario.id)
    at = 1000
    for line in coping_script(scenario):
        turn(client, trainee, sid, line, input_mode="typed", call_ms=at, duration_ms=4000, response_latency_ms=1000)
        at += 9000
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert grade["session"]["outcome"] in ("promise_to_pay", "payment_plan")
    assert grade["call"]["typed_turns"] == len(coping_script(scenario))
    assert grade["overall"] > 0


# -- pages --------------------------------------------------------------------------------------------------
def test_each_scenario_card_and_the_chat_page_offer_a_call(client, trainee, browser_login):
    browser_login("alice")
    page = client.get("/scenarios").text
    assert page.count('action="/call"') >= 19 and "电话模式" in page


def test_the_call_button_opens_the_call_page_with_the_case_file_and_a_hidden_opening(client, trainee, browser_login):
    csrf = browser_login("alice")
    res = client.post("/call", data={"scenario_id": "third-party-answers", "csrf_token": csrf}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/call/")
    page = client.get(res.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert 'id="dial"' in html and "拨号" in html and 'id="call-input"' in html
    assert "real_reason" not in html and "hidden_truth" not in html
    assert re.search(r'class="msg msg-third_party hidden" data-turn="0"', html)  # answers when dialled
    voices = json.loads(re.search(r'data-voices="([^"]+)"', html).group(1).replace("&#34;", '"'))
    assert voices["third_party"]["gender"] == "female"  # the borrower's mother picks up
    assert "<script>" not in html and "style=" not in html  # the CSP forbids inline script and style


def test_the_call_page_without_csrf_is_refused(client, trainee, browser_login):
    browser_login("alice")
    res = client.post("/call", data={"scenario_id": "victim-m1"}, follow_redirects=False)
    assert res.status_code == 403


def test_an_ended_call_page_shows_the_debrief_with_call_metrics(client, trainee, browser_login):
    browser_login("alice")
    sid = start_call(client, trainee)
    turn(client, trainee, sid, HELLO, input_mode="spoken", call_ms=2000, duration_ms=3000, response_latency_ms=6500)
    client.post(f"/api/sessions/{sid}/end", headers=trainee)
    html = client.get(f"/call/{sid}").text
    assert 'id="call-metrics"' in html and "最长沉默" in html and "6.5" in html
    assert 'id="grade"' in html and 'id="dial"' not in html
    assert "语音" in html  # the spoken turn is marked


def test_another_trainees_call_page_is_not_found(client, trainee, other_trainee, browser_login):
    sid = start_call(client, other_trainee)
    browser_login("alice")
    assert client.get(f"/call/{sid}").status_code == 404
