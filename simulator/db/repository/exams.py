"""Queries of exams (issue 21): exams, their grants, and the sessions that are attempts at them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, func, select

from simulator.db.models import Exam, ExamGrant, PracticeSession


def add_exam(*, session: Session, exam: Exam) -> Exam:
    session.add(exam)
    session.flush()
    return exam


def get_exam(*, session: Session, exam_id: int) -> Exam | None:
    return session.get(Exam, exam_id)


def list_exams(*, session: Session, cohort_ids: Sequence[int] | None = None) -> Sequence[Exam]:
    """Every exam (``cohort_ids`` None) or those assigned to the listed cohorts, newest first."""
    stmt = select(Exam).order_by(Exam.id.desc())  # type: ignore[union-attr]
    if cohort_ids is not None:
        stmt = stmt.where(Exam.cohort_id.in_(list(cohort_ids)))  # type: ignore[attr-defined]
    return session.exec(stmt).all()


def exam_attempts(*, session: Session, exam_id: int, user_id: int | None = None) -> Sequence[PracticeSession]:
    """The sessions that are attempts at the exam (one trainee's, with ``user_id``), oldest first."""
    stmt = select(PracticeSession).where(PracticeSession.exam_id == exam_id).order_by(PracticeSession.started_at)
    if user_id is not None:
        stmt = stmt.where(PracticeSession.user_id == user_id)
    return session.exec(stmt).all()


def add_exam_grant(*, session: Session, grant: ExamGrant) -> ExamGrant:
    session.add(grant)
    session.flush()
    return grant


def grant_counts(*, session: Session, exam_id: int) -> dict[int, int]:
    """Extra attempts granted per trainee."""
    stmt = (select(ExamGrant.user_id, func.count()).where(ExamGrant.exam_id == exam_id)
            .group_by(ExamGrant.user_id))  # type: ignore[arg-type]
    return {uid: n for uid, n in session.exec(stmt).all()}

