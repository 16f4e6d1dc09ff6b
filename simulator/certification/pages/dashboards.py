"""HR dashboard pages: overview, cohort, trainee, session (JSON twins in certification/api/dashboards.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from simulator.certification import dashboards
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import VIEWERS, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr")
def overview_page(request: Request, db: SessionDep):
    user = page_role(request, db, *VIEWERS)
    return render(request, "hr/overview.html", user=user, view=dashboards.overview(db, user))


@router.get("/hr/cohorts/{cohort_id}")
def cohort_page(cohort_id: int, request: Request, db: SessionDep, catalog: CatalogDep,
                programme_id: int | None = None, inactive_days: Annotated[int, Query(ge=1, le=365)] = 7):
    user = page_role(request, db, *VIEWERS)
    view = dashboards.cohort_dashboard(db, catalog, user, cohort_id, programme_id=programme_id,
                                       inactive_days=inactive_days, chart=True)
    return render(request, "hr/cohort.html", user=user, view=view)


@router.get("/hr/trainees/{user_id}")
def trainee_page(user_id: int, request: Request, db: SessionDep, catalog: CatalogDep, programme_id: int | None = None):
    user = page_role(request, db, *VIEWERS)
    view = dashboards.trainee_dashboard(db, catalog, user, user_id, programme_id=programme_id, chart=True)
    return render(request, "hr/trainee.html", user=user, view=view)


@router.get("/hr/sessions/{session_id}")
def session_page(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *VIEWERS)
    return render(request, "hr/session.html", user=user, view=dashboards.session_view(db, catalog, user, session_id))
