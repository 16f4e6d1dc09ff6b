"""A SQLite file database with one small table, for the persistence tests that need a real file (WAL,
the writer lock, checkpoints)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from simulator.db.engine import make_engine


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Callable[..., Engine]]:
    """``file_engine(**make_engine_options)``: a fresh file with ``t (id, v TEXT UNIQUE)``; disposed afterwards."""
    made: list[Engine] = []

    def make(**options) -> Engine:
        engine = make_engine(f"sqlite:///{tmp_path / f'db{len(made)}.db'}", **options)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.dispose()
