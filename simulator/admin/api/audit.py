"""The audit log as JSON (admins only; the page is /admin/audit)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from simulator.admin import audit
from simulator.db.models import AuditLogPublic
from simulator.deps import SessionDep
from simulator.web.roles import Admin

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/audit", response_model=list[AuditLogPublic])
def audit_log(db: SessionDep, user: Admin, action: Annotated[str | None, Query(max_length=48)] = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200,
              before: Annotated[int | None, Query(ge=1)] = None) -> list[AuditLogPublic]:
    """Newest first; ``action`` filters (e.g. ``grade.override``); ``before``: entries older than that id
    (pass the last id of a page for the next one)."""
    return audit.list_entries(db, user, limit=limit, action=action, before=before)
