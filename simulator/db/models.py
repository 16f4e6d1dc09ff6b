"""All tables, one naming scheme: XBase, X(table=True), XCreate, XPublic (design §9 rule 3)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint, false
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
    # Raised by logging out (migration 0009): every cookie and bearer token signed with an older value
    # stops working, so a copied session cookie dies with the logout instead of at its idle timeout.
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


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
    # The published catalog versions the session plays (migration 0007); None on sessions started before.
    persona_version: int | None = None
    scenario_version: int | None = None
    # ... and of the third-party role card, when the scenario has someone else answer (migration 0008).
    third_party_version: int | None = None


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


# -- certification (issue 6): programmes, cohorts, certificates, HR transcript grants ------------------
class ProgrammeBase(SQLModel):
    name: str = Field(index=True, unique=True, min_length=1, max_length=80)
    description: str = Field(default="", max_length=1000)
    rubric: str = Field(default="default", min_length=1, max_length=80)  # rubric id; any version counts
    validity_days: int | None = Field(default=None, ge=1, le=3650)  # certificate expiry; None = never
    active: bool = True
    # GB/T 45251-2025 (migration 0011): "pre_job" (岗前培训考核), "annual" (年度培训考核) or "other"
    assessment: str = Field(default="other", max_length=16, sa_column_kwargs={"server_default": "other"})
    # The rubric and rule-pack versions certificates rely on (migration 0013); None: any version.
    rubric_version: int | None = Field(default=None, ge=1)
    rule_pack_version: int | None = Field(default=None, ge=1)


class Programme(ProgrammeBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Bumped on every edit; a certificate records the version (and a snapshot) it was earned under.
    version: int = 1
    requirements: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ProgrammeCreate(ProgrammeBase):
    """Requirements are checked by ``simulator.certification.rules.spec`` (field-named errors)."""

    requirements: list[dict[str, Any]] = Field(default_factory=list)


class ProgrammePublic(ProgrammeBase):
    id: int
    version: int
    requirements: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime


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


class CertificateBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=32)  # verification code, public
    user_id: int = Field(foreign_key="user.id", index=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    programme_version: int
    programme_name: str = Field(max_length=80)  # as it was named when issued
    issued_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = Field(default=None, max_length=500)


class Certificate(CertificateBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    revoked_by: int | None = Field(default=None, foreign_key="user.id")
    # Which sessions, grades, scores and rubric versions earned it, plus the requirements snapshot.
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class CertificateRevoke(SQLModel):
    reason: str = Field(min_length=2, max_length=500)


class CertificatePublic(CertificateBase):
    id: int
    status: str  # valid | expired | revoked
    evidence: dict[str, Any]


class TranscriptGrantBase(SQLModel):
    user_id: int = Field(foreign_key="user.id", primary_key=True)


class TranscriptGrant(TranscriptGrantBase, table=True):
    """An HR user who may read transcripts (scores and certificates need no grant); set by an admin."""

    __tablename__ = "transcript_grant"
    granted_by: int | None = Field(default=None, foreign_key="user.id")
    granted_at: datetime = Field(default_factory=utcnow)


class TranscriptGrantPublic(TranscriptGrantBase):
    username: str
    display_name: str
    transcripts: bool


# -- trainer review and audit (issue 5) ---------------------------------------------------------------
class TurnCommentBase(SQLModel):
    turn: int = Field(ge=0)  # the Turn.index it is about
    text: str = Field(min_length=1, max_length=1000)


class TurnComment(TurnCommentBase, table=True):
    """A trainer's note on one turn of a trainee's session; the trainee reads it on their practice page."""

    __tablename__ = "turn_comment"
    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class TurnCommentCreate(TurnCommentBase):
    pass


class TurnCommentPublic(TurnCommentBase):
    id: int
    session_id: str
    author_id: int
    author_name: str = ""
    created_at: datetime


class GradeOverrideBase(SQLModel):
    overall: int = Field(ge=0, le=100)
    passed: bool
    reason: str = Field(min_length=2, max_length=1000)


class GradeOverride(GradeOverrideBase, table=True):
    """A trainer's verdict on one stored grade. The grade row is never changed: the newest override
    of the session's current grade is what the trainee is shown next to it."""

    __tablename__ = "grade_override"
    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="practice_session.id", index=True, max_length=32)
    grade_id: int = Field(foreign_key="grade.id", index=True)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class GradeOverrideCreate(GradeOverrideBase):
    pass


class GradeOverridePublic(GradeOverrideBase):
    id: int
    session_id: str
    grade_id: int
    original_overall: int
    original_passed: bool
    created_by: int
    author_name: str = ""
    created_at: datetime


class AuditLogBase(SQLModel):
    action: str = Field(index=True, max_length=48)  # "grade.override", "turn_comment.create"
    object_type: str = Field(max_length=32)  # "grade", "practice_session"
    object_id: str = Field(max_length=64)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditLog(AuditLogBase, table=True):
    """Who changed what and when; written by ``services.audit.record`` in the same transaction."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    at: datetime = Field(default_factory=utcnow, index=True)


class AuditLogPublic(AuditLogBase):
    id: int
    actor_id: int | None
    actor_name: str | None = None
    at: datetime


# -- versioned catalog (issue 5, items 4 and 6): published versions, drafts, scenario cohorts ----------
CATALOG_KINDS = ("persona", "third_party", "scenario", "rubric", "rule_pack")
CATALOG_SOURCES = ("builtin", "authored", "import", "rollback")


class CatalogVersion(SQLModel, table=True):
    """One published version of a persona, third-party card, scenario, rubric or rule pack.

    Immutable: rows are only ever inserted (``simulator/catalog/versions.py``); the live catalog is the
    newest version of each object, and sessions and grades name the versions they used."""

    __tablename__ = "catalog_version"
    __table_args__ = (UniqueConstraint("kind", "object_id", "version", name="uq_catalog_version"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, max_length=16)
    object_id: str = Field(index=True, max_length=80)
    version: int = Field(ge=1)
    body: str = Field(sa_column=Column(Text, nullable=False))  # the YAML text exactly as published
    content_hash: str = Field(max_length=64)  # sha256 of the body
    source: str = Field(max_length=16)  # builtin | authored | import | rollback
    note: str = Field(default="", max_length=500)
    created_by: int | None = Field(default=None, foreign_key="user.id")  # None for built-ins
    created_at: datetime = Field(default_factory=utcnow)


class CatalogDraft(SQLModel, table=True):
    """The one work-in-progress body of an object (trainers and admins only); publishing deletes it."""

    __tablename__ = "catalog_draft"
    __table_args__ = (UniqueConstraint("kind", "object_id", name="uq_catalog_draft"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    object_id: str = Field(max_length=80)
    body: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int = Field(foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)
    # A draft that changes pass rules, submitted for HR or admin approval (migration 0013, issue 18).
    approval_requested_by: int | None = Field(default=None, foreign_key="user.id")
    approval_requested_at: datetime | None = None
    approval_note: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})


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
