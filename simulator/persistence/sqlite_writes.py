"""One writer at a time per process, queued in Python rather than in SQLite's busy handler.

SQLite (even in WAL mode) lets one connection write at a time. A second writer gets ``SQLITE_BUSY``
and SQLite's busy handler makes it *sleep* — 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms — and
retry, however soon the lock is free. Under concurrent turns that backoff, not the work, made the
slow tail (issue 8). Here the threads of one process queue on a lock instead: the first write
statement of a transaction takes it, the commit or rollback gives it back, and the next writer starts
the moment it is free. Readers never wait (WAL). Other processes (several workers, the CLI) still meet
at SQLite's own lock and its ``busy_timeout``; so does a writer that waits here longer than that
timeout (it then goes ahead and lets SQLite decide, exactly as without this module).
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITES = ("insert", "update", "delete", "replace")
_HELD = "sim_write_lock_held"
_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def writer_lock(engine: Engine) -> threading.Lock | None:
    """The lock writers of ``engine`` queue on (None when writes are not serialized: PostgreSQL, memory)."""
    return _LOCKS.get(engine)


def serialize_writes(engine: Engine, *, timeout_s: float) -> None:
    """Install the lock on ``engine`` (file-based SQLite only: an in-memory database has one connection)."""
    lock = _LOCKS[engine] = threading.Lock()
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def release(conn) -> None:
        try:
            info = conn.info
        except (AttributeError, NotImplementedError):  # the dialect's first-connect probe has no info
            return
        if info.pop(_HELD, False):
            lock.release()

    @event.listens_for(engine, "before_cursor_execute")
    def _take(conn, _cursor, statement: str, _params, _context, _executemany) -> None:
        info = conn.connection.info  # the pooled connection's: every path that ends its transaction sees it
        if not info.get(_HELD) and statement.lstrip().lower().startswith(_WRITES) and lock.acquire(timeout=timeout_s):
            info[_HELD] = True

    # Released once the driver's commit or rollback has returned (not before: a commit that checkpoints
    # the WAL is the slow part, and the next writer would only meet SQLite's lock and its backoff).
    def do_commit(dbapi_conn) -> None:
        try:
            commit(dbapi_conn)
        finally:
            release(dbapi_conn)

    def do_rollback(dbapi_conn) -> None:
        try:
            rollback(dbapi_conn)
        finally:
            release(dbapi_conn)

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback  # this engine's dialect only

    @event.listens_for(engine.pool, "invalidate")
    def _invalidated(_dbapi_conn, record, _exc) -> None:  # a connection dropped mid-transaction
        if record is not None:
            release(record)
