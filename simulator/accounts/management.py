"""Accounts in the browser (issue 20): an admin creates users, changes roles and cohorts, resets
passwords, deactivates, and imports a cohort of trainees from CSV; everyone changes their own password.

A password the system generates (a new account, a reset, the first-run demo accounts) is shown once and
must be changed at the next login. Every change is in the audit log with the admin who made it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from simulator.accounts import service
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from simulator.db import audit
from simulator.db import repository as repo
from simulator.db.models import ROLES, CohortMember, User

MAX_IMPORT_ROWS = 500


@dataclass(frozen=True)
class Issued:
    """A generated password, to show once to the admin who asked for it."""

    username: str
    display_name: str
    password: str


def _admin(actor: User) -> None:
    if actor.role != "admin":
        raise Forbidden("role: managing accounts needs the role admin")


def _target(db: Session, user_id: int) -> User:
    user = repo.get_user(session=db, user_id=user_id)
    if user is None:
        raise NotFound(f"user_id: no user {user_id}", field="user_id")
    return user


def _cohort_id(db: Session, cohort_id: int | None) -> int | None:
    if cohort_id is not None and repo.get_cohort(session=db, cohort_id=cohort_id) is None:
        raise InvalidInput(f"cohort_id: no cohort {cohort_id}", field="cohort_id")
    return cohort_id


def _join(db: Session, user: User, cohort_id: int | None) -> None:
    if cohort_id is None or user.role not in ("trainee", "trainer"):
        return
    if repo.get_member(session=db, cohort_id=cohort_id, user_id=user.id) is None:
        repo.add_member(session=db, member=CohortMember(cohort_id=cohort_id, user_id=user.id, role=user.role))


def users_view(db: Session, actor: User) -> dict[str, Any]:
    """Every account with its cohorts, and the cohorts an account can join."""
    _admin(actor)
    cohorts_of: dict[int, list[str]] = {}
    for member, cohort in repo.cohort_memberships(session=db):
        cohorts_of.setdefault(member.user_id, []).append(cohort.name)
    return {"users": [{"user": u, "cohorts": cohorts_of.get(u.id, [])} for u in repo.list_users(session=db)],
            "cohorts": list(repo.list_cohorts(session=db)), "roles": ROLES}


def create(db: Session, actor: User, *, username: str, role: str, display_name: str = "",
           cohort_id: int | None = None) -> Issued:
    """A new account with a generated password (changed at its first login). Commits."""
    _admin(actor)
    cohort_id = _cohort_id(db, cohort_id)
    password = service.generate_password()
    user = service.create_user(db, username=username.strip(), role=role, password=password,
                               display_name=display_name.strip() or None, must_change=True)
    _join(db, user, cohort_id)
    audit.record(db, actor, "account.create", "user", user.id,
                 after={"username": user.username, "role": user.role, "cohort_id": cohort_id})
    db.commit()
    return Issued(user.username, user.display_name, password)


def set_role(db: Session, actor: User, user_id: int, role: str) -> User:
    _admin(actor)
    if role not in ROLES:
        raise InvalidInput(f"role: must be one of {', '.join(ROLES)}", field="role")
    user = _target(db, user_id)
    if user.id == actor.id:
        raise Conflict("role: you cannot change your own role; ask another admin", field="role")
    before = user.role
    user.role = role
    db.add(user)
    service.sign_out_everywhere(db, user.id)  # the pages a session may open change with the role
    audit.record(db, actor, "account.role", "user", user.id, before={"username": user.username, "role": before},
                 after={"role": role})
    db.commit()
    return user


def reset(db: Session, actor: User, user_id: int) -> Issued:
    """A new generated password; every session of the account ends. Commits."""
    _admin(actor)
    user = _target(db, user_id)
    password = service.generate_password()
    _set_password(db, user, password, must_change=True, by=actor, action="account.password_reset")
    return Issued(user.username, user.display_name, password)


def _set_password(db: Session, user: User, password: str, *, must_change: bool, by: User, action: str) -> None:
    """A new password; every session and token of the account ends; in the audit log. Commits."""
    user.password_hash = service.hash_password(password)
    user.must_change_password = must_change
    db.add(user)
    service.sign_out_everywhere(db, user.id)
    audit.record(db, by, action, "user", user.id, after={"username": user.username})
    db.commit()


def set_active(db: Session, actor: User, user_id: int, active: bool) -> User:
    _admin(actor)
    user = _target(db, user_id)
    if user.id == actor.id and not active:
        raise Conflict("user_id: you cannot deactivate your own account", field="user_id")
    before = user.is_active
    user.is_active = active
    db.add(user)
    if not active:
        service.sign_out_everywhere(db, user.id)
    audit.record(db, actor, "account.activate" if active else "account.deactivate", "user", user.id,
                 before={"username": user.username, "is_active": before}, after={"is_active": active})
    db.commit()
    return user


def import_trainees(db: Session, actor: User, text: str, *, cohort_id: int | None = None) -> list[Issued]:
    """Trainees from CSV (``username,display_name`` per line; a header line is allowed), all or none:
    a bad line is a 422 naming it. Each gets a generated password, shown once. Commits."""
    _admin(actor)
    cohort_id = _cohort_id(db, cohort_id)
    rows = [r for r in csv.reader(io.StringIO(text or "")) if any(c.strip() for c in r)]
    if rows and [c.strip().lower() for c in rows[0][:1]] == ["username"]:
        rows = rows[1:]
    if not rows:
        raise InvalidInput("csv: no trainees; one line per trainee: username,display_name", field="csv")
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidInput(f"csv: at most {MAX_IMPORT_ROWS} trainees at once", field="csv")
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        name = row[0].strip()
        if name in seen or repo.get_user_by_username(session=db, username=name) is not None:
            raise Conflict(f"csv: line {n}: the username {name!r} already exists", field="csv")
        seen.add(name)
    issued = []
    for n, row in enumerate(rows, start=1):
        try:
            issued.append(_import_one(db, actor, row, cohort_id))
        except InvalidInput as exc:
            db.rollback()
            raise InvalidInput(f"csv: line {n}: {exc.detail}", field="csv") from exc
    db.commit()
    return issued


def _import_one(db: Session, actor: User, row: list[str], cohort_id: int | None) -> Issued:
    password = service.generate_password()
    user = service.create_user(db, username=row[0].strip(), role="trainee", password=password,
                               display_name=(row[1].strip() if len(row) > 1 else "") or None, must_change=True)
    _join(db, user, cohort_id)
    audit.record(db, actor, "account.create", "user", user.id,
                 after={"username": user.username, "role": "trainee", "cohort_id": cohort_id, "via": "csv"})
    return Issued(user.username, user.display_name, password)


def change_own_password(db: Session, user: User, *, current: str, new: str, confirm: str) -> User:
    """Anyone's own password: the current one, then a new one twice. Other sessions end. Commits."""
    if service.authenticate(db, username=user.username, password=current) is None:
        raise Unauthorized("current: the current password is wrong")
    if new != confirm:
        raise InvalidInput("confirm: the two new passwords differ", field="confirm")
    if new == current:
        raise InvalidInput("new: choose a password different from the current one", field="new")
    service.check_password(new, user.username, field="new")
    _set_password(db, user, new, must_change=False, by=user, action="account.password_change")
    db.refresh(user)
    return user
