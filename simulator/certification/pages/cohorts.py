"""Cohort management pages (HR, admin): list and create, rename, pick the programme, add and remove members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts import cohorts
from simulator.core.errors import ServiceError
from simulator.db.models import CohortCreate, CohortMemberCreate, CohortUpdate
from simulator.deps import SessionDep
from simulator.web.roles import MANAGERS, form_role, page_role, parse_form
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=500)]


def _programme(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.get("/hr/cohorts")
def cohorts_page(request: Request, db: SessionDep):
    user = page_role(request, db, *MANAGERS)
    return render(request, "hr/cohorts.html", user=user, error=None, **cohorts.manage_view(db, user))


@router.post("/hr/cohorts")
def create_cohort(request: Request, db: SessionDep, name: Text = "", description: Text = "",
                  programme_id: Text = "", csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    try:
        data = parse_form(CohortCreate, {"name": name.strip(), "description": description,
                                         "programme_id": _programme(programme_id)})
        cohort = cohorts.create_cohort(db, user, data)
    except ServiceError as exc:
        return render(request, "hr/cohorts.html", status_code=exc.status_code, user=user, error=exc.detail,
                      **cohorts.manage_view(db, user))
    return RedirectResponse(f"/hr/cohorts/{cohort.id}/members", status_code=303)


@router.get("/hr/cohorts/{cohort_id}/members")
def members_page(cohort_id: int, request: Request, db: SessionDep):
    user = page_role(request, db, *MANAGERS)
    return render(request, "hr/cohort_members.html", user=user, error=None, **cohorts.manage_view(db, user, cohort_id))


def _back(cohort_id: int) -> RedirectResponse:
    return RedirectResponse(f"/hr/cohorts/{cohort_id}/members", status_code=303)


def _form_error(request: Request, db, user, cohort_id: int, exc: ServiceError):
    return render(request, "hr/cohort_members.html", status_code=exc.status_code, user=user, error=exc.detail,
                  **cohorts.manage_view(db, user, cohort_id))


@router.post("/hr/cohorts/{cohort_id}/edit")
def edit_cohort(cohort_id: int, request: Request, db: SessionDep, name: Text = "", description: Text = "",
                programme_id: Text = "", csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    try:
        data = parse_form(CohortUpdate, {"name": name.strip() or None, "description": description,
                                         "programme_id": _programme(programme_id)})
        cohorts.update_cohort(db, user, cohort_id, data)
    except ServiceError as exc:
        return _form_error(request, db, user, cohort_id, exc)
    return _back(cohort_id)


@router.post("/hr/cohorts/{cohort_id}/members")
def add_member(cohort_id: int, request: Request, db: SessionDep, username: Text = "", role: Text = "trainee",
               csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    try:
        data = parse_form(CohortMemberCreate, {"username": username.strip(), "role": role})
        cohorts.add_member(db, user, cohort_id, data)
    except ServiceError as exc:
        return _form_error(request, db, user, cohort_id, exc)
    return _back(cohort_id)


@router.post("/hr/cohorts/{cohort_id}/members/{user_id}/remove")
def remove_member(cohort_id: int, user_id: int, request: Request, db: SessionDep, csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    cohorts.remove_member(db, user, cohort_id, user_id)
    return _back(cohort_id)


@router.post("/hr/cohorts/{cohort_id}/delete")
def delete_cohort(cohort_id: int, request: Request, db: SessionDep, csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *MANAGERS)
    cohorts.delete_cohort(db, user, cohort_id)
    return RedirectResponse("/hr/cohorts", status_code=303)
