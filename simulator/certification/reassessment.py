"""HR's re-assessment due list (GB/T 45251-2025, issue 17): who needs the annual training and
assessment in the next 30, 60 or 90 days, who is overdue, and who has not passed the pre-job one.

The rule is ``certification/reassessment.py``; this module fetches the collectors (a cohort's, or
every trainee), their certificates and which programmes count as pre-job or annual assessments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from simulator.certification.exports import Scope
from simulator.certification.rules.reassessment import WINDOWS, AssessmentCert, due_list
from simulator.core.errors import InvalidInput
from simulator.db import repository as repo
from simulator.db.models import User, utcnow


def due(db: Session, viewer: User, *, within: int = 90, cohort_id: int | None = None,
        today: date | None = None) -> list[dict[str, Any]]:
    """One row per collector, most urgent first (role hr or admin)."""
    if within not in WINDOWS:
        raise InvalidInput(f"within: one of {', '.join(map(str, WINDOWS))} days", field="within")
    scope = Scope(db, viewer, cohort_id, None, None)
    kinds = {p.id: p.assessment for p in repo.list_programmes(session=db)}
    certs = [AssessmentCert(c.user_id, c.programme_name, kinds.get(c.programme_id, "other"), c.issued_at,
                            c.revoked_at is not None)
             for c in repo.list_certificates(session=db, user_ids=scope.ids)]
    rows = due_list(scope.ids, certs, today or utcnow().date(), within=within)
    return [{**scope.who(r.user_id), "user_id": r.user_id, "status": r.status, "window": r.window,
             "last_assessed": r.last_assessed, "last_programme": r.last_programme, "last_kind": r.last_kind,
             "due_on": r.due_on, "days_left": r.days_left} for r in rows]


def has_assessment_programmes(db: Session) -> bool:
    """Whether any programme is marked pre-job or annual (else the list cannot say much)."""
    return any(p.assessment in ("pre_job", "annual") for p in repo.list_programmes(session=db))
