"""With SQLite the hot paths' database calls run on the event loop; with other databases on a worker
thread. A call that fails inline leaves no transaction (and no writer lock) behind."""

from __future__ import annotations

import threading

import anyio
import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from simulator.db.inline import is_inline, run_db, run_inline
from simulator.db.sqlite_writes import writer_lock


@pytest.fixture
def engine(file_engine) -> Engine:
    return file_engine()


def _thread_of(db: Session) -> int:
    db.execute(text("SELECT 1"))
    return threading.get_ident()


def test_only_sqlite_runs_inline(engine: Engine) -> None:
    assert run_inline(engine) is True and is_inline(engine)
    assert run_inline(engine, enabled=False) is False and not is_inline(engine)
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    assert run_inline(postgres) is False and not is_inline(postgres)
    assert not is_inline(None)


def test_inline_calls_run_on_the_event_loop_thread_and_others_on_a_worker(engine: Engine) -> None:
    async def where(enabled: bool) -> tuple[int, int]:
        run_inline(engine, enabled)
        with Session(engine) as db:
            return threading.get_ident(), await run_db(db, _thread_of, db)

    loop_thread, ran_on = anyio.run(where, True)
    assert ran_on == loop_thread
    loop_thread, ran_on = anyio.run(where, False)
    assert ran_on != loop_thread


def test_a_failed_inline_call_rolls_back_and_gives_the_writer_lock_back(engine: Engine) -> None:
    run_inline(engine)

    def write_then_fail(db: Session) -> None:
        db.execute(text("INSERT INTO t (v) VALUES ('half-written')"))
        assert writer_lock(engine).locked()
        raise ValueError("the service failed after its first write")

    async def main() -> None:
        with Session(engine) as db:
            with pytest.raises(ValueError):
                await run_db(db, write_then_fail, db)
            assert not db.in_transaction()

    anyio.run(main)
    assert not writer_lock(engine).locked()  # the next request's write on the loop does not wait for it
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 0


def test_a_turn_on_sqlite_makes_no_worker_thread_round_trip(client: TestClient, trainee: dict[str, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    sid = client.post("/api/sessions", json={"scenario_id": "evasive-m1"}, headers=trainee).json()["id"]
    client.get("/api/scenarios", headers=trainee)  # the catalog freshness check, if one is due, is not the turn's
    hops: list[str] = []
    original = anyio.to_thread.run_sync

    async def counting(func, *args, **kwargs):
        hops.append(getattr(func, "__name__", repr(func)))
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是贷后服务部的小陈,请问是本人吗?"},
                      headers=trainee)
    assert res.status_code == 200, res.text
    if client.app.state.engine.dialect.name == "sqlite":
        assert hops == []
    else:  # PostgreSQL: the user lookup and the turn each go to a worker thread
        assert len(hops) >= 2
