from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.deps import CatalogDep, CurrentUser, SessionDep
from simulator.practice.scenarios import visible_summaries
from simulator.practice.schemas import ScenarioSummary
from simulator.web.i18n import lang_of

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


@router.get("", response_model=list[ScenarioSummary])
async def list_scenarios(request: Request, db: SessionDep, catalog: CatalogDep,
                         user: CurrentUser) -> list[ScenarioSummary]:
    return await visible_summaries(db, catalog, user, lang_of(request))
