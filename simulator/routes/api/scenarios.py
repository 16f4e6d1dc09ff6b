from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.deps import CatalogDep, CurrentUser
from simulator.i18n import lang_of
from simulator.schemas import ScenarioSummary
from simulator.services.scenarios import scenario_summaries

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


@router.get("", response_model=list[ScenarioSummary])
def list_scenarios(request: Request, catalog: CatalogDep, _user: CurrentUser) -> list[ScenarioSummary]:
    return scenario_summaries(catalog, lang_of(request))
