"""API shapes of the certification and HR dashboards (issue 6) that are not tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class RequirementStatus(BaseModel):
    id: str
    label: str
    status: str  # done | in_progress | not_started
    best_score: int | None
    attempts: int
    qualifying: int
    min_attempts: int
    last_practice: datetime | None
    blockers: dict[str, int]
    evidence: list[dict[str, Any]]
    exam: bool = False  # only exam calls count (issue 21)


class TraineeProgress(BaseModel):
    user_id: int
    username: str
    display_name: str
    programme_id: int
    programme_name: str
    complete: bool
    done: int
    total: int
    percent: int
    requirements: list[RequirementStatus]
    certificate: dict[str, Any] | None = None
