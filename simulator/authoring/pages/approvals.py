"""The approvals page (HR, admins): pass-rule changes waiting, each with before → after."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from simulator.authoring import service as authoring
from simulator.core.errors import InvalidInput
from simulator.deps import SessionDep
from simulator.web.roles import MANAGERS, form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr/approvals")
def approvals_page(request: Request, db: SessionDep):
    user = page_role(request, db, *MANAGERS)
    return render(request, "hr/approvals.html", user=user, rows=authoring.pending_approvals(db, user),
                  done=request.query_params.get("done"))


@router.post("/hr/approvals/{kind}/{object_id}/approve")
async def approve_form(kind: str, object_id: str, request: Request, db: SessionDep):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *MANAGERS)
    authoring.approve(db, kind, object_id, user)
    return RedirectResponse("/hr/approvals?done=approved", status_code=303)


@router.post("/hr/approvals/{kind}/{object_id}/reject")
async def reject_form(kind: str, object_id: str, request: Request, db: SessionDep):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *MANAGERS)
    reason = str(form.get("reason", "")).strip()
    if len(reason) < 2:
        raise InvalidInput("reason: say why (at least 2 characters)", field="reason")
    authoring.reject(db, kind, object_id, user, reason)
    return RedirectResponse("/hr/approvals?done=rejected", status_code=303)
