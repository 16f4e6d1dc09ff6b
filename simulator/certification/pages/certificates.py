"""Certificate pages: HR's register with revocation, the printable certificate, public verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.certification import service as certification
from simulator.core.errors import NotFound, ServiceError
from simulator.db.models import CertificateRevoke
from simulator.deps import SessionDep
from simulator.web.roles import MANAGERS, form_role, page_role, page_user, parse_form
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr/certificates")
def register_page(request: Request, db: SessionDep, status: str | None = None):
    user = page_role(request, db, *MANAGERS)
    return render(request, "hr/certificates.html", user=user, rows=certification.list_certificates(db, user, status=status),
                  status=status or "", error=None)


@router.post("/hr/certificates/{certificate_id}/revoke")
def revoke(certificate_id: int, request: Request, db: SessionDep, reason: Annotated[str, Form(max_length=500)] = "",
           csrf_token: Annotated[str, Form()] = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    try:
        body = parse_form(CertificateRevoke, {"reason": reason.strip()})
        certification.revoke(db, user, certificate_id, body.reason)
    except ServiceError as exc:
        return render(request, "hr/certificates.html", status_code=exc.status_code, user=user, status="",
                      rows=certification.list_certificates(db, user), error=exc.detail)
    return RedirectResponse("/hr/certificates", status_code=303)


@router.get("/certificates/{code}")
def certificate_page(code: str, request: Request, db: SessionDep):
    user = page_user(request, db)
    view = certification.certificate_page(db, user, code)
    verify_url = f"{str(request.base_url).rstrip('/')}/verify/{view['certificate'].code}"
    return render(request, "public/certificate.html", user=user, view=view, verify_url=verify_url)


@router.get("/verify")
def verify_form(request: Request, db: SessionDep, code: str = ""):
    if code.strip():
        return RedirectResponse(f"/verify/{code.strip()[:40]}", status_code=303)
    return render(request, "public/verify.html", result=None, code="", unknown=False)


@router.get("/verify/{code}")
def verify_page(code: str, request: Request, db: SessionDep):
    """Public, no login: name, programme, date and status only."""
    try:
        result = certification.verify(db, code)
    except NotFound:
        return render(request, "public/verify.html", status_code=404, result=None, code=code[:40], unknown=True)
    return render(request, "public/verify.html", result=result, code=result["code"], unknown=False)
