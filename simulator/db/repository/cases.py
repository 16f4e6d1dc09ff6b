"""Queries of multi-call cases (issue 21): the runs and the calls each holds."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from simulator.db.models import CaseRun, PracticeSession, utcnow


def add_case_run(*, session: Session, run: CaseRun) -> CaseRun:
    session.add(run)
    session.flush()
    return run


def get_case_run(*, session: Session, run_id: str) -> CaseRun | None:
    return session.get(CaseRun, run_id)


def list_case_runs(*, session: Session, user_id: int) -> Sequence[CaseRun]:
    stmt = select(CaseRun).where(CaseRun.user_id == user_id).order_by(CaseRun.started_at.desc())  # type: ignore[attr-defined]
    return session.exec(stmt).all()


def case_calls(*, session: Session, run_id: str) -> Sequence[PracticeSession]:
    """The calls of a run, first to last (a branch taken from one of them is not a call of the case)."""
    stmt = (select(PracticeSession)
            .where(PracticeSession.case_run_id == run_id, PracticeSession.branch_of.is_(None))  # type: ignore[union-attr]
            .order_by(PracticeSession.started_at, PracticeSession.id))
    return session.exec(stmt).all()


def close_case_run(*, session: Session, run: CaseRun) -> None:
    run.status, run.closed_at = "closed", utcnow()
    session.add(run)
    session.flush()
