"""Alembic is the only way the schema changes: migrations build exactly the tables the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from simulator.db.engine import alembic_config, make_engine, migrate


def test_upgrading_to_head_matches_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models and migrations differ; generate a migration (CONTRIBUTING.md): {diff}"


def test_the_migration_history_is_a_single_line():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()


def test_every_migration_downgrades_cleanly(tmp_path):
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    migrate(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
