"""Admin page: grant or withdraw an HR user's right to read transcripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.certification import access
from simulator.certification.access import AccessUpdate
from simulator.deps import SessionDep
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr/access")
def access_page(request: Request, db: SessionDep):
    user = page_role(request, db, "admin")
    return render(request, "hr/access.html", user=user, rows=access.list_hr_access(db, user))


@router.post("/hr/access/{user_id}")
def set_access(user_id: int, request: Request, db: SessionDep, transcripts: Annotated[str, Form()] = "",
               csrf_token: Annotated[str, Form()] = ""):
    user = form_role(request, db, csrf_token, "admin")
    access.set_hr_access(db, user, user_id, AccessUpdate(transcripts=transcripts == "on"))
    return RedirectResponse("/hr/access", status_code=303)
