"""Exam pages (issue 21, item 1): a trainee's exams (/exams); the trainer's and HR's (/trainer/exams)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts import cohorts
from simulator.core.errors import ServiceError
from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep
from simulator.practice.exams import service
from simulator.practice.pages import form_user
from simulator.practice.scenarios import scenario_summaries
from simulator.web.i18n import lang_of
from simulator.web.roles import form_role, page_role, page_user
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=200)]


@router.get("/exams")
def exams_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_user(request, db)
    return render(request, "trainee/exams.html", user=user, exams=service.trainee_exams(db, catalog, user))


@router.post("/exams/{exam_id}/start")
def start_exam(exam_id: int, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
               provider: ProviderDep, csrf_token: Annotated[str, Form()] = ""):
    user = form_user(request, db, csrf_token)
    session = service.start_exam(db, catalog, user, exam_id, seed=settings.engine_seed,
                                 provider=provider.name if provider else "offline")
    return RedirectResponse(f"/practice/{session.id}", status_code=303)


def _manage(request: Request, db, catalog, user, *, error: str | None = None, status_code: int = 200):
    options = cohorts.list_cohorts(db, user)
    pool = [s for s in scenario_summaries(catalog, lang_of(request)) if not s.call_only]
    return render(request, "trainer/exams.html", status_code=status_code, user=user, error=error,
                  exams=service.staff_exams(db, user), cohorts=options, scenarios=pool,
                  max_minutes=service.MAX_MINUTES)


@router.get("/trainer/exams")
def manage_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *service.STAFF)
    return _manage(request, db, catalog, user)


def _int(value: str) -> int | str:
    return int(value) if value.strip().isdigit() else value


@router.post("/trainer/exams")
async def create_exam(request: Request, db: SessionDep, catalog: CatalogDep):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *service.STAFF)
    try:
        exam = service.create_exam(db, catalog, user, name=str(form.get("name", "")),
                                   cohort_id=_int(str(form.get("cohort_id", ""))),
                                   pool=[str(v) for v in form.getlist("pool")],
                                   time_limit_minutes=_int(str(form.get("time_limit_minutes", ""))))
    except ServiceError as exc:
        return _manage(request, db, catalog, user, error=exc.detail, status_code=exc.status_code)
    return RedirectResponse(f"/trainer/exams/{exam.id}", status_code=303)


@router.get("/trainer/exams/{exam_id}")
def results_page(exam_id: int, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *service.STAFF)
    exam, rows = service.exam_results(db, catalog, user, exam_id)
    titles = {s.id: s.title for s in scenario_summaries(catalog, lang_of(request))}
    return render(request, "trainer/exam.html", user=user, exam=exam, rows=rows, titles=titles)


@router.post("/trainer/exams/{exam_id}/grants")
def grant(exam_id: int, request: Request, db: SessionDep, user_id: Text = "", reason: Text = "",
          csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *service.STAFF)
    service.grant_attempt(db, user, exam_id, trainee_id=_int(user_id), reason=reason)
    return RedirectResponse(f"/trainer/exams/{exam_id}#grants", status_code=303)
