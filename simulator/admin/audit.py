"""Reading the audit log (admins only): a page of entries, newest first, with the actors' names.
Entries are written by ``db.audit.record`` inside each change's own transaction."""

from __future__ import annotations

from sqlmodel import Session

from simulator.core.errors import Forbidden
from simulator.db import repository as repo
from simulator.db.audit import ACTIONS
from simulator.db.models import AuditLogPublic, User

__all__ = ["ACTIONS", "PAGE_SIZE", "list_entries"]
PAGE_SIZE = 100


def list_entries(db: Session, user: User, *, limit: int = PAGE_SIZE, action: str | None = None,
                 before: int | None = None) -> list[AuditLogPublic]:
    """Newest first: at most ``limit`` entries, of ``action`` only when given, older than entry ``before``
    when given (the next page starts before the last id of this one)."""
    if user.role != "admin":
        raise Forbidden("role: the audit log needs the role admin")
    entries = repo.list_audit(session=db, limit=limit, action=action or None, before=before)
    names = repo.users_by_ids(session=db, ids=sorted({e.actor_id for e in entries if e.actor_id is not None}))
    return [AuditLogPublic(**e.model_dump(), actor_name=names[e.actor_id].username if e.actor_id in names else None)
            for e in entries]
