"""Certification tables: programmes, certificates, and HR's per-user transcript grants."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow


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
