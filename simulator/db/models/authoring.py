"""The catalog's tables: published versions and drafts of personas, scenarios, rubrics and rule packs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow

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
