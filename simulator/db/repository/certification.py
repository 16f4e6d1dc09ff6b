"""Queries of certification: programmes, graded attempts, certificates, transcript grants. Keyword-only
``session=``; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, func, select

from simulator.db.models import (
    Certificate,
    Cohort,
    Grade,
    PracticeSession,
    Programme,
    TranscriptGrant,
)


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
            # branches and the calls of a multi-call case never count
            .where(PracticeSession.branch_of.is_(None), PracticeSession.case_run_id.is_(None))  # type: ignore[union-attr]
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
