"""All tables, one naming scheme: XBase, X(table=True), XCreate, XPublic (design §9 rule 3)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

ROLES = ("trainee", "trainer", "hr", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


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


class UserCreate(UserBase):
    password: str


class UserPublic(UserBase):
    id: int


# -- practice sessions ------------------------------------------------------------------------------
class PracticeSessionBase(SQLModel):
    scenario_id: str = Field(index=True, max_length=80)
    persona_id: str = Field(max_length=64)
    archetype: str = Field(max_length=32)
    stage: str = Field(max_length=4)
    difficulty: int
    mode: str = Field(default="chat", max_length=16)
    provider: str = Field(default="offline", max_length=32)
    status: str = Field(default="active", max_length=16)  # active | ended
    outcome: str = Field(default="none", max_length=32)


class PracticeSession(PracticeSessionBase, table=True):
    __tablename__ = "practice_session"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    seed: int
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    engine_memory: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    started_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class PracticeSessionCreate(SQLModel):
    scenario_id: str = Field(min_length=1, max_length=80)


class PracticeSessionPublic(PracticeSessionBase):
    id: str
    user_id: int
    state: dict[str, Any]
    started_at: datetime
    ended_at: datetime | None


# -- turns --------------------------------------------------------------------------------------------
class TurnBase(SQLModel):
    index: int
    speaker: str = Field(max_length=16)  # collector | debtor | third_party
    text: str


class Turn(TurnBase, table=True):
    __table_args__ = (UniqueConstraint("session_id", "index", name="uq_turn_session_index"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    intent: str | None = Field(default=None, max_length=32)
    analysis: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    state: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    outcome: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class TurnCreate(SQLModel):
    text: str


class TurnPublic(TurnBase):
    intent: str | None = None
    analysis: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    outcome: str | None = None
    created_at: datetime


# -- grades -------------------------------------------------------------------------------------------
class GradeBase(SQLModel):
    rubric: str = Field(max_length=80)  # "default@1": rubric id and version
    rule_pack: str = Field(max_length=80)  # "cn@1"
    mode: str = Field(max_length=16)  # rules_only | rules_judge | incomplete
    overall: int
    passed: bool
    judge_model: str | None = Field(default=None, max_length=120)
    judge_prompt_hash: str | None = Field(default=None, max_length=64)


class Grade(GradeBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True, max_length=32)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class GradePublic(GradeBase):
    id: int
    session_id: str
    result: dict[str, Any]
    created_at: datetime
