"""JSON twins of the HR dashboard pages (design §9 rule 11): the same data the pages render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from simulator.certification import dashboards
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import Viewer

router = APIRouter(prefix="/api/hr", tags=["hr: dashboards"])
InactiveDays = Annotated[int, Query(ge=1, le=365, description="flag trainees idle this many days")]


@router.get("/overview")
def overview(db: SessionDep, user: Viewer) -> dict[str, Any]:
    """Twin of /hr: every visible cohort's progress and the newest certificates."""
    return dashboards.overview(db, user)


@router.get("/cohorts/{cohort_id}/dashboard")
def cohort_dashboard(cohort_id: int, db: SessionDep, catalog: CatalogDep, user: Viewer,
                     programme_id: int | None = None, inactive_days: InactiveDays = 7) -> dict[str, Any]:
    """Twin of /hr/cohorts/{id}: matrix, trend per dimension, frequent violations, at-risk list."""
    return dashboards.cohort_dashboard(db, catalog, user, cohort_id, programme_id=programme_id,
                                       inactive_days=inactive_days)


@router.get("/trainees/{user_id}")
def trainee_dashboard(user_id: int, db: SessionDep, catalog: CatalogDep, user: Viewer,
                      programme_id: int | None = None) -> dict[str, Any]:
    """Twin of /hr/trainees/{id}: checklist, trend, sessions, certificates, risk flags."""
    return dashboards.trainee_dashboard(db, catalog, user, user_id, programme_id=programme_id)


@router.get("/sessions/{session_id}")
def session_view(session_id: str, db: SessionDep, catalog: CatalogDep, user: Viewer) -> dict[str, Any]:
    """Twin of /hr/sessions/{id}: the grade; the transcript only for viewers allowed to read it."""
    return dashboards.session_view(db, catalog, user, session_id)
