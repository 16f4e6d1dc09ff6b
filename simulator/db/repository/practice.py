"""Queries of practice: sessions, turns (prebuilt Core statements on the turn path) and grades. Keyword-only
``session=``; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from simulator.db.models import (
    Grade,
    PracticeSession,
    Turn,
    utcnow,
)
from simulator.db.turn_rows import TurnRow

_SESSION_BY_ID = select(PracticeSession).where(PracticeSession.id == bindparam("sid"))


# -- practice sessions ------------------------------------------------------------------------------
def add_practice_session(*, session: Session, practice: PracticeSession) -> PracticeSession:
    session.add(practice)
    session.flush()
    return practice


def get_practice_session(*, session: Session, session_id: str, for_update: bool = False) -> PracticeSession | None:
    if not for_update:
        return session.execute(_SESSION_BY_ID, {"sid": session_id}).scalars().first()
    stmt = select(PracticeSession).where(PracticeSession.id == session_id).with_for_update()
    return session.exec(stmt).first()


def list_practice_sessions(
    *, session: Session, user_id: int | None = None, limit: int = 200
) -> Sequence[PracticeSession]:
    stmt = select(PracticeSession).order_by(PracticeSession.started_at.desc()).limit(limit)  # type: ignore[attr-defined]
    if user_id is not None:
        stmt = stmt.where(PracticeSession.user_id == user_id)
    return session.exec(stmt).all()


def turn_counts(*, session: Session, session_ids: Sequence[str], speaker: str | None = None) -> dict[str, int]:
    """Turns per session; with ``speaker``, only that speaker's (the trainee's lines: "collector")."""
    if not session_ids:
        return {}
    stmt = select(Turn.session_id, func.count()).where(Turn.session_id.in_(session_ids))  # type: ignore[attr-defined]
    if speaker is not None:
        stmt = stmt.where(Turn.speaker == speaker)
    rows = session.exec(stmt.group_by(Turn.session_id)).all()
    return {sid: n for sid, n in rows}


# -- turns --------------------------------------------------------------------------------------------
_TURN = Turn.__table__  # type: ignore[attr-defined]
# Built once: a statement object keeps its cache key, so each turn skips rebuilding and re-keying it.
_INSERT_TURN = insert(_TURN)
_LAST_TURN = (select(_TURN.c.index, _TURN.c.speaker, _TURN.c.text, _TURN.c.input_mode)
              .where(_TURN.c.session_id == bindparam("sid")).order_by(_TURN.c.index.desc()).limit(1))
_SET_ANALYSIS = update(_TURN).where(_TURN.c.id == bindparam("tid")).values(analysis=bindparam("analysis"))


def insert_turn(*, session: Session, row: TurnRow) -> TurnRow:
    """Write a new turn with one INSERT (turn_rows.py) in the session's transaction; sets ``row.id``.
    A second turn with the same index raises IntegrityError (two requests answering one turn)."""
    result = session.connection().execute(_INSERT_TURN, row.values())
    row.id = result.inserted_primary_key[0]
    return row


def set_turn_analysis(*, session: Session, turn_id: int, analysis: dict) -> None:
    """Replace a stored turn's analysis (a model's reading merged into the collector's turn)."""
    session.connection().execute(_SET_ANALYSIS, {"tid": turn_id, "analysis": analysis})


def list_turns(*, session: Session, session_id: str) -> Sequence[Turn]:
    return session.exec(select(Turn).where(Turn.session_id == session_id).order_by(Turn.index)).all()  # type: ignore[arg-type]


def last_turn(*, session: Session, session_id: str) -> Any:
    """The last turn's index, speaker, text and input mode (a row with those attributes), or None."""
    return session.connection().execute(_LAST_TURN, {"sid": session_id}).first()


_CLOCK_ROWS = (select(_TURN.c.speaker, _TURN.c.text, _TURN.c.call_ms)
               .where(_TURN.c.session_id == bindparam("sid")).order_by(_TURN.c.index))


def clock_rows(*, session: Session, session_id: str) -> Sequence[Any]:
    """(speaker, text, call_ms) per turn in order: what the call clock reads, without loading whole rows."""
    return session.connection().execute(_CLOCK_ROWS, {"sid": session_id}).all()


def transcript_rows(*, session: Session, session_id: str) -> Sequence[tuple]:
    """(speaker, text, analysis) per turn in order: the LLM prompt's history, without loading whole rows."""
    return session.exec(
        select(Turn.speaker, Turn.text, Turn.analysis).where(Turn.session_id == session_id).order_by(Turn.index)  # type: ignore[arg-type]
    ).all()


def next_turn_index(*, session: Session, session_id: str) -> int:
    last = session.exec(select(func.max(Turn.index)).where(Turn.session_id == session_id)).one()
    return 0 if last is None else last + 1


_PRACTICE = PracticeSession.__table__  # type: ignore[attr-defined]
_TOUCH = update(_PRACTICE).where(_PRACTICE.c.id == bindparam("sid")).values(updated_at=bindparam("at"))


def update_practice(*, session: Session, practice: PracticeSession, values: dict[str, Any]) -> None:
    """Write ``values`` to the session row in one UPDATE (the turn path's state, not an ORM flush of the
    whole object); the loaded object takes the same values, and stays clean."""
    session.connection().execute(update(_PRACTICE).where(_PRACTICE.c.id == practice.id).values(**values))
    for key, value in values.items():
        set_committed_value(practice, key, value)


def touch(*, session: Session, practice: PracticeSession) -> None:
    """``updated_at = now`` in one UPDATE (not an ORM flush); the loaded object gets the same value."""
    now = utcnow()
    session.connection().execute(_TOUCH, {"sid": practice.id, "at": now})
    set_committed_value(practice, "updated_at", now)


# -- grades -------------------------------------------------------------------------------------------
def add_grade(*, session: Session, grade: Grade) -> Grade:
    session.add(grade)
    session.flush()
    return grade


def current_grade(*, session: Session, session_id: str) -> Grade | None:
    stmt = select(Grade).where(Grade.session_id == session_id).order_by(Grade.id.desc())  # type: ignore[union-attr]
    return session.exec(stmt).first()


def previous_attempt(*, session: Session, practice: PracticeSession) -> tuple[PracticeSession, Grade] | None:
    """The same trainee's latest graded attempt at the same scenario started before this one."""
    stmt = (select(PracticeSession, Grade).join(Grade, Grade.session_id == PracticeSession.id)  # type: ignore[arg-type]
            .where(PracticeSession.user_id == practice.user_id, PracticeSession.scenario_id == practice.scenario_id,
                   PracticeSession.id != practice.id, PracticeSession.status == "ended",
                   PracticeSession.branch_of.is_(None),  # type: ignore[union-attr]
                   PracticeSession.case_run_id.is_(None),  # type: ignore[union-attr]
                   PracticeSession.started_at < practice.started_at)
            .order_by(PracticeSession.started_at.desc(), Grade.id.desc()))  # type: ignore[attr-defined]
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


def list_grades(*, session: Session, session_id: str) -> Sequence[Grade]:
    return session.exec(select(Grade).where(Grade.session_id == session_id).order_by(Grade.id)).all()  # type: ignore[arg-type]
