"""What a trainee sees of their trainer's review: the override of the current grade and the comments on turns.

The trainer's side (the queue, comments, overrides) is ``review``; this read is practice's, shown on the
trainee's own session page and its JSON twin.
"""

from __future__ import annotations

from sqlmodel import Session

from simulator.db import repository as repo
from simulator.db.models import Grade, GradeOverride, GradeOverridePublic, PracticeSession, TurnCommentPublic
from simulator.practice.schemas import TraineeFeedback


def override_public(db: Session, row: GradeOverride, grade: Grade) -> GradeOverridePublic:
    author = repo.get_user(session=db, user_id=row.created_by)
    return GradeOverridePublic(**row.model_dump(), original_overall=grade.overall, original_passed=grade.passed,
                               author_name=author.display_name if author else "")


def comments_public(db: Session, session_id: str) -> list[TurnCommentPublic]:
    rows = repo.list_turn_comments(session=db, session_id=session_id)
    names = repo.users_by_ids(session=db, ids=sorted({c.author_id for c in rows}))
    return [TurnCommentPublic(**c.model_dump(), author_name=names[c.author_id].display_name if c.author_id in names
                              else "") for c in rows]


def feedback(db: Session, practice: PracticeSession) -> TraineeFeedback:
    """The review as the trainee sees it (the caller has already checked who may read the session)."""
    grade = repo.current_grade(session=db, session_id=practice.id)
    row = repo.latest_grade_override(session=db, grade_id=grade.id) if grade and grade.id else None
    return TraineeFeedback(grade_override=override_public(db, row, grade) if row and grade else None,
                           comments=comments_public(db, practice.id))
