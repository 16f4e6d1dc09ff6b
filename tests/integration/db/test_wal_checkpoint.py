"""The server checkpoints SQLite's WAL from a background thread, so no trainee's commit pays for it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from simulator.app import create_app
from simulator.db.engine import make_engine
from simulator.db.wal_checkpoint import SAFETY_NET_PAGES, Checkpoint, WalCheckpointer
from tests.conftest import make_test_settings


@pytest.fixture
def engine(file_engine) -> Engine:
    return file_engine(wal_autocheckpoint=SAFETY_NET_PAGES)


def _write(engine: Engine, rows: int = 50) -> None:
    with engine.begin() as conn:
        for i in range(rows):
            conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": "x" * 500 + str(i)})


def _pragma(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"PRAGMA {name}")).scalar_one()


def _wait_for(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_commits_no_longer_checkpoint_at_sqlites_default_bound(engine: Engine, tmp_path: Path) -> None:
    assert _pragma(engine, "wal_autocheckpoint") == SAFETY_NET_PAGES
    default = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    assert _pragma(default, "wal_autocheckpoint") == 1000  # the CLI and other tools keep SQLite's default
    default.dispose()


def test_one_checkpoint_copies_every_committed_frame_into_the_database_file(engine: Engine) -> None:
    _write(engine)
    done = WalCheckpointer(engine, every_s=60).run_once()
    assert done.wal_frames > 0
    assert done == Checkpoint(busy=False, wal_frames=done.wal_frames, copied=done.wal_frames)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 50


def test_the_thread_checkpoints_while_requests_commit(engine: Engine) -> None:
    checkpointer = WalCheckpointer(engine, every_s=0.05)
    checkpointer.start()
    try:
        assert checkpointer.running
        _write(engine)
        assert _wait_for(lambda: checkpointer.last is not None and checkpointer.last.copied > 0)
    finally:
        checkpointer.stop()
    assert not checkpointer.running


def test_a_failed_checkpoint_is_logged_and_the_next_one_still_runs(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    checkpointer = WalCheckpointer(engine, every_s=0.02)
    real = checkpointer.run_once
    calls = {"n": 0}

    def flaky() -> Checkpoint:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("disk I/O error")
        return real()

    monkeypatch.setattr(checkpointer, "run_once", flaky)
    _write(engine)
    checkpointer.start()
    try:
        assert _wait_for(lambda: checkpointer.last is not None)
    finally:
        checkpointer.stop()
    assert checkpointer.failures == 1
    assert "WAL checkpoint failed" in caplog.text


def test_the_server_runs_the_checkpointer_only_for_a_sqlite_file(tmp_path: Path) -> None:
    file_settings = make_test_settings(tmp_path).model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'app.db'}", "sqlite_checkpoint_seconds": 0.05})
    app = create_app(file_settings)
    with TestClient(app):
        checkpointer = app.state.wal_checkpointer
        assert checkpointer is not None and checkpointer.running
        assert _pragma(app.state.engine, "wal_autocheckpoint") == SAFETY_NET_PAGES
    assert not checkpointer.running  # stopped with the app

    off = create_app(file_settings.model_copy(update={"sqlite_checkpoint_seconds": 0}))
    with TestClient(off):
        assert off.state.wal_checkpointer is None
        assert _pragma(off.state.engine, "wal_autocheckpoint") == 1000  # SQLite checkpoints at commit instead

    memory = create_app(make_test_settings(tmp_path / "m"))
    with TestClient(memory):
        assert memory.state.wal_checkpointer is None
