"""The SQLite database holds transcripts and password hashes: only its owner may read it (issue 18)."""

from __future__ import annotations

import stat

import sqlalchemy as sa

from simulator.db.engine import make_engine


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_are_owner_only(tmp_path):
    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "collector-sim.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        conn.execute(sa.text("INSERT INTO t VALUES (1)"))
    assert mode(db) == 0o600
    wal = db.with_name(db.name + "-wal")
    assert wal.exists() and mode(wal) == 0o600
    engine.dispose()


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    db = tmp_path / "old.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    make_engine(f"sqlite:///{db}").dispose()
    assert mode(db) == 0o600
