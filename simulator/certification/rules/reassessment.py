"""Who is due for the annual re-assessment (GB/T 45251-2025, issue 17).

The standard, as reported: "催收人员上岗前应进行必要的岗前培训和考核" and "应对催收人员每年至少进行一次催收业务、
网络安全意识培训和考核". A collector's last assessment is the newest certificate, not revoked, of a
programme marked ``pre_job`` or ``annual``; the next one is due a year (``CYCLE_DAYS``) after it. HR
looks ahead 30, 60 or 90 days; anyone past the date is overdue, and anyone with no assessment at all
has not passed the pre-job assessment yet.

Pure: plain values in, rows out, so the rule is tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

CYCLE_DAYS = 365
WINDOWS = (30, 60, 90)
NEVER, OVERDUE, DUE, LATER = "never", "overdue", "due", "later"
ASSESSED_BY = ("pre_job", "annual")


@dataclass(frozen=True)
class AssessmentCert:
    user_id: int
    programme: str
    assessment: str  # pre_job | annual | other
    issued_at: datetime
    revoked: bool


@dataclass(frozen=True)
class DueRow:
    user_id: int
    status: str  # never | overdue | due | later
    last_assessed: date | None = None
    last_programme: str | None = None
    last_kind: str | None = None
    due_on: date | None = None
    days_left: int | None = None  # negative: overdue by that many days

    @property
    def window(self) -> int | None:
        """The smallest of 30/60/90 days the due date falls in (None: overdue, never, or later)."""
        if self.status != DUE or self.days_left is None:
            return None
        return next(w for w in WINDOWS if self.days_left <= w)


def last_assessment(certs: Iterable[AssessmentCert]) -> AssessmentCert | None:
    counted = [c for c in certs if c.assessment in ASSESSED_BY and not c.revoked]
    return max(counted, key=lambda c: c.issued_at, default=None)


def due_row(user_id: int, certs: Iterable[AssessmentCert], today: date, *, within: int = 90) -> DueRow:
    last = last_assessment(certs)
    if last is None:
        return DueRow(user_id, NEVER)
    assessed = last.issued_at.date()
    due_on = assessed + timedelta(days=CYCLE_DAYS)
    left = (due_on - today).days
    status = OVERDUE if left < 0 else DUE if left <= within else LATER
    return DueRow(user_id, status, assessed, last.programme, last.assessment, due_on, left)


def due_list(user_ids: Iterable[int], certs: Iterable[AssessmentCert], today: date, *,
             within: int = 90) -> list[DueRow]:
    """Every collector's row, most urgent first: overdue, due soonest, never assessed, then the rest."""
    by_user: dict[int, list[AssessmentCert]] = {}
    for c in certs:
        by_user.setdefault(c.user_id, []).append(c)
    rows = [due_row(uid, by_user.get(uid, []), today, within=within) for uid in user_ids]
    order = {OVERDUE: 0, DUE: 1, NEVER: 2, LATER: 3}
    return sorted(rows, key=lambda r: (order[r.status], r.days_left if r.days_left is not None else 0, r.user_id))
