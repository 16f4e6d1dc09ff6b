"""The audit log: who changed what, when, with a before/after summary (issue 5, item 6).

``record`` adds the entry to the caller's transaction and never commits, so a change and its audit
entry are stored together or not at all. Only admins read the log.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.persistence import repository as repo
from simulator.persistence.models import AuditLog, AuditLogPublic, User
from simulator.services.errors import Forbidden


def record(
    db: Session, actor: User | None, action: str, object_type: str, object_id: str | int, *,
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(actor_id=actor.id if actor else None, action=action, object_type=object_type,
                     object_id=str(object_id), before=before, after=after)
    return repo.add_audit(session=db, entry=entry)


def list_entries(db: Session, user: User, *, limit: int = 200, action: str | None = None) -> list[AuditLogPublic]:
    if user.role != "admin":
        raise Forbidden("role: the audit log needs the role admin")
    entries = repo.list_audit(session=db, limit=limit, action=action or None)
    names = repo.users_by_ids(session=db, ids=sorted({e.actor_id for e in entries if e.actor_id is not None}))
    return [AuditLogPublic(**e.model_dump(), actor_name=names[e.actor_id].username if e.actor_id in names else None)
            for e in entries]
