"""API shapes of the trainer workspace (issue 5: review, rule tester, audit) that are not tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from simulator.persistence.models import (
    GradeOverridePublic,
    PracticeSessionPublic,
    TurnCommentPublic,
    TurnPublic,
)


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


class TraineeFeedback(BaseModel):
    """What the trainee is shown of a review: the trainer's override of the current grade, and comments."""

    grade_override: GradeOverridePublic | None = None
    comments: list[TurnCommentPublic] = []


class RuleTest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Emptiness and length are checked by the service (the same message as a practice turn).
    text: str = Field(max_length=20000)
    # A draft rule pack (YAML) to test instead of the published one: nothing is saved.
    rule_pack: str | None = Field(None, max_length=300_000)


class RuleHit(BaseModel):
    """One violation the analyzer found, explained from the rule pack."""

    rule: str
    known_rule: bool  # False: the rule id is not in the pack; the category's text is shown
    category: str
    category_name: str
    severity: str
    quote: str
    description: str
    basis: list[str]
    suggestion: str
    source: str = "built_in"  # built_in: the analyzer's table; house: one of the pack's custom_rules
    pattern: str | None = None  # house rules: the pattern that matched, as written
    start: int | None = None  # house rules: the matched span in the line
    end: int | None = None
    counted: bool = True  # False: the grader already counts this category in this line (a built-in hit)


class RuleTestResult(BaseModel):
    text: str
    rule_pack: str  # "cn@1"
    moves: list[str]
    pressure: int
    violations: list[RuleHit]
    amounts: list[int] = []
    dates: list[str] = []
    house_rules: int = 0  # how many custom rules the tested pack has
