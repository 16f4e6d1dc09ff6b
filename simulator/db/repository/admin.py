"""Queries of operations: the audit log, health, metrics and LLM usage. Keyword-only ``session=``; nothing
here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Integer, case, cast, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, func, select

from simulator.db.models import (
    AuditLog,
    Grade,
    PracticeSession,
    Turn,
    User,
)


# -- LLM usage (issue 3) ------------------------------------------------------------------------------
def llm_usage_by_session(*, session: Session, limit: int = 200) -> Sequence[tuple]:
    """Per session, newest first: (session, username, llm turns, fallbacks, prompt tokens, completion
    tokens, any estimated, mean latency ms, mean time to first token ms). Sessions the offline engine
    played show zeros."""
    reply = (Turn.session_id == PracticeSession.id) & (Turn.speaker != "collector")
    llm = Turn.provider.is_not(None)  # type: ignore[union-attr]
    stmt = (
        select(
            PracticeSession,
            User.username,
            func.sum(case((llm, 1), else_=0)),
            func.sum(case((llm & (cast(Turn.fallback, Integer) == 1), 1), else_=0)),
            func.coalesce(func.sum(Turn.prompt_tokens), 0),
            func.coalesce(func.sum(Turn.completion_tokens), 0),
            func.max(case(((cast(Turn.tokens_estimated, Integer) == 1), 1), else_=0)),
            func.avg(Turn.latency_ms),
            func.avg(Turn.ttft_ms),
        )
        .join(User, User.id == PracticeSession.user_id)  # type: ignore[arg-type]
        .outerjoin(Turn, reply)
        .group_by(PracticeSession.id, User.username)
        .order_by(PracticeSession.started_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    return session.exec(stmt).all()


def llm_turn_outcomes(*, session: Session, limit: int = 5000) -> Sequence[tuple[str | None, bool, str | None]]:
    """The newest LLM-attempted replies: (guard reasons, fell back, fallback reason)."""
    stmt = (
        select(Turn.guard_reasons, Turn.fallback, Turn.fallback_reason)
        .where(Turn.provider.is_not(None), Turn.speaker != "collector")  # type: ignore[union-attr]
        .order_by(Turn.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return session.exec(stmt).all()


def add_audit(*, session: Session, entry: AuditLog) -> AuditLog:
    session.add(entry)
    session.flush()
    return entry


def list_audit(*, session: Session, limit: int = 200, action: str | None = None,
               before: int | None = None) -> Sequence[AuditLog]:
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)  # type: ignore[union-attr]
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if before is not None:
        stmt = stmt.where(AuditLog.id < before)  # type: ignore[operator]
    return session.exec(stmt).all()


# -- operations (readiness, metrics) -----------------------------------------------------------------
def ping(*, session: Session) -> None:
    """``SELECT 1``: the database answers."""
    session.exec(select(1)).one()


def schema_revision(*, session: Session) -> str | None:
    """The Alembic revision the database is at (None: never migrated)."""
    try:
        return session.connection().execute(text("SELECT version_num FROM alembic_version")).scalar()
    except ProgrammingError:  # PostgreSQL: no such table
        session.rollback()
        return None
    except OperationalError as exc:  # SQLite: no such table (a locked or lost database re-raises)
        if "no such table" not in str(exc):
            raise
        return None


def grade_counts(*, session: Session) -> dict[tuple[str, bool], int]:
    """Stored grades by (mode, passed)."""
    stmt = select(Grade.mode, Grade.passed, func.count()).group_by(Grade.mode, Grade.passed)
    return {(mode, bool(passed)): n for mode, passed, n in session.exec(stmt).all()}


def count_active_sessions(*, session: Session, since: datetime, started_after: datetime) -> int:
    """Sessions not ended with activity since ``since`` (``started_after`` bounds the scan by index)."""
    stmt = select(func.count()).select_from(PracticeSession).where(
        PracticeSession.started_at >= started_after, PracticeSession.status == "active",
        PracticeSession.updated_at >= since)
    return session.exec(stmt).one()
