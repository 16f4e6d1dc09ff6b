"""Cohorts: groups of trainees (and the trainers who coach them) that HR follows as one.

HR and admins manage every cohort; a trainer sees the cohorts they coach; trainees see none of
this. Membership is by username so HR can type names rather than look up ids.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.accounts.schemas import CohortDetail, CohortSummary
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from simulator.db import repository as repo
from simulator.db.models import (
    Cohort,
    CohortCreate,
    CohortMember,
    CohortMemberCreate,
    CohortMemberPublic,
    CohortUpdate,
    User,
)

MANAGE = ("hr", "admin")
VIEW = ("hr", "admin", "trainer")
MEMBER_ROLES = {"trainee": ("trainee",), "trainer": ("trainer",)}


def _ensure(user: User, roles: tuple[str, ...]) -> None:
    if user.role not in roles:
        raise Forbidden("role: this needs the role " + " or ".join(roles))


def visible_ids(db: Session, user: User) -> list[int] | None:
    """Cohort ids the user may see; None means all of them (HR and admins)."""
    _ensure(user, VIEW)
    if user.role in MANAGE:
        return None
    return [m.cohort_id for m in repo.memberships_of(session=db, user_id=user.id) if m.role == "trainer"]


def list_cohorts(db: Session, user: User) -> list[CohortSummary]:
    ids = visible_ids(db, user)
    counts = repo.member_counts(session=db)
    names = {p.id: p.name for p in repo.list_programmes(session=db)}
    return [
        CohortSummary(**c.model_dump(), programme_name=names.get(c.programme_id) if c.programme_id else None,
                      trainees=counts.get((c.id, "trainee"), 0), trainers=counts.get((c.id, "trainer"), 0))
        for c in repo.list_cohorts(session=db, ids=ids)
    ]


def get_cohort(db: Session, user: User, cohort_id: int) -> Cohort:
    ids = visible_ids(db, user)
    cohort = repo.get_cohort(session=db, cohort_id=cohort_id)
    if cohort is None or (ids is not None and cohort_id not in ids):
        raise NotFound(f"cohort_id: unknown cohort {cohort_id}", field="cohort_id")
    return cohort


def cohort_detail(db: Session, user: User, cohort_id: int) -> CohortDetail:
    cohort = get_cohort(db, user, cohort_id)
    members = _members(db, cohort_id)
    programme = repo.get_programme(session=db, programme_id=cohort.programme_id) if cohort.programme_id else None
    return CohortDetail(**cohort.model_dump(), programme_name=programme.name if programme else None,
                        trainees=sum(m.role == "trainee" for m in members),
                        trainers=sum(m.role == "trainer" for m in members), members=members)


def _members(db: Session, cohort_id: int) -> list[CohortMemberPublic]:
    return [CohortMemberPublic(user_id=u.id, role=m.role, cohort_id=cohort_id, username=u.username,
                               display_name=u.display_name)
            for m, u in repo.list_members(session=db, cohort_id=cohort_id)]


def trainee_ids(db: Session, cohort_id: int) -> list[int]:
    return [u.id for m, u in repo.list_members(session=db, cohort_id=cohort_id) if m.role == "trainee"]


def _check_programme(db: Session, programme_id: int | None) -> None:
    if programme_id is not None and repo.get_programme(session=db, programme_id=programme_id) is None:
        raise InvalidInput(f"programme_id: unknown programme {programme_id}", field="programme_id")


def create_cohort(db: Session, user: User, data: CohortCreate) -> Cohort:
    _ensure(user, MANAGE)
    name = data.name.strip()
    if not name:
        raise InvalidInput("name: must not be empty", field="name")
    if repo.get_cohort_by_name(session=db, name=name):
        raise Conflict(f"name: a cohort named {name!r} already exists", field="name")
    _check_programme(db, data.programme_id)
    cohort = repo.add_cohort(session=db, cohort=Cohort(name=name, description=data.description.strip(),
                                                       programme_id=data.programme_id))
    db.commit()
    return cohort


def update_cohort(db: Session, user: User, cohort_id: int, data: CohortUpdate) -> Cohort:
    _ensure(user, MANAGE)
    cohort = get_cohort(db, user, cohort_id)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] is not None:
        name = changes["name"].strip()
        other = repo.get_cohort_by_name(session=db, name=name)
        if not name:
            raise InvalidInput("name: must not be empty", field="name")
        if other is not None and other.id != cohort.id:
            raise Conflict(f"name: a cohort named {name!r} already exists", field="name")
        cohort.name = name
    if "description" in changes and changes["description"] is not None:
        cohort.description = changes["description"].strip()
    if "programme_id" in changes:
        _check_programme(db, changes["programme_id"])
        cohort.programme_id = changes["programme_id"]
    db.add(cohort)
    db.commit()
    return cohort


def delete_cohort(db: Session, user: User, cohort_id: int) -> None:
    _ensure(user, MANAGE)
    repo.delete_cohort(session=db, cohort=get_cohort(db, user, cohort_id))
    db.commit()


def add_member(db: Session, user: User, cohort_id: int, data: CohortMemberCreate) -> CohortMemberPublic:
    _ensure(user, MANAGE)
    get_cohort(db, user, cohort_id)
    if data.role not in MEMBER_ROLES:
        raise InvalidInput("role: must be trainee or trainer", field="role")
    target = repo.get_user_by_username(session=db, username=data.username.strip())
    if target is None:
        raise InvalidInput(f"username: no user {data.username.strip()!r}", field="username")
    if target.role not in MEMBER_ROLES[data.role]:
        raise InvalidInput(f"username: {target.username!r} is a {target.role}, not a {data.role}", field="username")
    if repo.get_member(session=db, cohort_id=cohort_id, user_id=target.id):
        raise Conflict(f"username: {target.username!r} is already in this cohort", field="username")
    try:
        repo.add_member(session=db, member=CohortMember(cohort_id=cohort_id, user_id=target.id, role=data.role))
        db.commit()
    except IntegrityError as exc:  # two HR users adding the same person at once
        db.rollback()
        raise Conflict(f"username: {target.username!r} is already in this cohort", field="username") from exc
    return CohortMemberPublic(user_id=target.id, role=data.role, cohort_id=cohort_id, username=target.username,
                              display_name=target.display_name)


def remove_member(db: Session, user: User, cohort_id: int, user_id: int) -> None:
    _ensure(user, MANAGE)
    get_cohort(db, user, cohort_id)
    member = repo.get_member(session=db, cohort_id=cohort_id, user_id=user_id)
    if member is None:
        raise NotFound(f"user_id: user {user_id} is not in this cohort", field="user_id")
    repo.delete_member(session=db, member=member)
    db.commit()


def manage_view(db: Session, user: User, cohort_id: int | None = None) -> dict:
    """What the cohort management pages show: the cohorts (or one cohort), the programmes to pick from."""
    _ensure(user, MANAGE)
    view: dict = {"programmes": list(repo.list_programmes(session=db))}
    if cohort_id is None:
        view["cohorts"] = list_cohorts(db, user)
    else:
        view["cohort"] = cohort_detail(db, user, cohort_id)
    return view
