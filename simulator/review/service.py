"""Trainer review (issue 5, item 5): the sessions of the trainees a trainer coaches, comments on
single turns, and grade overrides with a reason.

A trainer reviews the trainees of the cohorts they are a trainer of; an admin reviews everyone. A
session outside that scope is reported as missing (404), never forbidden: ids are not confirmed.
Overrides never change the grade row (the grader's result stays as it was computed); the newest
override of the session's current grade is what the trainee sees next to it. Every comment and
override writes an audit entry in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.accounts import cohorts as cohort_service
from simulator.accounts.roles import ensure_reviewer
from simulator.catalog.loader import Catalog
from simulator.core.errors import Conflict, InvalidInput, NotFound
from simulator.db import audit
from simulator.db import repository as repo
from simulator.db.models import (
    GradeOverride,
    GradeOverrideCreate,
    GradeOverridePublic,
    PracticeSession,
    PracticeSessionPublic,
    TurnComment,
    TurnCommentCreate,
    TurnCommentPublic,
    TurnPublic,
    User,
)
from simulator.practice import safeguards
from simulator.practice.debrief import dimension_names, grade_payload
from simulator.practice.feedback import feedback, override_public
from simulator.review.schemas import Person, ReviewRow, SessionReview


def trainee_scope(db: Session, user: User) -> list[int] | None:
    """User ids whose sessions ``user`` may review; None means everyone's (admins)."""
    ensure_reviewer(user)
    if user.role == "admin":
        return None
    cohort_ids = cohort_service.visible_ids(db, user) or []
    return sorted({uid for cid in cohort_ids for uid in cohort_service.trainee_ids(db, cid)})


def _load(db: Session, user: User, session_id: str) -> PracticeSession:
    scope = trainee_scope(db, user)
    practice = repo.get_practice_session(session=db, session_id=session_id)
    if practice is None or (scope is not None and practice.user_id not in scope):
        raise NotFound(f"session_id: unknown session {session_id!r}", field="session_id")
    return practice


def _person(user: User | None, user_id: int) -> Person:
    if user is None:
        return Person(user_id=user_id, username="?", display_name="?")
    return Person(user_id=user_id, username=user.username, display_name=user.display_name)


def _title(catalog: Catalog, scenario_id: str) -> dict[str, str]:
    scenario = catalog.scenario(scenario_id)
    return scenario.title.model_dump() if scenario else {"zh": scenario_id, "en": scenario_id}


def list_sessions(db: Session, catalog: Catalog, user: User) -> list[ReviewRow]:
    scope = trainee_scope(db, user)
    if scope == []:
        return []
    rows = repo.review_sessions(session=db, user_ids=scope)
    ids = [s.id for s, _ in rows]
    turns = repo.turn_counts(session=db, session_ids=ids)
    grades = repo.current_grades(session=db, session_ids=ids)
    overridden = repo.overridden_grade_ids(session=db, grade_ids=[g.id for g in grades.values() if g.id])
    comments = repo.turn_comment_counts(session=db, session_ids=ids)
    out = []
    for s, trainee in rows:
        grade = grades.get(s.id)
        out.append(ReviewRow(
            id=s.id, trainee=_person(trainee, s.user_id), scenario_id=s.scenario_id, title=_title(catalog, s.scenario_id),
            status=s.status, outcome=s.outcome, started_at=s.started_at, turns=turns.get(s.id, 0),
            overall=grade.overall if grade else None, passed=grade.passed if grade else None,
            overridden=bool(grade and grade.id in overridden), comments=comments.get(s.id, 0),
            hostile=bool((s.summary or {}).get("hostile")), left=bool((s.summary or {}).get("left"))))
    return out


def exposure(db: Session, user: User) -> list[dict[str, Any]]:
    """The trainer's trainees' hostile calls and calls they left, in the last week (issue 21)."""
    scope = trainee_scope(db, user)
    if scope == []:
        return []
    return [{**e, "trainee": _person(e["trainee"], e["trainee"].id)}
            for e in safeguards.exposure(repo.review_sessions(session=db, user_ids=scope, limit=1000))]


def session_review(db: Session, catalog: Catalog, user: User, session_id: str) -> SessionReview:
    practice = _load(db, user, session_id)
    grade = repo.current_grade(session=db, session_id=practice.id)
    fb = feedback(db, practice)
    return SessionReview(
        session=PracticeSessionPublic.model_validate(practice),
        trainee=_person(repo.get_user(session=db, user_id=practice.user_id), practice.user_id),
        title=_title(catalog, practice.scenario_id),
        transcript=[TurnPublic.model_validate(t) for t in repo.list_turns(session=db, session_id=practice.id)],
        grade=grade_payload(grade) if grade else None,
        override=fb.grade_override, comments=fb.comments,
        dimension_names=dimension_names(catalog, grade.rubric.split("@")[0] if grade else "default"),
    )


def add_comment(db: Session, user: User, session_id: str, data: TurnCommentCreate) -> TurnCommentPublic:
    practice = _load(db, user, session_id)
    text = data.text.strip()
    if not text:
        raise InvalidInput("text: the comment is empty", field="text")
    indexes = {t.index for t in repo.list_turns(session=db, session_id=practice.id)}
    if data.turn not in indexes:
        raise InvalidInput(f"turn: this session has no turn {data.turn}", field="turn")
    row = repo.add_turn_comment(session=db, comment=TurnComment(session_id=practice.id, turn=data.turn, text=text,
                                                                author_id=user.id))
    audit.record(db, user, "turn_comment.create", "practice_session", practice.id,
                 after={"comment_id": row.id, "turn": row.turn, "text": text, "trainee_id": practice.user_id})
    db.commit()
    return TurnCommentPublic(**row.model_dump(), author_name=user.display_name)


def override_grade(db: Session, user: User, session_id: str, data: GradeOverrideCreate) -> GradeOverridePublic:
    practice = _load(db, user, session_id)
    reason = data.reason.strip()
    if len(reason) < 2:
        raise InvalidInput("reason: say why the grade is overridden", field="reason")
    grade = repo.current_grade(session=db, session_id=practice.id)
    if grade is None or grade.id is None:
        raise Conflict("grade: this session has no grade yet; it is graded when the call ends", field="grade")
    previous = repo.latest_grade_override(session=db, grade_id=grade.id)
    row = repo.add_grade_override(session=db, override=GradeOverride(
        session_id=practice.id, grade_id=grade.id, overall=data.overall, passed=data.passed, reason=reason,
        created_by=user.id))
    before = {"overall": grade.overall, "passed": grade.passed, "rubric": grade.rubric}
    if previous is not None:
        before["override"] = {"id": previous.id, "overall": previous.overall, "passed": previous.passed}
    audit.record(db, user, "grade.override", "grade", grade.id, before=before,
                 after={"override_id": row.id, "session_id": practice.id, "overall": row.overall,
                        "passed": row.passed, "reason": reason})
    db.commit()
    return override_public(db, row, grade)
