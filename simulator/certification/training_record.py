"""Each collector's training and assessment record for a year (GB/T 45251-2025, issue 17): every
graded practice call and every certificate issued that year, as one CSV for an audit and as a
printable page per collector.

GB/T 45251-2025 asks for pre-job training and assessment and at least one a year after; what a
record must hold is not public text we could check, so the record keeps what an auditor asks for:
who, when, which scenario and rules, how long, the score, and the certificates with their codes,
programme versions and rule-pack editions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.certification.exports import Scope
from simulator.certification.rules import certificates as certs
from simulator.certification.rules.attempts import as_utc
from simulator.certification.rules.exports import to_csv
from simulator.core.errors import InvalidInput, NotFound
from simulator.db import repository as repo
from simulator.db.models import User, utcnow

FIRST_YEAR = 2020
BEIJING = ZoneInfo("Asia/Shanghai")  # the record is printed for a Chinese auditor
COLUMNS = ("username", "display_name", "cohorts", "year", "date", "record", "scenario_id", "scenario", "archetype",
           "stage", "mode", "minutes", "overall", "passed", "rubric", "rule_pack", "programme", "programme_version",
           "assessment", "certificate_code", "certificate_status")


def check_year(year: int) -> int:
    this_year = utcnow().year
    if not FIRST_YEAR <= year <= this_year:
        raise InvalidInput(f"year: between {FIRST_YEAR} and {this_year}", field="year")
    return year


def _bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def _records(db: Session, catalog: Catalog, scope: Scope, year: int) -> dict[int, dict[str, Any]]:
    since, until = _bounds(year)
    kinds = {p.id: p.assessment for p in repo.list_programmes(session=db)}
    names = {p.archetype: p.name.zh for p in catalog.personas.values()}
    out: dict[int, dict[str, Any]] = {uid: {"calls": [], "certificates": []} for uid in scope.ids}
    for practice, grade in repo.graded_attempts(session=db, user_ids=scope.ids, since=since, until=until):
        end = practice.ended_at or grade.created_at
        scenario = catalog.scenarios.get(practice.scenario_id)
        out[practice.user_id]["calls"].append({
            "date": as_utc(practice.started_at).date(), "scenario_id": practice.scenario_id,
            "scenario": scenario.title.zh if scenario else practice.scenario_id,
            "archetype": names.get(practice.archetype, practice.archetype), "stage": practice.stage,
            "mode": practice.mode, "minutes": round((as_utc(end) - as_utc(practice.started_at)).total_seconds() / 60, 1),
            "overall": grade.overall, "passed": grade.passed, "rubric": grade.rubric, "rule_pack": grade.rule_pack})
    now = utcnow()
    for cert in repo.list_certificates(session=db, user_ids=scope.ids, since=since, until=until):
        out[cert.user_id]["certificates"].append({
            "date": as_utc(cert.issued_at).date(), "programme": cert.programme_name,
            "programme_version": cert.programme_version, "assessment": kinds.get(cert.programme_id, "other"),
            "code": cert.code, "status": certs.status_of(cert, now),
            "expires_at": as_utc(cert.expires_at).date() if cert.expires_at else None,
            "rule_packs": [p.get("ref", "") for p in (cert.evidence or {}).get("rule_packs", [])]})
    for rec in out.values():
        rec["certificates"].sort(key=lambda c: c["date"])
    return out


def _totals(rec: dict[str, Any]) -> dict[str, Any]:
    calls = rec["calls"]
    scores = [c["overall"] for c in calls]
    return {"calls": len(calls), "passed": sum(1 for c in calls if c["passed"]),
            "minutes": round(sum(c["minutes"] for c in calls), 1),
            "average": round(sum(scores) / len(scores)) if scores else None,
            "pre_job": [c for c in rec["certificates"] if c["assessment"] == "pre_job"],
            "annual": [c for c in rec["certificates"] if c["assessment"] == "annual"]}


def record(db: Session, catalog: Catalog, viewer: User, user_id: int, year: int) -> dict[str, Any]:
    """One collector's year: their calls, certificates and totals (role hr or admin)."""
    check_year(year)
    scope = Scope(db, viewer, None, None, None)
    if user_id not in scope.users:
        raise NotFound(f"user_id: no collector {user_id}", field="user_id")
    rec = _records(db, catalog, _one(scope, user_id), year)[user_id]
    return {"user": scope.who(user_id), "user_id": user_id, "year": year, **rec, "totals": _totals(rec),
            "printed_at": utcnow().astimezone(BEIJING)}


def _one(scope: Scope, user_id: int) -> Scope:
    scope.ids = [user_id]
    return scope


def records_csv(db: Session, catalog: Catalog, viewer: User, year: int, *, cohort_id: int | None = None,
                user_id: int | None = None) -> str:
    """Every collector's (or a cohort's, or one's) record for the year: one row per call or certificate."""
    check_year(year)
    scope = Scope(db, viewer, cohort_id, None, None)
    if user_id is not None:
        if user_id not in scope.users:
            raise NotFound(f"user_id: no collector {user_id}", field="user_id")
        scope = _one(scope, user_id)
    rows = []
    for uid, rec in _records(db, catalog, scope, year).items():
        who = scope.who(uid)
        base = {"username": who["username"], "display_name": who["display_name"], "cohorts": ";".join(who["cohorts"]),
                "year": str(year)}
        blank = dict.fromkeys(COLUMNS, "")
        for c in rec["calls"]:
            rows.append(blank | base | {
                "date": c["date"].isoformat(), "record": "practice_call", "scenario_id": c["scenario_id"],
                "scenario": c["scenario"], "archetype": c["archetype"], "stage": c["stage"], "mode": c["mode"],
                "minutes": str(c["minutes"]), "overall": str(c["overall"]), "passed": "true" if c["passed"] else "false",
                "rubric": c["rubric"], "rule_pack": c["rule_pack"]})
        for c in rec["certificates"]:
            rows.append(blank | base | {
                "date": c["date"].isoformat(), "record": "certificate", "programme": c["programme"],
                "programme_version": str(c["programme_version"]), "assessment": c["assessment"],
                "certificate_code": c["code"], "certificate_status": c["status"], "rule_pack": ";".join(c["rule_packs"])})
    rows.sort(key=lambda r: (r["username"], r["date"], r["record"]))
    return to_csv(COLUMNS, rows)


def default_year() -> int:
    return utcnow().year


def years() -> list[int]:
    return list(range(utcnow().year, FIRST_YEAR - 1, -1))
