from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.deps import CatalogDep, CurrentUser, SessionDep
from simulator.i18n import lang_of
from simulator.schemas import ScenarioSummary
from simulator.services.scenarios import visible_summaries

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


@router.get("", response_model=list[ScenarioSummary])
async def list_scenarios(request: Request, db: SessionDep, catalog: CatalogDep,
                         user: CurrentUser) -> list[ScenarioSummary]:
    return await visible_summaries(db, catalog, user, lang_of(request))
