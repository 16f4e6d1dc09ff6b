from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.deps import CatalogDep, CurrentUser, SessionDep
from simulator.i18n import lang_of
from simulator.persistence.inline import run_db
from simulator.schemas import ScenarioSummary
from simulator.services.assignments import hidden_scenarios
from simulator.services.scenarios import scenario_summaries

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


@router.get("", response_model=list[ScenarioSummary])
async def list_scenarios(request: Request, db: SessionDep, catalog: CatalogDep,
                         user: CurrentUser) -> list[ScenarioSummary]:
    return scenario_summaries(catalog, lang_of(request), hidden=await run_db(db, hidden_scenarios, db, user))
