"""Certificates: HR's register and revocation, the holder's printable data, the public verification."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from simulator.certification import service as certification
from simulator.db.models import CertificatePublic, CertificateRevoke
from simulator.deps import CurrentUser, SessionDep
from simulator.web.roles import Manager

router = APIRouter(tags=["certificates"])


@router.get("/api/hr/certificates")
def list_certificates(db: SessionDep, user: Manager, status: str | None = None) -> list[dict[str, Any]]:
    """Twin of /hr/certificates; ``status`` = valid | expired | revoked."""
    return certification.list_certificates(db, user, status=status)


@router.post("/api/hr/certificates/{certificate_id}/revoke", response_model=CertificatePublic)
def revoke(certificate_id: int, body: CertificateRevoke, db: SessionDep, user: Manager) -> CertificatePublic:
    return certification.revoke(db, user, certificate_id, body.reason)


@router.get("/api/certificates/{code}")
def certificate(code: str, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Twin of /certificates/{code}: the certificate with its evidence (its holder, HR and admins)."""
    return certification.certificate_page(db, user, code)


@router.get("/api/verify/{code}")
def verify(code: str, db: SessionDep) -> dict[str, Any]:
    """Public, no login: name, programme, dates and status only."""
    return certification.verify(db, code)
