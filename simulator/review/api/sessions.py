"""Trainer workspace JSON (issue 5): review sessions of coached trainees, comment on turns, override
grades, test a collector line against the rules. Trainers and admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from simulator.accounts.roles import REVIEWERS
from simulator.authoring import rule_tester as rule_test
from simulator.authoring.schemas import RuleTest, RuleTestResult
from simulator.db.models import (
    GradeOverrideCreate,
    GradeOverridePublic,
    TurnCommentCreate,
    TurnCommentPublic,
    User,
)
from simulator.deps import CatalogDep, SessionDep, SettingsDep, require_role
from simulator.review import service as review
from simulator.review.schemas import ReviewRow, SessionReview

router = APIRouter(prefix="/api/trainer", tags=["trainer"])
Reviewer = Annotated[User, Depends(require_role(*REVIEWERS))]


@router.get("/sessions", response_model=list[ReviewRow])
def list_sessions(db: SessionDep, catalog: CatalogDep, user: Reviewer) -> list[ReviewRow]:
    """Sessions of the trainees in the caller's cohorts (an admin: everyone's), newest first."""
    return review.list_sessions(db, catalog, user)


@router.get("/sessions/{session_id}", response_model=SessionReview)
def get_session(session_id: str, db: SessionDep, catalog: CatalogDep, user: Reviewer) -> SessionReview:
    return review.session_review(db, catalog, user, session_id)


@router.post("/sessions/{session_id}/comments", response_model=TurnCommentPublic, status_code=201)
def add_comment(session_id: str, body: TurnCommentCreate, db: SessionDep, user: Reviewer) -> TurnCommentPublic:
    return review.add_comment(db, user, session_id, body)


@router.post("/sessions/{session_id}/override", response_model=GradeOverridePublic, status_code=201)
def override_grade(session_id: str, body: GradeOverrideCreate, db: SessionDep, user: Reviewer) -> GradeOverridePublic:
    """Override the session's current grade with a reason; the grade itself is kept as computed."""
    return review.override_grade(db, user, session_id, body)


@router.post("/rule-test", response_model=RuleTestResult)
def test_rules(body: RuleTest, catalog: CatalogDep, settings: SettingsDep, user: Reviewer) -> RuleTestResult:
    """Which moves, pressure level and rule violations (built-in and house rules) one collector line has;
    with ``rule_pack`` (a draft pack's YAML) that draft is tested instead of the published pack."""
    return rule_test.check_line(catalog, user, body.text, max_chars=settings.max_message_chars, draft=body.rule_pack)
