"""Multi-call cases over HTTP (issue 21, item 3): list the cases, start one, make its next call, read it."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from simulator.deps import CatalogDep, CurrentUser, ProviderDep, SessionDep, SettingsDep
from simulator.practice.cases import service
from simulator.practice.cases.view import case_card, case_payload
from simulator.web.i18n import lang_of

router = APIRouter(tags=["cases"])


class StartCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: Literal["chat", "call"] = "chat"


class CallStarted(BaseModel):
    run_id: str
    session_id: str
    number: int
    mode: str


@router.get("/api/cases")
def list_cases(request: Request, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser) -> list[dict[str, Any]]:
    lang = lang_of(request)
    return [case_card(case, base, card, lang) for case, base, card in service.playable(service.cases_of(settings),
                                                                                       catalog)]


@router.post("/api/cases/{case_id}/runs", status_code=201, response_model=CallStarted)
def start(case_id: str, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser,
          provider: ProviderDep, body: StartCase | None = None) -> CallStarted:
    mode = body.mode if body else "chat"
    run, session = service.start_case(db, catalog, service.cases_of(settings), user, case_id, seed=settings.engine_seed,
                                      provider=provider.name if provider else "offline", mode=mode)
    return CallStarted(run_id=run.id, session_id=session.id, number=1, mode=session.mode)


@router.get("/api/case-runs")
def my_runs(db: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    return [{"run_id": r.id, "case_id": r.case_id, "status": r.status, "started_at": r.started_at.isoformat()}
            for r in service.list_runs(db, user)]


@router.get("/api/case-runs/{run_id}")
def read(run_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
         user: CurrentUser) -> dict[str, Any]:
    return case_payload(service.case_view(db, catalog, service.cases_of(settings), user, run_id), lang_of(request))


@router.post("/api/case-runs/{run_id}/calls", status_code=201, response_model=CallStarted)
def next_call(run_id: str, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser,
              provider: ProviderDep) -> CallStarted:
    session = service.next_case_call(db, catalog, service.cases_of(settings), user, run_id,
                                     provider=provider.name if provider else "offline")
    return CallStarted(run_id=run_id, session_id=session.id, number=int((session.case_call or {})["number"]),
                       mode=session.mode)
