"""Writers of one process queue on a lock (not in SQLite's sleeping backoff); every way a transaction
ends gives the lock back; readers never take it."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from simulator.db.engine import make_engine
from simulator.db.sqlite_writes import writer_lock


@pytest.fixture
def engine(file_engine) -> Engine:
    return file_engine()


def test_only_file_databases_serialize_writes() -> None:
    memory = make_engine("sqlite://")
    assert writer_lock(memory) is None
    memory.dispose()


def test_a_write_holds_the_lock_until_commit(engine: Engine) -> None:
    lock = writer_lock(engine)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t"))
        assert not lock.locked()  # reads do not take it
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert lock.locked()
        conn.execute(text("UPDATE t SET v = 'b' WHERE v = 'a'"))  # the same transaction: no second acquire
        conn.commit()
        assert not lock.locked()


def test_rollback_a_failed_statement_and_closing_release_the_lock(engine: Engine) -> None:
    lock = writer_lock(engine)
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        conn.rollback()
        assert not lock.locked()
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        conn.commit()
        with pytest.raises(IntegrityError):
            conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        conn.rollback()
        assert not lock.locked()
    with engine.connect() as conn:  # closed mid-transaction: the pool rolls back on return
        conn.execute(text("INSERT INTO t (v) VALUES ('c')"))
        assert lock.locked()
    assert not lock.locked()


def test_a_second_writer_waits_for_the_first_and_then_goes_ahead(engine: Engine) -> None:
    lock = writer_lock(engine)
    second_done = threading.Event()

    def second_writer() -> None:
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO t (v) VALUES ('second')"))
            conn.commit()
        second_done.set()

    with engine.connect() as conn:
        conn.execute(text("INSERT INTO t (v) VALUES ('first')"))
        worker = threading.Thread(target=second_writer)
        worker.start()
        assert not second_done.wait(0.2)  # queued behind the first writer
        with engine.connect() as reader:  # meanwhile a reader is not held up (WAL)
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0
        conn.commit()
    worker.join(timeout=10)
    assert second_done.is_set() and not lock.locked()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT v FROM t ORDER BY id")).scalars().all() == ["first", "second"]


def test_writers_of_other_processes_queue_on_the_lock_file(tmp_path) -> None:
    """Several workers on one file: a write transaction also holds ``<db>-writers.lock`` (flock) until its
    commit, so another process's writer waits there instead of in SQLite's sleeping backoff."""
    from simulator.db.sqlite_writes import ProcessLock, lock_file_for

    db = tmp_path / "app.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    other = ProcessLock(lock_file_for(db))  # another open file description: what another process has
    assert lock_file_for(db).stat().st_mode & 0o077 == 0  # private, like the database
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t"))
        assert other.acquire(0.01)  # a read takes nothing
        other.release()
        conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert not other.acquire(0.02)  # held from the first write ...
        conn.commit()
    assert other.acquire(0.01)  # ... to the commit
    with engine.connect() as conn:  # and a writer here waits while the other process holds it
        started = time.monotonic()
        threading.Timer(0.05, other.release).start()
        conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        assert time.monotonic() - started >= 0.04
        conn.commit()
    other.close()
    engine.dispose()
