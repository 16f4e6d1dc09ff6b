"""Practice tables: sessions, their turns and their grades."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from simulator.db.models.base import new_id, utcnow


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
    # The published catalog versions the session plays (migration 0007); None on sessions started before.
    persona_version: int | None = None
    scenario_version: int | None = None
    # ... and of the third-party role card, when the scenario has someone else answer (migration 0008).
    third_party_version: int | None = None
    # The trainee opted in to sparse hints for this call (migration 0015, issue 21).
    hints: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # A branch (migration 0016, issue 21): continued from just before the trainee's line at ``branch_turn``
    # of the session ``branch_of``. Branches never count towards certification.
    branch_of: str | None = Field(default=None, max_length=32)
    branch_turn: int | None = None
    # One call of a multi-call case (migration 0017, issue 21): the case run it belongs to. Case calls
    # never count towards certification; the scenario fields the call replaces are in ``case_call``.
    case_run_id: str | None = Field(default=None, max_length=32, index=True)
    # An exam attempt (migration 0018, issue 21): the exam, and when its time is up. No hints, no rewind,
    # no retry; only exam attempts count for a programme requirement marked ``exam``.
    exam_id: int | None = Field(default=None, index=True)  # exam.id (no FK: SQLite would rebuild the table)
    deadline: datetime | None = None


class PracticeSession(PracticeSessionBase, table=True):
    __tablename__ = "practice_session"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    seed: int
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    engine_memory: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    case_call: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
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


# -- multi-call cases (issue 21) -------------------------------------------------------------------------
class CaseRun(SQLModel, table=True):
    """A trainee working one case (``personas/cases/<case_id>.yaml``) call by call."""

    __tablename__ = "case_run"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    case_id: str = Field(max_length=80)
    seed: int
    status: str = Field(default="open", max_length=16)  # open | closed
    started_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


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
    # LLM-played replies (migration 0003): who voiced the line and what it cost; ``fallback`` when the
    # offline engine answered instead (timeout, error, broken stream, out of character), with a code.
    provider: str | None = Field(default=None, max_length=32)
    model: str | None = Field(default=None, max_length=120)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    tokens_estimated: bool | None = None  # the server sent no usage: counted with estimate_tokens
    latency_ms: int | None = None
    ttft_ms: int | None = None  # time to the model's first token
    fallback: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    fallback_reason: str | None = Field(default=None, max_length=64)
    # Why the output guard rejected the model's attempts at this line (migration 0010), comma-separated
    # in attempt order ("repeats_line" when the regenerated line was kept, two codes before a fallback).
    guard_reasons: str | None = Field(default=None, max_length=96)
    # Call mode (migration 0005), measured in the browser: ``input_mode`` spoken | typed; ``call_ms`` when
    # the turn began, in ms since the call was answered; ``duration_ms`` how long the trainee spoke (or
    # typed); ``response_latency_ms`` the quiet time before the turn (end of the debtor's line to the
    # trainee's first word; on a silence prompt, how long the line had been quiet).
    input_mode: str | None = Field(default=None, max_length=8)
    call_ms: int | None = None
    duration_ms: int | None = None
    response_latency_ms: int | None = None
    # The hint shown right after this reply (migration 0015): grading/hints.Hint.to_dict().
    hint: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class TurnCreate(SQLModel):
    text: str


class TurnPublic(TurnBase):
    intent: str | None = None
    analysis: dict[str, Any] | None = None
    state: dict[str, Any] | None = None
    outcome: str | None = None
    created_at: datetime
    fallback: bool = False
    fallback_reason: str | None = None
    input_mode: str | None = None
    hint: dict[str, Any] | None = None
    call_ms: int | None = None
    duration_ms: int | None = None
    response_latency_ms: int | None = None


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
