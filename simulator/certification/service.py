"""Certificates: issued automatically when every requirement is met, printable, publicly verifiable,
revocable with a reason, and expiring after the programme's validity period.

``certify_after_grade`` is the hook ``practice/debrief.py`` calls after it stores a grade. It never
breaks grading: it works inside a savepoint and logs (not raises) anything unexpected; the caller's
commit stores the grade and any certificate together.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.certification.programmes import spec_of
from simulator.certification.progress import attempts_by_user, certificate_summary, evaluate_user
from simulator.certification.rule_pack_editions import edition
from simulator.certification.rules import certificates as rules
from simulator.certification.rules.attempts import as_utc
from simulator.certification.rules.evaluate import ProgrammeProgress
from simulator.core.errors import Conflict, Forbidden, NotFound
from simulator.db import repository as repo
from simulator.db.models import Certificate, CertificatePublic, Programme, User, utcnow

log = logging.getLogger(__name__)
MANAGE = ("hr", "admin")


def certify_after_grade(db: Session, user_id: int, *, now: datetime | None = None) -> list[Certificate]:
    """Issue every certificate the trainee has just earned (the caller commits). Never raises."""
    try:
        with db.begin_nested():
            return check_and_issue(db, user_id, now=now)
    except Exception:  # a certificate problem must not lose the grade
        log.exception("certificate check failed for user %s", user_id)
        return []


def check_and_issue(db: Session, user_id: int, *, now: datetime | None = None) -> list[Certificate]:
    now = now or utcnow()
    user = repo.get_user(session=db, user_id=user_id)
    if user is None or user.role != "trainee":
        return []
    attempts = attempts_by_user(db, [user_id])[user_id]
    if not attempts:
        return []
    issued = []
    for programme in repo.list_programmes(session=db, active_only=True):
        previous = list(repo.list_certificates(session=db, user_ids=[user_id], programme_id=programme.id))
        if rules.has_valid(previous, now):
            continue
        progress = evaluate_user(spec_of(programme), attempts, previous, now)
        if progress.complete:
            issued.append(_issue(db, user, programme, progress, now))
    return issued


def _issue(db: Session, user: User, programme: Programme, progress: ProgrammeProgress, now: datetime) -> Certificate:
    evidence = {"requirements": progress.evidence(), "rubric_versions": progress.rubric_versions(),
                "rule_packs": [edition(db, ref) for ref in progress.rule_pack_versions()],
                "programme": {"id": programme.id, "version": programme.version, "rubric": programme.rubric,
                              "requirements": programme.requirements}}
    for _ in range(5):  # a code collision is astronomically unlikely; retry rather than fail
        cert = Certificate(code=rules.new_code(), user_id=user.id, programme_id=programme.id,
                           programme_version=programme.version, programme_name=programme.name, issued_at=now,
                           expires_at=rules.expiry(now, programme.validity_days), evidence=evidence)
        try:
            with db.begin_nested():
                return repo.add_certificate(session=db, certificate=cert)
        except IntegrityError:
            continue
    raise Conflict("code: could not allocate a verification code")


def public(cert: Certificate, now: datetime | None = None) -> CertificatePublic:
    return CertificatePublic(**cert.model_dump(exclude={"revoked_by"}), status=rules.status_of(cert, now or utcnow()))


def _get(db: Session, certificate_id: int) -> Certificate:
    cert = repo.get_certificate(session=db, certificate_id=certificate_id)
    if cert is None:
        raise NotFound(f"certificate_id: unknown certificate {certificate_id}", field="certificate_id")
    return cert


def list_certificates(db: Session, viewer: User, *, status: str | None = None) -> list[dict[str, Any]]:
    """HR's certificate register: every certificate with its holder and live status."""
    if viewer.role not in MANAGE:
        raise Forbidden("role: this needs the role hr or admin")
    now = utcnow()
    rows = list(repo.list_certificates(session=db))
    users = repo.users_by_ids(session=db, ids=list({c.user_id for c in rows}))
    out = []
    for c in rows:
        summary = certificate_summary(c, now)
        if status and summary["status"] != status:
            continue
        holder = users.get(c.user_id)
        out.append(summary | {"user_id": c.user_id, "holder": holder.display_name if holder else "?",
                              "username": holder.username if holder else "?"})
    return out


def revoke(db: Session, viewer: User, certificate_id: int, reason: str) -> CertificatePublic:
    if viewer.role not in MANAGE:
        raise Forbidden("role: this needs the role hr or admin")
    cert = _get(db, certificate_id)
    if cert.revoked_at is not None:
        raise Conflict("certificate_id: this certificate is already revoked", field="certificate_id")
    cert.revoked_at, cert.revoked_by, cert.revoke_reason = utcnow(), viewer.id, reason.strip()
    db.add(cert)
    db.commit()
    return public(cert)


def verify(db: Session, code: str) -> dict[str, Any]:
    """The public check: name, programme, date and status only — no scores, no sessions."""
    cert = repo.get_certificate_by_code(session=db, code=rules.normalise_code(code))
    if cert is None:
        raise NotFound("code: no certificate has this verification code", field="code")
    holder = repo.get_user(session=db, user_id=cert.user_id)
    return {"code": cert.code, "name": holder.display_name if holder else "", "programme": cert.programme_name,
            "issued_at": as_utc(cert.issued_at).date().isoformat(),
            "expires_at": as_utc(cert.expires_at).date().isoformat() if cert.expires_at else None,
            "status": rules.status_of(cert, utcnow())}


def certificate_page(db: Session, viewer: User, code: str) -> dict[str, Any]:
    """The printable certificate with its evidence: for its holder, HR and admins."""
    cert = repo.get_certificate_by_code(session=db, code=rules.normalise_code(code))
    if cert is None or (viewer.role not in MANAGE and viewer.id != cert.user_id):
        raise NotFound("code: no certificate has this verification code", field="code")
    holder = repo.get_user(session=db, user_id=cert.user_id)
    return {"certificate": public(cert), "holder": {"display_name": holder.display_name if holder else "",
                                                    "username": holder.username if holder else ""}}


def my_certificates(db: Session, user: User) -> list[dict[str, Any]]:
    now = utcnow()
    return [certificate_summary(c, now) for c in repo.list_certificates(session=db, user_ids=[user.id])]
