"""Exam tables (issue 21, item 1): an exam a trainer or HR assigns to a cohort, and the extra attempts HR
grants. An attempt is a practice session carrying ``exam_id`` (and its ``deadline``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow


class Exam(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=80)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    pool: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # scenario ids
    time_limit_minutes: int = Field(ge=1, le=60)
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class ExamGrant(SQLModel, table=True):
    """One more attempt at an exam for one trainee, granted by HR (or the cohort's trainer)."""

    __tablename__ = "exam_grant"
    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    granted_by: int | None = Field(default=None, foreign_key="user.id")
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


def exam_public(exam: Exam) -> dict[str, Any]:
    return {"id": exam.id, "name": exam.name, "cohort_id": exam.cohort_id, "pool": list(exam.pool),
            "time_limit_minutes": exam.time_limit_minutes, "active": exam.active,
            "created_at": exam.created_at.isoformat()}
