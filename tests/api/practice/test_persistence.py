"""Nothing is lost: the trainee's turn is stored before the reply; sessions survive a restart."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from simulator.accounts.service import create_user
from simulator.app import create_app
from simulator.config import Settings
from simulator.engine.conversation import Conversation

LINES = ["您好,我是安信消费金融贷后服务部的小陈,工号0917。", "请问是本人吗?", "您先别着急,慢慢说,我在听。"]


def _file_settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="restart-secret", stream_delay_ms=0, engine_seed=11)


def _login(client: TestClient) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": "carol", "password": "correct-horse-9"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_the_trainees_turn_is_kept_when_the_engine_fails(client, trainee, monkeypatch):
    sid = client.post("/api/sessions", json={"scenario_id": "stubborn-m1"}, headers=trainee).json()["id"]

    def broken(self, text, analysis=None):
        raise TimeoutError("model timed out")

    with monkeypatch.context() as m:
        m.setattr(Conversation, "respond", broken)
        res = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是小陈。"}, headers=trainee)
        assert res.status_code == 503
        assert "saved" in res.json()["detail"]
    # the message is there, and reading the session answers it now that the engine works again
    transcript = client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"]
    assert [t["speaker"] for t in transcript] == ["debtor", "collector", "debtor"]
    assert transcript[1]["text"] == "您好,我是小陈。"


def test_a_session_survives_a_restart_and_continues_as_if_uninterrupted(tmp_path):
    settings = _file_settings(tmp_path / "a")
    with TestClient(create_app(settings)) as first:
        with Session(first.app.state.engine) as db:
            create_user(db, username="carol", role="trainee", password="correct-horse-9")
            db.commit()
        headers = _login(first)
        sid = first.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=headers).json()["id"]
        for text in LINES[:2]:
            first.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=headers)
    # a new process on the same database
    with TestClient(create_app(settings)) as second:
        headers = _login(second)
        res = second.post(f"/api/sessions/{sid}/turns", json={"text": LINES[2]}, headers=headers)
        assert res.status_code == 200
        resumed = [t["text"] for t in second.get(f"/api/sessions/{sid}", headers=headers).json()["transcript"]]
    # the same conversation in one go
    other = _file_settings(tmp_path / "b")
    with TestClient(create_app(other)) as third:
        with Session(third.app.state.engine) as db:
            create_user(db, username="carol", role="trainee", password="correct-horse-9")
            db.commit()
        headers = _login(third)
        sid2 = third.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=headers).json()["id"]
        for text in LINES:
            third.post(f"/api/sessions/{sid2}/turns", json={"text": text}, headers=headers)
        straight = [t["text"] for t in third.get(f"/api/sessions/{sid2}", headers=headers).json()["transcript"]]
    assert resumed == straight
    assert len(resumed) == 7
