"""The HTTP contract of design §7: login, scenarios, sessions, turns, end, read back."""

from __future__ import annotations

from fastapi.testclient import TestClient


def start(client: TestClient, headers: dict[str, str], scenario: str = "provocative-m1") -> dict:
    res = client.post("/api/sessions", json={"scenario_id": scenario}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def test_token_login_rejects_a_wrong_password(client, trainee):
    res = client.post("/api/auth/token", data={"username": "alice", "password": "nope-nope"})
    assert res.status_code == 401
    assert "incorrect" in res.json()["detail"]


def test_api_needs_a_token(client):
    res = client.get("/api/scenarios")
    assert res.status_code == 401
    assert res.json()["detail"].startswith("authorization")


def test_scenarios_list_every_archetype_and_hides_the_hidden_truth(client, trainee):
    res = client.get("/api/scenarios", headers=trainee)
    assert res.status_code == 200
    items = res.json()
    assert len(items) >= 19
    assert {i["archetype"] for i in items} == {
        "provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser"}
    assert set(items[0]) >= {"id", "persona", "archetype", "stage", "difficulty", "title"}
    assert "hidden_truth" not in res.text and "real_reason" not in res.text


def test_a_session_opens_with_the_debtor_picking_up(client, trainee):
    body = start(client, trainee)
    assert body["status"] == "active"
    assert body["opening"]
    assert body["state"].keys() == {"anger", "trust", "willingness"}


def test_a_turn_returns_the_reply_state_and_outcome(client, trainee):
    sid = start(client, trainee)["id"]
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是安信消费金融的客服小陈,工号0917。"}, headers=trainee)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["turn"] == 2
    assert body["debtor"]
    assert set(body["state"]) == {"anger", "trust", "willingness"}
    assert body["outcome"] in ("none", "promise_to_pay", "payment_plan", "refused", "hung_up")


def test_the_transcript_is_stored_turn_by_turn(client, trainee):
    sid = start(client, trainee)["id"]
    for text in ("您好,请问是本人吗?", "我是安信消费金融的小陈。"):
        assert client.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=trainee).status_code == 200
    detail = client.get(f"/api/sessions/{sid}", headers=trainee).json()
    speakers = [t["speaker"] for t in detail["transcript"]]
    assert speakers == ["debtor", "collector", "debtor", "collector", "debtor"]
    assert detail["transcript"][1]["text"] == "您好,请问是本人吗?"
    assert detail["transcript"][1]["analysis"]["moves"]
    assert detail["transcript"][2]["state"]


def test_ending_returns_a_summary_and_closes_the_session(client, trainee):
    sid = start(client, trainee)["id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是安信消费金融的小陈。"}, headers=trainee)
    res = client.post(f"/api/sessions/{sid}/end", headers=trainee)
    assert res.status_code == 200
    assert res.json()["session"]["collector_turns"] == 1
    again = client.post(f"/api/sessions/{sid}/turns", json={"text": "还在吗?"}, headers=trainee)
    assert again.status_code == 409
    assert "ended" in again.json()["detail"]
    assert client.get(f"/api/sessions/{sid}", headers=trainee).json()["status"] == "ended"


def test_streaming_variant_sends_tokens_then_done(client, trainee):
    sid = start(client, trainee)["id"]
    res = client.post(f"/api/sessions/{sid}/turns/stream", json={"text": "您好,我是安信消费金融的小陈。"}, headers=trainee)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/event-stream")
    events = [block.split("\n")[0] for block in res.text.strip().split("\n\n")]
    assert events[0] == "event: collector"
    assert "event: token" in events
    assert events[-1] == "event: done"


def test_my_sessions_lists_only_mine(client, trainee, other_trainee):
    mine = start(client, trainee)["id"]
    theirs = start(client, other_trainee)["id"]
    ids = [s["id"] for s in client.get("/api/sessions", headers=trainee).json()]
    assert mine in ids and theirs not in ids
