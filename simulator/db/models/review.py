"""Review tables: a trainer's comments on turns and overrides of grades."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from simulator.db.models.base import utcnow


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
