"""The account pages (issue 20): /admin/users for an admin, /account/password for everyone.

A generated password is rendered once in the response to the form that made it (never in a URL, a
redirect or the log), and the account must change it at its next login.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts import management
from simulator.core.errors import ServiceError, Unauthorized
from simulator.deps import SessionDep, start_browser_session
from simulator.web.labels import N_
from simulator.web.roles import form_role, page_role, page_user
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)

# A refused form names its field; the page shows a translated message for it (never the English detail).
FIELD_MESSAGES = {
    "username": N_("users_error_username"), "role": N_("users_error_role"), "cohort_id": N_("users_error_cohort"),
    "csv": N_("users_error_csv"), "user_id": N_("users_error_self"),
}
USERS_ERROR = N_("users_error_generic")
PASSWORD_ERRORS = {"current": N_("password_error_current"), "confirm": N_("password_error_confirm"),
                   "new": N_("password_error_new")}


def _users_page(request: Request, db, actor, *, status_code: int = 200, issued=None, error: ServiceError | None = None,
                form: dict | None = None):
    view = management.users_view(db, actor)
    line = re.search(r"line (\d+)", error.detail) if error and error.field == "csv" else None
    return render(request, "admin/users.html", status_code=status_code, user=actor, issued=issued or [],
                  error_line=int(line.group(1)) if line else None,
                  error_key=FIELD_MESSAGES.get(error.field or "", USERS_ERROR) if error else None,
                  error_detail=error.detail if error else None, form=form or {}, **view)


@router.get("/admin/users")
def users_page(request: Request, db: SessionDep):
    actor = page_role(request, db, "admin")
    return _users_page(request, db, actor)


def _cohort(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.post("/admin/users")
def create_user(
    request: Request, db: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "trainee",
    cohort_id: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    actor = form_role(request, db, csrf_token, "admin")
    try:
        issued = management.create(db, actor, username=username, role=role, display_name=display_name,
                                   cohort_id=_cohort(cohort_id))
    except ServiceError as exc:
        db.rollback()
        return _users_page(request, db, actor, status_code=422 if exc.field != "username" or "exists" not in exc.detail
                           else 409, error=exc, form={"username": username, "display_name": display_name,
                                                      "role": role, "cohort_id": cohort_id})
    return _users_page(request, db, actor, issued=[issued])


@router.post("/admin/users/import")
def import_users(
    request: Request, db: SessionDep,
    csv: Annotated[str, Form(max_length=50_000)] = "",
    cohort_id: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    actor = form_role(request, db, csrf_token, "admin")
    try:
        issued = management.import_trainees(db, actor, csv, cohort_id=_cohort(cohort_id))
    except ServiceError as exc:
        db.rollback()
        return _users_page(request, db, actor, status_code=409 if "exists" in exc.detail else 422, error=exc,
                           form={"csv": csv, "import_cohort_id": cohort_id})
    return _users_page(request, db, actor, issued=issued)


@router.post("/admin/users/{user_id}/role")
def change_role(request: Request, db: SessionDep, user_id: int, role: Annotated[str, Form(max_length=16)] = "",
                csrf_token: Annotated[str, Form()] = ""):
    actor = form_role(request, db, csrf_token, "admin")
    try:
        management.set_role(db, actor, user_id, role)
    except ServiceError as exc:
        db.rollback()
        return _users_page(request, db, actor, status_code=404 if "no user" in exc.detail else 409, error=exc)
    return RedirectResponse("/admin/users?saved=1", status_code=303)


@router.post("/admin/users/{user_id}/reset")
def reset_password(request: Request, db: SessionDep, user_id: int, csrf_token: Annotated[str, Form()] = ""):
    actor = form_role(request, db, csrf_token, "admin")
    try:
        issued = management.reset(db, actor, user_id)
    except ServiceError as exc:
        db.rollback()
        return _users_page(request, db, actor, status_code=404, error=exc)
    return _users_page(request, db, actor, issued=[issued])


@router.post("/admin/users/{user_id}/active")
def set_active(request: Request, db: SessionDep, user_id: int, active: Annotated[str, Form(max_length=3)] = "",
               csrf_token: Annotated[str, Form()] = ""):
    actor = form_role(request, db, csrf_token, "admin")
    try:
        management.set_active(db, actor, user_id, active == "yes")
    except ServiceError as exc:
        db.rollback()
        return _users_page(request, db, actor, status_code=404 if "no user" in exc.detail else 409, error=exc)
    return RedirectResponse("/admin/users?saved=1", status_code=303)


@router.get("/account/password")
def password_page(request: Request, db: SessionDep):
    user = page_user(request, db)
    return render(request, "account/password.html", user=user, error=None)


@router.post("/account/password")
def change_password(
    request: Request, db: SessionDep,
    current: Annotated[str, Form(max_length=256)] = "",
    new: Annotated[str, Form(max_length=256)] = "",
    confirm: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    user = form_role(request, db, csrf_token)
    try:
        user = management.change_own_password(db, user, current=current, new=new, confirm=confirm)
    except ServiceError as exc:
        db.rollback()
        field = "current" if isinstance(exc, Unauthorized) else (exc.field if exc.field in PASSWORD_ERRORS else "new")
        return render(request, "account/password.html", status_code=401 if isinstance(exc, Unauthorized) else 422,
                      user=user, error=PASSWORD_ERRORS[field], field=field)
    start_browser_session(request, user)  # the other sessions ended with the old password; this one goes on
    return RedirectResponse("/?password_changed=1", status_code=303)
