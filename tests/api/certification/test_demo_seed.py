"""The demo data: real calls through the offline engine, graded by the real grader, backdated over
weeks; it makes every part of the HR dashboard show something."""

from __future__ import annotations

from sqlmodel import Session, select
from typer.testing import CliRunner

from simulator.cli.demo_seed import seed_demo
from simulator.db.models import Grade, PracticeSession, Turn


def test_the_demo_cohort_fills_the_dashboard(client, catalog, hr):
    with Session(client.app.state.engine, expire_on_commit=False) as db:
        report = seed_demo(db, catalog, seed=5)
        grades = db.exec(select(Grade)).all()
        sessions = db.exec(select(PracticeSession)).all()
        turns = db.exec(select(Turn)).all()
    assert len(report.accounts) == 6 and report.sessions == len(sessions) == len(grades) >= 40
    assert len({pw for _, _, pw in report.accounts}) == 6 and all(len(pw) >= 12 for _, _, pw in report.accounts)
    assert {g.rubric for g in grades} == {"default@1"} and {g.mode for g in grades} == {"rules_only"}
    assert len(turns) > 5 * len(sessions)  # whole conversations, not fake numbers
    spread = max(s.started_at for s in sessions) - min(s.started_at for s in sessions)
    assert spread.days >= 21
    cid = client.get("/api/hr/cohorts", headers=hr).json()[0]["id"]
    board = client.get(f"/api/hr/cohorts/{cid}/dashboard", headers=hr).json()
    statuses = {c["status"] for r in board["rows"] for c in r["cells"]}
    assert statuses == {"done", "in_progress", "not_started"}
    assert sum(1 for r in board["rows"] if r["certificate"]) >= 2
    kinds = {f["kind"] for p in board["at_risk"] for f in p["flags"]}
    assert {"inactive", "critical", "falling"} <= kinds
    assert len(board["trend"]["points"]) >= 10 and board["violations"]


def test_seeding_twice_is_refused(client, catalog):
    import pytest

    from simulator.core.errors import Conflict

    with Session(client.app.state.engine, expire_on_commit=False) as db:
        seed_demo(db, catalog, trainees=1)
        with pytest.raises(Conflict):
            seed_demo(db, catalog, trainees=1)


def test_the_seed_command_prints_generated_passwords_once(tmp_path, monkeypatch):
    from simulator.cli.main import app

    monkeypatch.setenv("SIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SIM_DATABASE_URL", raising=False)
    runner = CliRunner()
    first = runner.invoke(app, ["seed", "--trainees", "1", "--seed", "1"])
    assert first.exit_code == 0, first.output
    assert "demo_wang" in first.output and "password:" in first.output
    again = runner.invoke(app, ["seed", "--trainees", "1"])
    assert again.exit_code != 0 and "already" in again.output
