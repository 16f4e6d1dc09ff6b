"""Exports for HR and the LMS: attempts and certificates as CSV, both as xAPI statements.

Filtered by cohort (its trainees) and a date range of whole days: attempts by when the call started,
certificates by when they were issued; ``date_to`` is inclusive.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.certification.progress import attempts_by_user, certificate_summary
from simulator.certification.rules import exports as shapes
from simulator.certification.rules.attempts import as_utc
from simulator.core.errors import Forbidden, InvalidInput
from simulator.db import repository as repo
from simulator.db.models import User, utcnow

MANAGE = ("hr", "admin")
# Export date filters: anything outside is a typo (and 9999-12-31 + 1 day does not exist).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def parse_id(value: str | None, field: str) -> int | None:
    """An optional id from a query string: empty means none ("all cohorts"), anything else must be a
    positive whole number that fits the database."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 2**31 - 1:
        raise InvalidInput(f"{field}: expected a positive whole number", field=field)
    return int(text)


def parse_day(value: str | None, field: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(f"{field}: expected a date like 2026-05-31", field=field) from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(f"{field}: must be between {FIRST_DAY} and {LAST_DAY}", field=field)
    return day


class Scope:
    """Who and when an export covers, and each trainee's cohort names."""

    def __init__(self, db: Session, viewer: User, cohort_id: int | None, date_from: date | None, date_to: date | None):
        if viewer.role not in MANAGE:
            raise Forbidden("role: this needs the role hr or admin")
        if date_from and date_to and date_to < date_from:
            raise InvalidInput("date_to: must not be before date_from", field="date_to")
        members = repo.cohort_memberships(session=db)
        if cohort_id is not None and repo.get_cohort(session=db, cohort_id=cohort_id) is None:
            raise InvalidInput(f"cohort_id: unknown cohort {cohort_id}", field="cohort_id")
        self.cohorts: dict[int, list[str]] = {}
        for m, c in members:
            if m.role == "trainee":
                self.cohorts.setdefault(m.user_id, []).append(c.name)
        if cohort_id is None:
            ids = [u.id for u in repo.list_users_by_role(session=db, role="trainee")]
        else:
            ids = [m.user_id for m, c in members if c.id == cohort_id and m.role == "trainee"]
        self.users = repo.users_by_ids(session=db, ids=ids)
        self.ids = sorted(self.users)
        self.since = datetime.combine(date_from, time.min, UTC) if date_from else None
        self.until = datetime.combine(date_to + timedelta(days=1), time.min, UTC) if date_to else None

    def who(self, user_id: int) -> dict[str, Any]:
        user = self.users[user_id]
        return {"username": user.username, "display_name": user.display_name, "cohorts": self.cohorts.get(user_id, [])}


def _attempts(db: Session, scope: Scope):
    by_user = attempts_by_user(db, scope.ids, since=scope.since, until=scope.until)
    return sorted((a for uid in scope.ids for a in by_user.get(uid, [])), key=lambda a: a.at)


def _certificates(db: Session, scope: Scope) -> list[dict[str, Any]]:
    now = utcnow()
    rows = []
    for cert in repo.list_certificates(session=db, user_ids=scope.ids, since=scope.since, until=scope.until):
        rows.append(certificate_summary(cert, now) | {
            "user_id": cert.user_id, "revoked_at": as_utc(cert.revoked_at) if cert.revoked_at else None,
            "rubric_versions": (cert.evidence or {}).get("rubric_versions", []),
            "rule_packs": (cert.evidence or {}).get("rule_packs", [])})
    return sorted(rows, key=lambda r: r["issued_at"])


def attempts_csv(db: Session, viewer: User, *, cohort_id: int | None = None, date_from: date | None = None,
                 date_to: date | None = None) -> str:
    scope = Scope(db, viewer, cohort_id, date_from, date_to)
    return shapes.to_csv(shapes.ATTEMPT_COLUMNS,
                         (shapes.attempt_row(a, **scope.who(a.user_id)) for a in _attempts(db, scope)))


def certificates_csv(db: Session, viewer: User, *, cohort_id: int | None = None, date_from: date | None = None,
                     date_to: date | None = None) -> str:
    scope = Scope(db, viewer, cohort_id, date_from, date_to)
    return shapes.to_csv(shapes.CERTIFICATE_COLUMNS,
                         (shapes.certificate_row(c, **scope.who(c["user_id"])) for c in _certificates(db, scope)))


def xapi_statements(db: Session, catalog: Catalog, viewer: User, *, home: str, cohort_id: int | None = None,
                    date_from: date | None = None, date_to: date | None = None) -> list[dict[str, Any]]:
    """Every graded attempt and every certificate in scope, as xAPI statements, oldest first."""
    scope = Scope(db, viewer, cohort_id, date_from, date_to)
    home = home.rstrip("/")
    titles = {s.id: s.title.model_dump() for s in catalog.scenarios.values()}
    statements = [shapes.xapi_attempt(a, home=home, title=titles.get(a.scenario_id, {}), **scope.who(a.user_id))
                  for a in _attempts(db, scope)]
    statements += [shapes.xapi_certificate(c, home=home, **scope.who(c["user_id"])) for c in _certificates(db, scope)]
    return sorted(statements, key=lambda s: s["timestamp"])


def export_page(db: Session, viewer: User) -> dict[str, Any]:
    if viewer.role not in MANAGE:
        raise Forbidden("role: this needs the role hr or admin")
    return {"cohorts": list(repo.list_cohorts(session=db))}
