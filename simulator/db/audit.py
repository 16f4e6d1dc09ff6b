"""The audit log: who changed what, when, with a before/after summary (issue 5, item 6).

``record`` adds the entry to the caller's transaction and never commits, so a change and its audit
entry are stored together or not at all. Only admins read the log (``admin/audit.py``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.db import repository as repo
from simulator.db.models import AuditLog, User

# Every action the log can hold; ``record`` refuses others, so each has a name on the page (the ``action``
# labels of web/labels.py).
ACTIONS = (
    "auth.login_failed", "auth.lockout", "auth.login_reset",
    "grade.override", "turn_comment.create",
    "catalog.draft_save", "catalog.draft_discard", "catalog.publish", "catalog.rollback", "catalog.clone",
    "catalog.import", "scenario.assign",
    "catalog.approval_request", "catalog.approve", "catalog.approval_reject",
    "account.sign_out", "account.deactivate", "account.activate", "account.password_reset",
    "account.create", "account.role", "account.password_change",
)


def record(
    db: Session, actor: User | None, action: str, object_type: str, object_id: str | int, *,
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
) -> AuditLog:
    if action not in ACTIONS:
        raise ValueError(f"audit action {action!r} is not in services.audit.ACTIONS")
    entry = AuditLog(actor_id=actor.id if actor else None, action=action, object_type=object_type,
                     object_id=str(object_id), before=before, after=after)
    return repo.add_audit(session=db, entry=entry)


