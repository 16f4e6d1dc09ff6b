"""Every query lives here. Keyword-only ``session=``; nothing here commits (services do)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, func, select

from simulator.persistence.models import Grade, PracticeSession, Turn, User, utcnow


# -- users --------------------------------------------------------------------------------------------
def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def count_users(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def add_user(*, session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def list_users(*, session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(User.id)).all()


# -- practice sessions ------------------------------------------------------------------------------
def add_practice_session(*, session: Session, practice: PracticeSession) -> PracticeSession:
    session.add(practice)
    session.flush()
    return practice


def get_practice_session(*, session: Session, session_id: str, for_update: bool = False) -> PracticeSession | None:
    stmt = select(PracticeSession).where(PracticeSession.id == session_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def list_practice_sessions(
    *, session: Session, user_id: int | None = None, limit: int = 200
) -> Sequence[PracticeSession]:
    stmt = select(PracticeSession).order_by(PracticeSession.started_at.desc()).limit(limit)  # type: ignore[attr-defined]
    if user_id is not None:
        stmt = stmt.where(PracticeSession.user_id == user_id)
    return session.exec(stmt).all()


def turn_counts(*, session: Session, session_ids: Sequence[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    rows = session.exec(
        select(Turn.session_id, func.count()).where(Turn.session_id.in_(session_ids)).group_by(Turn.session_id)  # type: ignore[attr-defined]
    ).all()
    return {sid: n for sid, n in rows}


# -- turns --------------------------------------------------------------------------------------------
def add_turn(*, session: Session, turn: Turn) -> Turn:
    session.add(turn)
    session.flush()
    return turn


def list_turns(*, session: Session, session_id: str) -> Sequence[Turn]:
    return session.exec(select(Turn).where(Turn.session_id == session_id).order_by(Turn.index)).all()  # type: ignore[arg-type]


def next_turn_index(*, session: Session, session_id: str) -> int:
    last = session.exec(select(func.max(Turn.index)).where(Turn.session_id == session_id)).one()
    return 0 if last is None else last + 1


def touch(*, session: Session, practice: PracticeSession) -> None:
    practice.updated_at = utcnow()
    session.add(practice)


# -- grades -------------------------------------------------------------------------------------------
def add_grade(*, session: Session, grade: Grade) -> Grade:
    session.add(grade)
    session.flush()
    return grade


def current_grade(*, session: Session, session_id: str) -> Grade | None:
    stmt = select(Grade).where(Grade.session_id == session_id).order_by(Grade.id.desc())  # type: ignore[union-attr]
    return session.exec(stmt).first()


def list_grades(*, session: Session, session_id: str) -> Sequence[Grade]:
    return session.exec(select(Grade).where(Grade.session_id == session_id).order_by(Grade.id)).all()  # type: ignore[arg-type]
