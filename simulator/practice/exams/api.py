"""Exam mode over HTTP (issue 21, item 1): trainers and HR set exams and grant attempts; trainees take them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from simulator.db.models import exam_public
from simulator.deps import CatalogDep, CurrentUser, ProviderDep, SessionDep, SettingsDep
from simulator.practice.exams import service

router = APIRouter(tags=["exams"])


class ExamCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=80)
    cohort_id: int
    pool: list[str] = Field(min_length=1, max_length=40, description="scenario ids the exam call is drawn from")
    time_limit_minutes: int = Field(ge=1, le=service.MAX_MINUTES, description="time limit per call")


class GrantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_id: int = Field(description="the trainee who gets one more attempt")
    reason: str = Field(default="", max_length=200)


@router.post("/api/exams", status_code=201)
def create(body: ExamCreate, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> dict[str, Any]:
    exam = service.create_exam(db, catalog, user, name=body.name, cohort_id=body.cohort_id, pool=body.pool,
                               time_limit_minutes=body.time_limit_minutes)
    return exam_public(exam)


@router.get("/api/exams")
def managed(db: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The exams the caller set or may manage (a trainer: their cohorts'; HR and admins: all)."""
    return [exam_public(e) for e in service.staff_exams(db, user)]


@router.get("/api/exams/{exam_id}/results")
def results(exam_id: int, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> dict[str, Any]:
    exam, rows = service.exam_results(db, catalog, user, exam_id)
    return {**exam_public(exam), "trainees": [{"user_id": t.id, "username": t.username, **s.to_dict()}
                                              for t, s in rows]}


@router.post("/api/exams/{exam_id}/grants", status_code=201)
def grant(exam_id: int, body: GrantCreate, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    row = service.grant_attempt(db, user, exam_id, trainee_id=body.user_id, reason=body.reason)
    return {"id": row.id, "exam_id": row.exam_id, "user_id": row.user_id, "reason": row.reason}


@router.get("/api/me/exams")
def mine(db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> list[dict[str, Any]]:
    return [s.to_dict() for s in service.trainee_exams(db, catalog, user)]


@router.post("/api/exams/{exam_id}/attempts", status_code=201)
def attempt(exam_id: int, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser,
            provider: ProviderDep) -> dict[str, Any]:
    session = service.start_exam(db, catalog, user, exam_id, seed=settings.engine_seed,
                                 provider=provider.name if provider else "offline")
    return {"exam_id": exam_id, "session_id": session.id, "deadline": session.deadline.isoformat()
            if session.deadline else None}
