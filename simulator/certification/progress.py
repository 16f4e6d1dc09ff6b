"""Progress: a trainee's graded attempts evaluated against a programme, with their certificates.

Shared by the HR dashboards, the trainee's "my path" page and the certificate hook, so all three
agree on what counts (the policies are in ``simulator/certification/rules/evaluate.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from simulator.certification.programmes import spec_of
from simulator.certification.rules import certificates as certs
from simulator.certification.rules.attempts import Attempt, as_utc, attempt_from_grade
from simulator.certification.rules.evaluate import ProgrammeProgress, evaluate
from simulator.certification.rules.spec import ProgrammeSpec
from simulator.certification.schemas import RequirementStatus, TraineeProgress
from simulator.core.errors import NotFound
from simulator.db import repository as repo
from simulator.db.models import Certificate, Cohort, Grade, PracticeSession, Programme, User, utcnow


def to_attempt(practice: PracticeSession, grade: Grade) -> Attempt:
    return attempt_from_grade(
        session_id=practice.id, user_id=practice.user_id, scenario_id=practice.scenario_id,
        archetype=practice.archetype, stage=practice.stage, difficulty=practice.difficulty,
        at=practice.ended_at or grade.created_at, grade_id=grade.id or 0, result=grade.result, mode=grade.mode,
        exam=practice.exam_id is not None)


def attempts_by_user(db: Session, user_ids: Sequence[int], *, since: datetime | None = None,
                     until: datetime | None = None) -> dict[int, list[Attempt]]:
    """Every listed user's graded attempts (each session with its current grade), oldest first."""
    out: dict[int, list[Attempt]] = {uid: [] for uid in user_ids}
    for practice, grade in repo.graded_attempts(session=db, user_ids=list(user_ids), since=since, until=until):
        out.setdefault(practice.user_id, []).append(to_attempt(practice, grade))
    return out


def resolve_programme(db: Session, programme_id: int | None = None, cohort: Cohort | None = None) -> Programme:
    """The programme asked for, else the cohort's, else the first active one."""
    pid = programme_id or (cohort.programme_id if cohort else None)
    if pid is not None:
        programme = repo.get_programme(session=db, programme_id=pid)
        if programme is None:
            raise NotFound(f"programme_id: unknown programme {pid}", field="programme_id")
        return programme
    active = repo.list_programmes(session=db, active_only=True)
    if not active:
        raise NotFound("programme_id: there is no active programme; create one first", field="programme_id")
    return active[0]


def certificate_summary(cert: Certificate, now: datetime | None = None) -> dict[str, Any]:
    return {"id": cert.id, "code": cert.code, "programme_id": cert.programme_id, "programme": cert.programme_name,
            "programme_version": cert.programme_version, "issued_at": as_utc(cert.issued_at),
            "expires_at": as_utc(cert.expires_at) if cert.expires_at else None,
            "status": certs.status_of(cert, now or utcnow()), "revoke_reason": cert.revoke_reason}


def evaluate_user(spec: ProgrammeSpec, attempts: Sequence[Attempt], user_certs: Sequence[Certificate],
                  now: datetime) -> ProgrammeProgress:
    """Progress toward the programme, counting only evidence after the last certificate that ended."""
    return evaluate(spec, attempts, now=now, since=certs.evidence_since(user_certs, now))


def current_certificate(user_certs: Sequence[Certificate], now: datetime) -> Certificate | None:
    """The valid certificate if any, else the newest one (expired or revoked), else None."""
    ordered = sorted(user_certs, key=lambda c: as_utc(c.issued_at), reverse=True)
    return next((c for c in ordered if certs.status_of(c, now) == certs.VALID), ordered[0] if ordered else None)


def trainee_progress(user: User, programme: Programme, attempts: Sequence[Attempt],
                     user_certs: Sequence[Certificate], now: datetime) -> TraineeProgress:
    progress = evaluate_user(spec_of(programme), attempts, user_certs, now)
    cert = current_certificate(user_certs, now)
    return TraineeProgress(
        user_id=user.id, username=user.username, display_name=user.display_name, programme_id=programme.id,
        programme_name=programme.name, complete=progress.complete, done=progress.done, total=progress.total,
        percent=progress.percent, requirements=[RequirementStatus(**r.to_dict()) for r in progress.requirements],
        certificate=certificate_summary(cert, now) if cert else None)


def certificates_by_user(db: Session, user_ids: Sequence[int], programme_id: int) -> dict[int, list[Certificate]]:
    out: dict[int, list[Certificate]] = {uid: [] for uid in user_ids}
    for cert in repo.list_certificates(session=db, user_ids=list(user_ids), programme_id=programme_id):
        out.setdefault(cert.user_id, []).append(cert)
    return out
