"""Every query lives here. Keyword-only ``session=``; nothing here commits (services do)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, case, cast, insert, text, update
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from simulator.db.models import (
    AuditLog,
    Certificate,
    Cohort,
    CohortMember,
    Grade,
    GradeOverride,
    PracticeSession,
    Programme,
    ScenarioAssignment,
    TranscriptGrant,
    Turn,
    TurnComment,
    User,
    utcnow,
)
from simulator.db.turn_rows import TurnRow

# -- users --------------------------------------------------------------------------------------------
# Built once (the request path's lookups): a statement object keeps its compiled cache key.
_USER_BY_ID = select(User).where(User.id == bindparam("uid"))
_SESSION_BY_ID = select(PracticeSession).where(PracticeSession.id == bindparam("sid"))


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.execute(_USER_BY_ID, {"uid": user_id}).scalars().first()


def bump_session_epoch(*, session: Session, user_id: int) -> None:
    """``session_epoch = session_epoch + 1`` in one statement: concurrent logouts each count."""
    session.exec(update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1))  # type: ignore[call-overload]


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


def turn_counts(*, session: Session, session_ids: Sequence[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    rows = session.exec(
        select(Turn.session_id, func.count()).where(Turn.session_id.in_(session_ids)).group_by(Turn.session_id)  # type: ignore[attr-defined]
    ).all()
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


def list_grades(*, session: Session, session_id: str) -> Sequence[Grade]:
    return session.exec(select(Grade).where(Grade.session_id == session_id).order_by(Grade.id)).all()  # type: ignore[arg-type]


# -- cohorts (issue 6) ------------------------------------------------------------------------------
def list_cohorts(*, session: Session, ids: Sequence[int] | None = None) -> Sequence[Cohort]:
    stmt = select(Cohort).order_by(Cohort.name)
    if ids is not None:
        stmt = stmt.where(Cohort.id.in_(ids))  # type: ignore[union-attr]
    return session.exec(stmt).all()


def get_cohort(*, session: Session, cohort_id: int) -> Cohort | None:
    return session.get(Cohort, cohort_id)


def get_cohort_by_name(*, session: Session, name: str) -> Cohort | None:
    return session.exec(select(Cohort).where(Cohort.name == name)).first()


def add_cohort(*, session: Session, cohort: Cohort) -> Cohort:
    session.add(cohort)
    session.flush()
    return cohort


def delete_cohort(*, session: Session, cohort: Cohort) -> None:
    for member in session.exec(select(CohortMember).where(CohortMember.cohort_id == cohort.id)).all():
        session.delete(member)
    for assignment in session.exec(select(ScenarioAssignment).where(ScenarioAssignment.cohort_id == cohort.id)).all():
        session.delete(assignment)
    session.flush()  # the members first: without an ORM relationship the unit of work may not order them
    session.delete(cohort)
    session.flush()


def list_members(*, session: Session, cohort_id: int) -> Sequence[tuple[CohortMember, User]]:
    stmt = (select(CohortMember, User).join(User, User.id == CohortMember.user_id)  # type: ignore[arg-type]
            .where(CohortMember.cohort_id == cohort_id).order_by(CohortMember.role, User.username))
    return session.exec(stmt).all()


def get_member(*, session: Session, cohort_id: int, user_id: int) -> CohortMember | None:
    stmt = select(CohortMember).where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id)
    return session.exec(stmt).first()


def add_member(*, session: Session, member: CohortMember) -> CohortMember:
    session.add(member)
    session.flush()
    return member


def delete_member(*, session: Session, member: CohortMember) -> None:
    session.delete(member)
    session.flush()


def memberships_of(*, session: Session, user_id: int) -> Sequence[CohortMember]:
    return session.exec(select(CohortMember).where(CohortMember.user_id == user_id)).all()


def member_counts(*, session: Session) -> dict[tuple[int, str], int]:
    rows = session.exec(select(CohortMember.cohort_id, CohortMember.role, func.count())
                        .group_by(CohortMember.cohort_id, CohortMember.role)).all()
    return {(cid, role): n for cid, role, n in rows}


def users_by_ids(*, session: Session, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in session.exec(select(User).where(User.id.in_(ids))).all()}  # type: ignore[union-attr,misc]


def list_users_by_role(*, session: Session, role: str) -> Sequence[User]:
    return session.exec(select(User).where(User.role == role).order_by(User.username)).all()


# -- programmes -------------------------------------------------------------------------------------
def list_programmes(*, session: Session, active_only: bool = False) -> Sequence[Programme]:
    stmt = select(Programme).order_by(Programme.id)
    if active_only:
        stmt = stmt.where(Programme.active == True)  # noqa: E712
    return session.exec(stmt).all()


def get_programme(*, session: Session, programme_id: int) -> Programme | None:
    return session.get(Programme, programme_id)


def get_programme_by_name(*, session: Session, name: str) -> Programme | None:
    return session.exec(select(Programme).where(Programme.name == name)).first()


def add_programme(*, session: Session, programme: Programme) -> Programme:
    session.add(programme)
    session.flush()
    return programme


def delete_programme(*, session: Session, programme: Programme) -> None:
    session.delete(programme)
    session.flush()


def programme_in_use(*, session: Session, programme_id: int) -> bool:
    cert = session.exec(select(Certificate.id).where(Certificate.programme_id == programme_id)).first()
    cohort = session.exec(select(Cohort.id).where(Cohort.programme_id == programme_id)).first()
    return cert is not None or cohort is not None


# -- graded attempts: each ended session with its current (newest) grade ---------------------------
def graded_attempts(
    *, session: Session, user_ids: Sequence[int] | None = None, since=None, until=None
) -> Sequence[tuple[PracticeSession, Grade]]:
    newest = select(Grade.session_id, func.max(Grade.id).label("gid")).group_by(Grade.session_id).subquery()
    stmt = (select(PracticeSession, Grade)
            .join(newest, newest.c.session_id == PracticeSession.id)
            .join(Grade, Grade.id == newest.c.gid)  # type: ignore[arg-type]
            .order_by(PracticeSession.started_at))
    if user_ids is not None:
        stmt = stmt.where(PracticeSession.user_id.in_(user_ids))  # type: ignore[attr-defined]
    if since is not None:
        stmt = stmt.where(PracticeSession.started_at >= since)
    if until is not None:
        stmt = stmt.where(PracticeSession.started_at < until)
    return session.exec(stmt).all()


# -- certificates -----------------------------------------------------------------------------------
def add_certificate(*, session: Session, certificate: Certificate) -> Certificate:
    session.add(certificate)
    session.flush()
    return certificate


def get_certificate(*, session: Session, certificate_id: int) -> Certificate | None:
    return session.get(Certificate, certificate_id)


def get_certificate_by_code(*, session: Session, code: str) -> Certificate | None:
    return session.exec(select(Certificate).where(Certificate.code == code)).first()


def list_certificates(
    *, session: Session, user_ids: Sequence[int] | None = None, programme_id: int | None = None,
    since=None, until=None,
) -> Sequence[Certificate]:
    stmt = select(Certificate).order_by(Certificate.issued_at.desc())  # type: ignore[attr-defined]
    if user_ids is not None:
        stmt = stmt.where(Certificate.user_id.in_(user_ids))  # type: ignore[attr-defined]
    if programme_id is not None:
        stmt = stmt.where(Certificate.programme_id == programme_id)
    if since is not None:
        stmt = stmt.where(Certificate.issued_at >= since)
    if until is not None:
        stmt = stmt.where(Certificate.issued_at < until)
    return session.exec(stmt).all()


# -- HR transcript grants ---------------------------------------------------------------------------
def get_transcript_grant(*, session: Session, user_id: int) -> TranscriptGrant | None:
    return session.get(TranscriptGrant, user_id)


def set_transcript_grant(*, session: Session, user_id: int, granted: bool, by: int | None) -> None:
    current = session.get(TranscriptGrant, user_id)
    if granted and current is None:
        session.add(TranscriptGrant(user_id=user_id, granted_by=by))
    elif not granted and current is not None:
        session.delete(current)
    session.flush()


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


def cohort_memberships(*, session: Session) -> Sequence[tuple[CohortMember, Cohort]]:
    stmt = select(CohortMember, Cohort).join(Cohort, Cohort.id == CohortMember.cohort_id)  # type: ignore[arg-type]
    return session.exec(stmt.order_by(Cohort.name)).all()


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
