"""API shapes of accounts that are not tables: the login token and cohorts."""

from __future__ import annotations

from pydantic import BaseModel

from simulator.db.models import CohortMemberPublic, CohortPublic


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class CohortSummary(CohortPublic):
    programme_name: str | None = None
    trainees: int = 0
    trainers: int = 0


class CohortDetail(CohortSummary):
    members: list[CohortMemberPublic] = []
