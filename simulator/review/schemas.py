"""API shapes of the trainer workspace (issue 5: review, rule tester, audit) that are not tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from simulator.db.models import GradeOverridePublic, PracticeSessionPublic, TurnCommentPublic, TurnPublic


class Person(BaseModel):
    user_id: int
    username: str
    display_name: str


class ReviewRow(BaseModel):
    """One session in a trainer's review list."""

    id: str
    trainee: Person
    scenario_id: str
    title: dict[str, str]  # {"zh": ..., "en": ...}
    status: str
    outcome: str
    started_at: datetime
    turns: int
    overall: int | None = None  # the stored (original) grade
    passed: bool | None = None
    overridden: bool = False
    comments: int = 0
    hostile: bool = False  # the debtor was extremely hostile (issue 21: exposure)
    left: bool = False  # the trainee left the call: not graded


class SessionReview(BaseModel):
    """A session as a trainer reviews it: transcript, grade, the override (if any) and turn comments."""

    session: PracticeSessionPublic
    trainee: Person
    title: dict[str, str]
    transcript: list[TurnPublic]
    grade: dict[str, Any] | None = None
    override: GradeOverridePublic | None = None
    comments: list[TurnCommentPublic] = []
    dimension_names: dict[str, dict[str, str]] = {}


