"""Bad input gets a clear 4xx JSON error naming the field, and nothing is written half-way."""

from __future__ import annotations

import pytest


@pytest.fixture
def session_id(client, trainee) -> str:
    return client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]


def transcript_len(client, headers, sid) -> int:
    return len(client.get(f"/api/sessions/{sid}", headers=headers).json()["transcript"])


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_or_blank_messages_are_refused(client, trainee, session_id, text):
    before = transcript_len(client, trainee, session_id)
    res = client.post(f"/api/sessions/{session_id}/turns", json={"text": text}, headers=trainee)
    assert res.status_code == 422
    assert res.json()["detail"].startswith("text:")
    assert transcript_len(client, trainee, session_id) == before


def test_a_message_over_2000_characters_is_refused(client, trainee, session_id):
    res = client.post(f"/api/sessions/{session_id}/turns", json={"text": "还" * 2001}, headers=trainee)
    assert res.status_code == 422
    assert "2000" in res.json()["detail"]
    assert transcript_len(client, trainee, session_id) == 1


def test_exactly_2000_characters_is_accepted(client, trainee, session_id):
    res = client.post(f"/api/sessions/{session_id}/turns", json={"text": "您" * 2000}, headers=trainee)
    assert res.status_code == 200


def test_malformed_json_is_a_422_not_a_500(client, trainee, session_id):
    res = client.post(
        f"/api/sessions/{session_id}/turns",
        content=b'{"text": "hi"',
        headers={**trainee, "Content-Type": "application/json"},
    )
    assert res.status_code == 422
    assert "detail" in res.json()


def test_missing_and_wrong_typed_fields_are_named(client, trainee, session_id):
    res = client.post(f"/api/sessions/{session_id}/turns", json={"message": "hi"}, headers=trainee)
    assert res.status_code == 422
    assert "text" in res.json()["detail"]
    res = client.post(f"/api/sessions/{session_id}/turns", json={"text": 42}, headers=trainee)
    assert res.status_code == 422


def test_unknown_scenario_is_a_404_naming_the_field(client, trainee):
    res = client.post("/api/sessions", json={"scenario_id": "no-such-scenario"}, headers=trainee)
    assert res.status_code == 404
    assert res.json()["detail"].startswith("scenario_id:")


def test_unknown_session_is_a_404(client, trainee):
    for method, path in (("get", "/api/sessions/deadbeef"), ("post", "/api/sessions/deadbeef/end")):
        res = getattr(client, method)(path, headers=trainee)
        assert res.status_code == 404
        assert res.json()["detail"].startswith("session_id:")


def test_another_trainees_session_is_invisible(client, trainee, other_trainee, session_id):
    assert client.get(f"/api/sessions/{session_id}", headers=other_trainee).status_code == 404
    res = client.post(f"/api/sessions/{session_id}/turns", json={"text": "您好"}, headers=other_trainee)
    assert res.status_code == 404
    assert client.post(f"/api/sessions/{session_id}/end", headers=other_trainee).status_code == 404
    assert transcript_len(client, trainee, session_id) == 1


def test_a_trainer_reads_only_the_sessions_of_trainees_they_coach(client, make_user, trainee, session_id):
    hr = make_user("hana", "hr")
    coach = make_user("tina", "trainer")
    stranger = make_user("tom", "trainer")
    admin = make_user("adam", "admin")
    cid = client.post("/api/hr/cohorts", json={"name": "一期"}, headers=hr).json()["id"]
    for username, role in (("tina", "trainer"), ("alice", "trainee")):
        client.post(f"/api/hr/cohorts/{cid}/members", json={"username": username, "role": role}, headers=hr)
    assert client.get(f"/api/sessions/{session_id}", headers=coach).status_code == 200
    assert client.get(f"/api/sessions/{session_id}", headers=stranger).status_code == 404
    assert client.get(f"/api/sessions/{session_id}", headers=admin).status_code == 200
    assert client.get(f"/api/sessions/{session_id}", headers=hr).status_code == 404
    # reading is not writing
    assert client.post(f"/api/sessions/{session_id}/turns", json={"text": "您好"}, headers=coach).status_code == 404


def test_an_invalid_token_is_a_401(client):
    res = client.get("/api/scenarios", headers={"Authorization": "Bearer forged.token.value"})
    assert res.status_code == 401
