"""Engine creation and schema migration (Alembic is the only way the schema changes)."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from simulator.db.idle_ping import ping_idle_connections
from simulator.db.sqlite_writes import lock_file_for, serialize_writes

PING_IDLE_AFTER_S = 10.0  # seconds; see idle_ping.py
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def is_sqlite_file(url: str) -> bool:
    """A SQLite database in a file (WAL, writer lock, checkpoints), not in memory and not another server."""
    return url.startswith("sqlite") and url not in ("sqlite://", "sqlite:///:memory:")


def sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1].split("?", 1)[0])


def private_file(path: Path) -> None:
    """Create the database file readable by its owner only (0600, issue 18): it holds transcripts and
    password hashes. SQLite gives its -wal and -shm files the database file's permissions. An existing
    file is tightened too; a file we cannot chmod (another owner) is left to the operator."""
    if not path.parent.is_dir():
        return  # not ours to create: SQLite reports the missing directory on connect (``/readyz`` names it)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except PermissionError:
        pass


def make_engine(url: str, *, busy_timeout_ms: int = 15000, wal_autocheckpoint: int | None = None,
                ping_idle_after_s: float = PING_IDLE_AFTER_S) -> Engine:
    """``busy_timeout_ms`` (SQLite): how long a write waits for another connection's lock before
    ``database is locked`` (the app answers that with a 503; nothing of the request is kept).
    ``wal_autocheckpoint`` (SQLite file): WAL pages after which a commit checkpoints (SQLite's default is
    1,000; the server raises it because a background thread checkpoints: ``wal_checkpoint.py``).
    ``ping_idle_after_s`` (a database server): a pooled connection idle this long is pinged before it is
    handed out (``idle_ping.py``); a busy pool's connections are not."""
    if url.startswith("sqlite"):
        in_memory = not is_sqlite_file(url)
        if not in_memory:
            private_file(sqlite_path(url))
        # A file database never makes a thread wait for a pooled connection (max_overflow=-1): a thread
        # parked there holds a pool thread the connection's holder may need to finish (a stall of the
        # pool timeout under load). SQLite connections are cheap; the writers queue below instead.
        pooling = {"poolclass": StaticPool} if in_memory else {"pool_size": 20, "max_overflow": -1}
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            **pooling,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                if wal_autocheckpoint is not None:
                    cur.execute(f"PRAGMA wal_autocheckpoint={int(wal_autocheckpoint)}")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.close()

        if not in_memory:  # writers of this process queue on a lock, not in SQLite's sleeping backoff
            path = sqlite_path(url)
            lock_file = lock_file_for(path) if path.parent.is_dir() else None
            if lock_file is not None:
                private_file(lock_file)
            serialize_writes(engine, timeout_s=busy_timeout_ms / 1000, lock_file=lock_file)
        return engine
    engine = create_engine(url)
    ping_idle_connections(engine, ping_idle_after_s)
    return engine


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (head by default)."""
    command.upgrade(alembic_config(engine), revision)


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@functools.cache
def head_revision() -> str | None:
    """The newest Alembic revision shipped with this code (read once: parsing the scripts is slow)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
