"""The audit log's table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow


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
