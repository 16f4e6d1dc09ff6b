"""A pooled connection is pinged before reuse only after sitting idle; one that does not answer is
replaced before anyone gets it. With PostgreSQL (SIM_TEST_DATABASE_URL) the same is checked against a
server connection that really died."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from simulator.db.engine import make_engine
from simulator.db.idle_ping import ping_idle_connections

POSTGRES = os.environ.get("SIM_TEST_DATABASE_URL", "")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class PingSpy:
    """Stands in for the dialect's ``do_ping``: counts calls; fails the next ``fail`` of them."""

    def __init__(self, engine: Engine) -> None:
        self.calls = 0
        self.fail = 0
        self._real = engine.dialect.do_ping
        engine.dialect.do_ping = self  # type: ignore[method-assign]

    def __call__(self, dbapi_conn) -> bool:
        self.calls += 1
        if self.fail:
            self.fail -= 1
            raise OSError("connection reset by peer")
        return self._real(dbapi_conn)


@pytest.fixture
def pooled(tmp_path) -> Iterator[tuple[Engine, Clock, PingSpy]]:
    """A pooled file database (one connection, so every checkout reuses it) with a fake clock."""
    engine = create_engine(f"sqlite:///{tmp_path / 'p.db'}", poolclass=QueuePool, pool_size=1, max_overflow=0)
    clock = Clock()
    ping_idle_connections(engine, idle_s=10.0, clock=clock)
    yield engine, clock, PingSpy(engine)
    engine.dispose()


def _use(engine: Engine) -> object:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        return conn.connection.dbapi_connection


def test_a_new_connection_and_a_busy_pool_are_not_pinged(pooled) -> None:
    engine, clock, spy = pooled
    first = _use(engine)
    for _ in range(5):
        clock.now += 9.9  # returned less than 10 s ago every time
        assert _use(engine) is first
    assert spy.calls == 0


def test_a_connection_idle_for_the_threshold_is_pinged_once_per_checkout(pooled) -> None:
    engine, clock, spy = pooled
    first = _use(engine)
    clock.now += 10.0
    assert _use(engine) is first
    assert spy.calls == 1
    assert _use(engine) is first  # used a moment ago: no second ping
    assert spy.calls == 1


def test_an_idle_connection_that_does_not_answer_is_replaced_before_use(pooled) -> None:
    engine, clock, spy = pooled
    first = _use(engine)
    clock.now += 60.0
    spy.fail = 1
    replacement = _use(engine)  # the checkout itself succeeds, on a fresh connection
    assert replacement is not first
    assert spy.calls == 1  # the fresh connection is not pinged


def test_sqlite_engines_keep_no_ping_and_server_engines_ping_only_idle_connections() -> None:
    sqlite = make_engine("sqlite://")
    server = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # never connected
    assert sqlite.pool._pre_ping is False and server.pool._pre_ping is False
    assert not any(fn.__name__ == "_taken" for fn in sqlite.pool.dispatch.checkout)
    assert any(fn.__name__ == "_taken" for fn in server.pool.dispatch.checkout)


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _kill_backend(pid: int) -> None:
    killer = create_engine(POSTGRES)
    with killer.begin() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()


@pytest.mark.skipif(not POSTGRES.startswith("postgresql"), reason="needs SIM_TEST_DATABASE_URL (PostgreSQL)")
def test_postgres_an_idle_connection_killed_by_the_server_is_never_handed_out() -> None:
    engine = make_engine(POSTGRES, ping_idle_after_s=0.0)  # every returned connection counts as idle
    try:
        dead = _backend_pid(engine)
        _kill_backend(dead)
        assert _backend_pid(engine) != dead  # no error: the ping found it dead and the pool reconnected
    finally:
        engine.dispose()


@pytest.mark.skipif(not POSTGRES.startswith("postgresql"), reason="needs SIM_TEST_DATABASE_URL (PostgreSQL)")
def test_postgres_a_hot_connection_killed_fails_one_statement_then_the_pool_recovers() -> None:
    engine = make_engine(POSTGRES, ping_idle_after_s=3600.0)  # never idle long enough to be pinged
    try:
        dead = _backend_pid(engine)
        _kill_backend(dead)
        with pytest.raises(DBAPIError) as failed:
            _backend_pid(engine)
        assert failed.value.connection_invalidated  # the app answers this one 503 (app.py)
        assert _backend_pid(engine) != dead
    finally:
        engine.dispose()
