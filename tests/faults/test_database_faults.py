"""Database faults during a turn: another writer holding SQLite's lock, and a commit that fails.

A short lock is waited out (busy timeout); a lock that outlasts it, or a failing commit, is a 503 with
a clear message, and the database holds either the whole step or none of it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from simulator.app import create_app
from simulator.config import Settings
from simulator.core.metrics import DB_ERRORS
from simulator.db.models import PracticeSession, Turn

HELLO = "您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A SQLite file (these faults are about SQLite's lock), waiting 300 ms for another writer."""
    return settings.model_copy(update={"database_url": f"sqlite:///{settings.data_dir / 'faults.db'}",
                                       "db_busy_timeout_ms": 300})


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def start(client: TestClient, headers: dict[str, str]) -> str:
    res = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def snapshot(client: TestClient, sid: str) -> tuple[list[tuple], dict, object]:
    with Session(client.app.state.engine) as db:
        turns = [(t.index, t.speaker, t.text) for t in db.exec(select(Turn).where(Turn.session_id == sid)
                                                              .order_by(Turn.index)).all()]
        practice = db.get(PracticeSession, sid)
        return turns, dict(practice.state), practice.updated_at


class WriteLock:
    """Another connection holding SQLite's write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def test_a_turn_waits_out_a_short_lock_held_by_another_writer(client, trainee, settings):
    sid = start(client, trainee)
    lock = WriteLock(str(settings.data_dir / "faults.db"))
    threading.Timer(0.15, lock.release).start()
    started = time.perf_counter()
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee)
    assert res.status_code == 200, res.text
    assert time.perf_counter() - started >= 0.1
    assert [speaker for _, speaker, _ in snapshot(client, sid)[0]] == ["debtor", "collector", "debtor"]


def test_a_lock_outlasting_the_busy_timeout_is_a_503_and_nothing_is_written(client, trainee, settings):
    sid = start(client, trainee)
    before = snapshot(client, sid)
    errors = DB_ERRORS.labels("OperationalError")._value.get()
    lock = WriteLock(str(settings.data_dir / "faults.db"))
    try:
        res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee)
        stream = client.post(f"/api/sessions/{sid}/turns/stream", json={"text": HELLO}, headers=trainee)
    finally:
        lock.release()
    for answer in (res, stream):
        assert answer.status_code == 503
        assert answer.json()["detail"].startswith("database: busy or unavailable")
        assert answer.headers["Retry-After"]
    assert snapshot(client, sid) == before
    assert DB_ERRORS.labels("OperationalError")._value.get() == errors + 2
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee)
    assert res.status_code == 200  # once the lock is gone the same turn goes through


@pytest.fixture
def failing_commit():
    """Make the commit fail when the transaction wrote a turn of the armed kind ("collector" or "reply").
    Turns are written with a Core INSERT (``repository.insert_turn``), seen here before it executes."""
    armed: dict[str, str | None] = {"speaker": None}
    written: set[str] = set()  # speakers of the turns the open transaction inserted

    def before_execute(_conn, clause, multiparams, params, _options) -> None:
        if getattr(clause, "is_insert", False) and getattr(clause.table, "name", None) == Turn.__tablename__:
            rows = [*(m for m in multiparams if isinstance(m, dict)), *([params] if isinstance(params, dict) else [])]
            written.update(str(r.get("speaker")) for r in rows if r.get("speaker"))

    def before_commit(_session: OrmSession) -> None:
        speakers = set(written)
        written.clear()
        kind = armed["speaker"]
        if (kind == "reply" and speakers - {"collector"}) or (kind is not None and kind in speakers):
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    def after_rollback(_session: OrmSession) -> None:
        written.clear()

    event.listen(Engine, "before_execute", before_execute)
    hooks = (("before_commit", before_commit), ("after_rollback", after_rollback))
    for name, hook in hooks:
        event.listen(OrmSession, name, hook)
    yield armed
    event.remove(Engine, "before_execute", before_execute)
    for name, hook in hooks:
        event.remove(OrmSession, name, hook)


def test_a_failed_commit_of_the_trainees_turn_is_a_503_with_nothing_stored(client, trainee, failing_commit):
    sid = start(client, trainee)
    before = snapshot(client, sid)
    failing_commit["speaker"] = "collector"
    for route in ("turns", "turns/stream"):
        res = client.post(f"/api/sessions/{sid}/{route}", json={"text": HELLO}, headers=trainee)
        assert res.status_code == 503 and res.json()["detail"].startswith("database:")
    assert snapshot(client, sid) == before


def test_a_failed_commit_of_the_reply_keeps_the_trainees_turn_whole_and_the_reply_follows(
        client, trainee, failing_commit):
    sid = start(client, trainee)
    turns, state, _ = snapshot(client, sid)
    failing_commit["speaker"] = "reply"
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee)
    assert res.status_code == 503
    after, state_after, _ = snapshot(client, sid)
    assert after == [*turns, (1, "collector", HELLO)]  # the trainee's words were committed first
    assert state_after == state  # no reply, so no state change from it: nothing half-written
    failing_commit["speaker"] = None
    transcript = client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"]
    assert [t["speaker"] for t in transcript] == ["debtor", "collector", "debtor"]
