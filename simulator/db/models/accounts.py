"""Accounts' tables: users, cohorts and their members, scenario assignments to cohorts, login counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow

ROLES = ("trainee", "trainer", "hr", "admin")


# -- users ----------------------------------------------------------------------------------------
class UserBase(SQLModel):
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = Field(default="", max_length=64)
    role: str = Field(max_length=16)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Raised by logging out (migration 0009): every cookie and bearer token signed with an older value
    # stops working, so a copied session cookie dies with the logout instead of at its idle timeout.
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # A generated or reset password (migration 0014): every page leads to the password form until it changes.
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class UserCreate(UserBase):
    password: str


class UserPublic(UserBase):
    id: int


class CohortBase(SQLModel):
    name: str = Field(index=True, unique=True, min_length=1, max_length=80)
    description: str = Field(default="", max_length=500)
    programme_id: int | None = Field(default=None, foreign_key="programme.id")


class Cohort(CohortBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class CohortCreate(CohortBase):
    pass


class CohortUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    description: str | None = Field(default=None, max_length=500)
    programme_id: int | None = None


class CohortPublic(CohortBase):
    id: int
    created_at: datetime


class CohortMemberBase(SQLModel):
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(default="trainee", max_length=16)  # trainee | trainer


class CohortMember(CohortMemberBase, table=True):
    __tablename__ = "cohort_member"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_cohort_member"),)
    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    added_at: datetime = Field(default_factory=utcnow)


class CohortMemberCreate(SQLModel):
    username: str = Field(min_length=1, max_length=64)
    role: str = Field(default="trainee", max_length=16)


class CohortMemberPublic(CohortMemberBase):
    cohort_id: int
    username: str
    display_name: str


class ScenarioAssignment(SQLModel, table=True):
    """A scenario offered to one cohort; a scenario with no assignment is offered to every trainee."""

    __tablename__ = "scenario_assignment"
    __table_args__ = (UniqueConstraint("scenario_id", "cohort_id", name="uq_scenario_assignment"),)
    id: int | None = Field(default=None, primary_key=True)
    scenario_id: str = Field(index=True, max_length=80)
    cohort_id: int = Field(foreign_key="cohort.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


# -- login throttling (issue 18): counters incremented before the password is checked ------------------
class LoginThrottle(SQLModel, table=True):
    """Login attempts of one key within the current window: ``p:<username>|<address>`` (locks after a
    few failures), ``u:<username>`` and ``a:<address>`` (progressive delays). Incremented atomically
    *before* the password is verified, so concurrent guesses cannot all pass a check that has not
    counted them yet (``accounts/login_guard.py``)."""

    __tablename__ = "login_throttle"
    key: str = Field(primary_key=True, max_length=160)
    failures: int = 0
    window_start: datetime = Field(default_factory=utcnow)
    last_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None
    locks: int = 0  # how many times this key has been locked since its last success (the lock doubles)
