"""Queries of accounts: users, cohorts and their members. Keyword-only ``session=``; nothing here commits
(services do)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, update
from sqlmodel import Session, func, select

from simulator.db.models import (
    Cohort,
    CohortMember,
    Exam,
    ExamGrant,
    ScenarioAssignment,
    User,
)

# -- users --------------------------------------------------------------------------------------------
# Built once (the request path's lookups): a statement object keeps its compiled cache key.
_USER_BY_ID = select(User).where(User.id == bindparam("uid"))


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.execute(_USER_BY_ID, {"uid": user_id}).scalars().first()


def bump_session_epoch(*, session: Session, user_id: int) -> None:
    """``session_epoch = session_epoch + 1`` in one statement: concurrent logouts each count."""
    session.exec(update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1))  # type: ignore[call-overload]


def get_user_by_username(*, session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def count_users(*, session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def add_user(*, session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def list_users(*, session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(User.id)).all()


# -- cohorts (issue 6) ------------------------------------------------------------------------------
def list_cohorts(*, session: Session, ids: Sequence[int] | None = None) -> Sequence[Cohort]:
    stmt = select(Cohort).order_by(Cohort.name)
    if ids is not None:
        stmt = stmt.where(Cohort.id.in_(ids))  # type: ignore[union-attr]
    return session.exec(stmt).all()


def get_cohort(*, session: Session, cohort_id: int) -> Cohort | None:
    return session.get(Cohort, cohort_id)


def get_cohort_by_name(*, session: Session, name: str) -> Cohort | None:
    return session.exec(select(Cohort).where(Cohort.name == name)).first()


def add_cohort(*, session: Session, cohort: Cohort) -> Cohort:
    session.add(cohort)
    session.flush()
    return cohort


def delete_cohort(*, session: Session, cohort: Cohort) -> None:
    for member in session.exec(select(CohortMember).where(CohortMember.cohort_id == cohort.id)).all():
        session.delete(member)
    for assignment in session.exec(select(ScenarioAssignment).where(ScenarioAssignment.cohort_id == cohort.id)).all():
        session.delete(assignment)
    # Its exams go with it (issue 21); the calls taken as attempts stay, and still count as exam calls.
    exams = session.exec(select(Exam).where(Exam.cohort_id == cohort.id)).all()
    for grant in session.exec(select(ExamGrant).where(ExamGrant.exam_id.in_([e.id for e in exams]))).all():  # type: ignore[union-attr]
        session.delete(grant)
    session.flush()
    for exam in exams:
        session.delete(exam)
    session.flush()  # the members first: without an ORM relationship the unit of work may not order them
    session.delete(cohort)
    session.flush()


def list_members(*, session: Session, cohort_id: int) -> Sequence[tuple[CohortMember, User]]:
    stmt = (select(CohortMember, User).join(User, User.id == CohortMember.user_id)  # type: ignore[arg-type]
            .where(CohortMember.cohort_id == cohort_id).order_by(CohortMember.role, User.username))
    return session.exec(stmt).all()


def get_member(*, session: Session, cohort_id: int, user_id: int) -> CohortMember | None:
    stmt = select(CohortMember).where(CohortMember.cohort_id == cohort_id, CohortMember.user_id == user_id)
    return session.exec(stmt).first()


def add_member(*, session: Session, member: CohortMember) -> CohortMember:
    session.add(member)
    session.flush()
    return member


def delete_member(*, session: Session, member: CohortMember) -> None:
    session.delete(member)
    session.flush()


def memberships_of(*, session: Session, user_id: int) -> Sequence[CohortMember]:
    return session.exec(select(CohortMember).where(CohortMember.user_id == user_id)).all()


def member_counts(*, session: Session) -> dict[tuple[int, str], int]:
    rows = session.exec(select(CohortMember.cohort_id, CohortMember.role, func.count())
                        .group_by(CohortMember.cohort_id, CohortMember.role)).all()
    return {(cid, role): n for cid, role, n in rows}


def users_by_ids(*, session: Session, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in session.exec(select(User).where(User.id.in_(ids))).all()}  # type: ignore[union-attr,misc]


def list_users_by_role(*, session: Session, role: str) -> Sequence[User]:
    return session.exec(select(User).where(User.role == role).order_by(User.username)).all()


def cohort_memberships(*, session: Session) -> Sequence[tuple[CohortMember, Cohort]]:
    stmt = select(CohortMember, Cohort).join(Cohort, Cohort.id == CohortMember.cohort_id)  # type: ignore[arg-type]
    return session.exec(stmt.order_by(Cohort.name)).all()
