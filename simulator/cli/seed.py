"""``collector-sim seed``: the demo cohort with weeks of real, graded practice (also run by the first
``serve`` on an empty database, so the HR dashboard is meaningful from the start)."""

from __future__ import annotations

from typing import Annotated

import typer

from simulator.config import Settings


def _seed(settings: Settings, *, seed: int | None, trainees: int):
    from sqlmodel import Session

    from simulator.cli.demo_seed import seed_demo
    from simulator.db.catalog_versions import import_builtins
    from simulator.db.engine import make_engine, migrate
    from simulator.db.live_catalog import build_catalog

    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    import_builtins(engine, settings.personas_dir, settings.rubrics_dir)  # the catalog lives in the database
    try:
        with Session(engine, expire_on_commit=False) as db:
            return seed_demo(db, build_catalog(db), seed=seed, trainees=trainees)
    finally:
        engine.dispose()


def _print(report) -> None:
    typer.echo(f"Demo cohort 「{report.cohort}」: {len(report.accounts)} trainees, {report.sessions} graded sessions, "
               f"{len(report.certificates)} certificates.")
    typer.echo("Demo trainee accounts (passwords are shown only this once):")
    for username, name, password in report.accounts:
        typer.echo(f"  trainee  username: {username:<11} password: {password}  ({name})")
    for username, programme, code in report.certificates:
        typer.echo(f"  certificate {code}  {programme}  {username}")


def seed_command(
    seed: Annotated[int | None, typer.Option(help="random seed (same seed, same demo data)")] = None,
    trainees: Annotated[int, typer.Option(min=1, max=6, help="how many demo trainees")] = 6,
) -> None:
    """Create a demo cohort of trainees with graded practice sessions over the past weeks."""
    from simulator.core.errors import ServiceError

    try:
        report = _seed(Settings(), seed=seed, trainees=trainees)
    except ServiceError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    _print(report)


def seed_first_run(settings: Settings) -> None:
    """Called by ``serve`` right after it created the demo accounts on an empty database."""
    from simulator.core.errors import ServiceError

    try:
        _print(_seed(settings, seed=None, trainees=6))
    except ServiceError as exc:  # never stop the server from starting over demo data
        typer.echo(f"demo data skipped: {exc.detail}", err=True)
