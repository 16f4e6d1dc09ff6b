"""One writer at a time per process, queued in Python rather than in SQLite's busy handler.

SQLite (even in WAL mode) lets one connection write at a time. A second writer gets ``SQLITE_BUSY``
and SQLite's busy handler makes it *sleep* — 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms — and
retry, however soon the lock is free. Under concurrent turns that backoff, not the work, made the
slow tail (issue 8). Here the threads of one process queue on a lock instead: the first write
statement of a transaction takes it, the commit or rollback gives it back, and the next writer starts
the moment it is free. Readers never wait (WAL).

Several worker processes (``serve --workers N``) queue the same way across processes: with a lock file
next to the database (``<db>-writers.lock``), the holder of the thread lock also takes an exclusive
``flock`` on it before its first write, and gives it back after the commit. Without it two workers'
writers met at SQLite's lock, and the loser slept in the busy handler's 1, 2, 5, 10 ... ms backoff —
on the event loop, with SQLite's calls inline — however soon the other's sub-millisecond transaction
ended (issue 18: with two workers the turn's INSERT took a tenth of the server's time). The wait polls
in steps of 50 µs to 1 ms. Processes that do not use the file (the CLI, another tool) still meet at
SQLite's own lock and its ``busy_timeout``; so does a writer that waits here longer than that timeout
(it then goes ahead and lets SQLite decide, exactly as without this module).
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITES = ("insert", "update", "delete", "replace")
_HELD = "sim_write_lock_held"
_ACROSS = "across"  # the value of _HELD when the process lock is held too
_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system: writers of other processes meet at SQLite's lock
    fcntl = None  # type: ignore[assignment]


class ProcessLock:
    """An exclusive ``flock`` on a lock file, taken by at most one thread of this process at a time (the
    caller holds the thread lock). ``acquire`` polls until ``timeout_s``; False if it never got it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self, timeout_s: float) -> bool:
        deadline, pause = time.monotonic() + timeout_s, 0.00005
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.001)

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._fd)


def lock_file_for(database: Path) -> Path:
    """The lock file the worker processes of one SQLite database queue on."""
    return database.with_name(database.name + "-writers.lock")


def writer_lock(engine: Engine) -> threading.Lock | None:
    """The lock writers of ``engine`` queue on (None when writes are not serialized: PostgreSQL, memory)."""
    return _LOCKS.get(engine)


def serialize_writes(engine: Engine, *, timeout_s: float, lock_file: Path | None = None) -> None:
    """Install the lock on ``engine`` (file-based SQLite only: an in-memory database has one connection).
    ``lock_file``: also queue with the other processes that use this file (several workers)."""
    lock = _LOCKS[engine] = threading.Lock()
    across = ProcessLock(lock_file) if lock_file is not None and fcntl is not None else None
    if across is not None:
        weakref.finalize(engine, across.close)
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def release(conn) -> None:
        try:
            info = conn.info
        except (AttributeError, NotImplementedError):  # the dialect's first-connect probe has no info
            return
        held = info.pop(_HELD, False)
        if held == _ACROSS:
            across.release()  # type: ignore[union-attr]
        if held:
            lock.release()

    @event.listens_for(engine, "before_cursor_execute")
    def _take(conn, _cursor, statement: str, _params, _context, _executemany) -> None:
        info = conn.connection.info  # the pooled connection's: every path that ends its transaction sees it
        if info.get(_HELD) or not statement.lstrip().lower().startswith(_WRITES):
            return
        started = time.monotonic()
        if not lock.acquire(timeout=timeout_s):
            return
        left = timeout_s - (time.monotonic() - started)
        info[_HELD] = _ACROSS if across is not None and across.acquire(max(left, 0.0)) else True

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
