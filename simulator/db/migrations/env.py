"""Alembic environment: uses the engine handed over by simulator.db.engine.migrate, or the URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel, create_engine

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    """The app's own database (Settings: SIM_DATABASE_URL or SQLite under SIM_DATA_DIR) for the
    `alembic` command line; simulator.db.engine.migrate hands over its engine instead."""
    from simulator.config import Settings

    return Settings().resolved_database_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
