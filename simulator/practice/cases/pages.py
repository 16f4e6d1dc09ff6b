"""The case pages (issue 21, item 3): the cases to take on, and one run's timeline and debrief."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep
from simulator.practice.cases import service
from simulator.practice.cases.view import case_card, case_payload
from simulator.practice.pages import form_user
from simulator.web.i18n import lang_of
from simulator.web.roles import page_user
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


def _call_page(session) -> str:
    return f"/{'call' if session.mode == 'call' else 'practice'}/{session.id}"


@router.get("/cases")
def cases_page(request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep):
    user = page_user(request, db)
    lang = lang_of(request)
    cases = service.cases_of(settings)
    cards = [case_card(case, base, card, lang) for case, base, card in service.playable(cases, catalog)]
    titles = {c["id"]: c["title"] for c in cards}
    runs = [r for r in service.list_runs(db, user) if r.case_id in titles]
    return render(request, "trainee/cases.html", user=user, cases=cards, runs=runs, titles=titles)


@router.post("/cases/{case_id}/start")
def start_case(case_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
               provider: ProviderDep, csrf_token: Annotated[str, Form()] = ""):
    user = form_user(request, db, csrf_token)
    _, session = service.start_case(db, catalog, service.cases_of(settings), user, case_id, seed=settings.engine_seed,
                                    provider=provider.name if provider else "offline")
    return RedirectResponse(_call_page(session), status_code=303)


@router.get("/cases/runs/{run_id}")
def run_page(run_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep):
    user = page_user(request, db)
    view = case_payload(service.case_view(db, catalog, service.cases_of(settings), user, run_id), lang_of(request))
    return render(request, "trainee/case.html", user=user, view=view)


@router.post("/cases/runs/{run_id}/next")
def next_call(run_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
              provider: ProviderDep, csrf_token: Annotated[str, Form()] = ""):
    user = form_user(request, db, csrf_token)
    session = service.advance(db, catalog, service.cases_of(settings), user, run_id,
                              provider=provider.name if provider else "offline")
    if session is None:  # the case is over: its debrief
        return RedirectResponse(f"/cases/runs/{run_id}#case-debrief", status_code=303)
    return RedirectResponse(_call_page(session), status_code=303)
