"""Cohorts API (HR and admins manage; trainers read the cohorts they coach)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from simulator.accounts import cohorts
from simulator.accounts.schemas import CohortDetail, CohortSummary
from simulator.db.models import (
    CohortCreate,
    CohortMemberCreate,
    CohortMemberPublic,
    CohortPublic,
    CohortUpdate,
)
from simulator.deps import SessionDep
from simulator.web.roles import Manager, Viewer

router = APIRouter(prefix="/api/hr/cohorts", tags=["hr: cohorts"])


@router.get("", response_model=list[CohortSummary])
def list_cohorts(db: SessionDep, user: Viewer) -> list[CohortSummary]:
    return cohorts.list_cohorts(db, user)


@router.post("", response_model=CohortPublic, status_code=201)
def create_cohort(body: CohortCreate, db: SessionDep, user: Manager) -> CohortPublic:
    return CohortPublic.model_validate(cohorts.create_cohort(db, user, body))


@router.get("/{cohort_id}", response_model=CohortDetail)
def get_cohort(cohort_id: int, db: SessionDep, user: Viewer) -> CohortDetail:
    return cohorts.cohort_detail(db, user, cohort_id)


@router.patch("/{cohort_id}", response_model=CohortPublic)
def update_cohort(cohort_id: int, body: CohortUpdate, db: SessionDep, user: Manager) -> CohortPublic:
    return CohortPublic.model_validate(cohorts.update_cohort(db, user, cohort_id, body))


@router.delete("/{cohort_id}", status_code=204)
def delete_cohort(cohort_id: int, db: SessionDep, user: Manager) -> Response:
    cohorts.delete_cohort(db, user, cohort_id)
    return Response(status_code=204)


@router.post("/{cohort_id}/members", response_model=CohortMemberPublic, status_code=201)
def add_member(cohort_id: int, body: CohortMemberCreate, db: SessionDep, user: Manager) -> CohortMemberPublic:
    return cohorts.add_member(db, user, cohort_id, body)


@router.delete("/{cohort_id}/members/{user_id}", status_code=204)
def remove_member(cohort_id: int, user_id: int, db: SessionDep, user: Manager) -> Response:
    cohorts.remove_member(db, user, cohort_id, user_id)
    return Response(status_code=204)
