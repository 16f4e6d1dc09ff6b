"""Pass-rule approvals (issue 18): a rubric or rule-pack change that alters what passes or fails waits
for HR or an admin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from simulator.authoring import service as authoring
from simulator.deps import SessionDep
from simulator.web.roles import Manager

router = APIRouter(prefix="/api/hr/approvals", tags=["approvals"])


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=2, max_length=500)


@router.get("")
def pending(db: SessionDep, user: Manager) -> list[dict[str, Any]]:
    """Drafts waiting for approval, with each pass-rule change (field, before, after)."""
    return authoring.pending_approvals(db, user)


@router.post("/{kind}/{object_id}/approve", status_code=201)
def approve(kind: str, object_id: str, db: SessionDep, user: Manager) -> dict[str, Any]:
    row = authoring.approve(db, kind, object_id, user)
    return {"kind": row.kind, "object_id": row.object_id, "version": row.version}


@router.post("/{kind}/{object_id}/reject")
def reject(kind: str, object_id: str, body: RejectIn, db: SessionDep, user: Manager) -> dict[str, str]:
    authoring.reject(db, kind, object_id, user, body.reason)
    return {"status": "rejected"}
