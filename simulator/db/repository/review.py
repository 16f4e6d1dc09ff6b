"""Queries of review: the sessions a trainer sees, comments on turns, grade overrides. Keyword-only
``session=``; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, func, select

from simulator.db.models import (
    Grade,
    GradeOverride,
    PracticeSession,
    TurnComment,
    User,
)


# -- trainer review and audit (issue 5) -------------------------------------------------------------
def review_sessions(
    *, session: Session, user_ids: Sequence[int] | None = None, limit: int = 200
) -> Sequence[tuple[PracticeSession, User]]:
    """Sessions with their trainee, newest first; ``user_ids`` None means everyone's."""
    stmt = (select(PracticeSession, User).join(User, User.id == PracticeSession.user_id)  # type: ignore[arg-type]
            .order_by(PracticeSession.started_at.desc()).limit(limit))  # type: ignore[attr-defined]
    if user_ids is not None:
        stmt = stmt.where(PracticeSession.user_id.in_(user_ids))  # type: ignore[attr-defined]
    return session.exec(stmt).all()


def current_grades(*, session: Session, session_ids: Sequence[str]) -> dict[str, Grade]:
    """The newest grade of each session that has one."""
    if not session_ids:
        return {}
    newest = (select(func.max(Grade.id)).where(Grade.session_id.in_(session_ids))  # type: ignore[attr-defined]
              .group_by(Grade.session_id))
    rows = session.exec(select(Grade).where(Grade.id.in_(newest))).all()  # type: ignore[union-attr]
    return {g.session_id: g for g in rows}


def add_turn_comment(*, session: Session, comment: TurnComment) -> TurnComment:
    session.add(comment)
    session.flush()
    return comment


def list_turn_comments(*, session: Session, session_id: str) -> Sequence[TurnComment]:
    stmt = select(TurnComment).where(TurnComment.session_id == session_id).order_by(TurnComment.turn, TurnComment.id)  # type: ignore[arg-type]
    return session.exec(stmt).all()


def turn_comment_counts(*, session: Session, session_ids: Sequence[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    rows = session.exec(select(TurnComment.session_id, func.count())
                        .where(TurnComment.session_id.in_(session_ids))  # type: ignore[attr-defined]
                        .group_by(TurnComment.session_id)).all()
    return {sid: n for sid, n in rows}


def add_grade_override(*, session: Session, override: GradeOverride) -> GradeOverride:
    session.add(override)
    session.flush()
    return override


def latest_grade_override(*, session: Session, grade_id: int) -> GradeOverride | None:
    stmt = select(GradeOverride).where(GradeOverride.grade_id == grade_id).order_by(GradeOverride.id.desc())  # type: ignore[union-attr]
    return session.exec(stmt).first()


def overridden_grade_ids(*, session: Session, grade_ids: Sequence[int]) -> set[int]:
    if not grade_ids:
        return set()
    stmt = select(GradeOverride.grade_id).where(GradeOverride.grade_id.in_(grade_ids)).distinct()  # type: ignore[attr-defined]
    return set(session.exec(stmt).all())
