"""The HR dashboards: overview, cohort matrix with trends/violations/at-risk, one trainee, one session.

Each function returns plain data (the JSON twin under /api/hr returns it as is); the pages ask for
``chart=True`` to get the SVG geometry of the trend as well. HR sees scores and certificates; a
transcript only with an admin's grant (trainers see transcripts of the cohorts they coach).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.accounts import cohorts as cohort_service
from simulator.catalog.loader import Catalog
from simulator.certification.progress import (
    attempts_by_user,
    certificate_summary,
    certificates_by_user,
    resolve_programme,
    trainee_progress,
)
from simulator.certification.rules import trends
from simulator.certification.rules.chart import band_chart, line_chart
from simulator.core.errors import Forbidden, NotFound
from simulator.db import repository as repo
from simulator.db.models import TurnPublic, User, utcnow

VIEW = ("hr", "admin", "trainer")
HIDDEN = "〔原话需授权查看〕"  # what a quote becomes for HR without the transcript grant


def _dims(catalog: Catalog, rubric_id: str) -> dict[str, dict[str, str]]:
    rubric = catalog.rubric(rubric_id) or catalog.rubric("default")
    return {d.id: d.name.model_dump() for d in rubric.dimensions} if rubric else {}


def _trend(points: list[trends.TrendPoint], dims: dict, chart: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"points": [{"label": p.label, "day": p.day.isoformat(), "n": p.n, "values": p.values}
                                       for p in points], "dimensions": dims}
    if chart:
        data["chart"] = line_chart(points, list(dims))
    return data


def _spread(attempts: list, users: dict[int, User], chart: bool) -> dict[str, Any]:
    """The cohort's weekly median and middle half, each trainee a faint line to pick out (issue 20)."""
    points = trends.weekly_spread(attempts)
    data: dict[str, Any] = {"points": [{"week": p.day.isoformat(), "median": p.median, "low": p.low, "high": p.high,
                                        "trainees": p.trainees} for p in points]}
    if chart:
        people = {users[uid].display_name or users[uid].username: weeks
                  for uid, weeks in trends.trainee_weeks(attempts).items() if uid in users}
        data["chart"] = band_chart(points, people)
    return data


def _person(user: User) -> dict[str, Any]:
    return {"user_id": user.id, "username": user.username, "display_name": user.display_name}


def overview(db: Session, viewer: User) -> dict[str, Any]:
    """Every visible cohort with how far it is, and the newest certificates."""
    now = utcnow()
    rows = []
    for cohort in cohort_service.list_cohorts(db, viewer):
        ids = cohort_service.trainee_ids(db, cohort.id)
        row = cohort.model_dump() | {"certified": 0, "avg_percent": 0, "at_risk": 0}
        try:
            programme = resolve_programme(db, cohort=repo.get_cohort(session=db, cohort_id=cohort.id))
        except NotFound:
            rows.append(row)
            continue
        attempts = attempts_by_user(db, ids)
        certs = certificates_by_user(db, ids, programme.id)
        users = repo.users_by_ids(session=db, ids=ids)
        progress = [trainee_progress(users[u], programme, attempts[u], certs[u], now) for u in ids if u in users]
        row |= {"programme_name": programme.name,
                "certified": sum(1 for p in progress if p.certificate and p.certificate["status"] == "valid"),
                "avg_percent": round(sum(p.percent for p in progress) / len(progress)) if progress else 0,
                "at_risk": len(trends.at_risk(attempts, now=now))}
        rows.append(row)
    visible = cohort_service.visible_ids(db, viewer)
    members = None if visible is None else {uid for cid in visible for uid in cohort_service.trainee_ids(db, cid)}
    recent = [c for c in repo.list_certificates(session=db) if members is None or c.user_id in members][:10]
    names = repo.users_by_ids(session=db, ids=[c.user_id for c in recent])
    return {"cohorts": rows, "recent_certificates": [
        certificate_summary(c, now) | {"holder": names[c.user_id].display_name if c.user_id in names else "?"}
        for c in recent]}


def cohort_dashboard(db: Session, catalog: Catalog, viewer: User, cohort_id: int, *, programme_id: int | None = None,
                     inactive_days: int = 7, chart: bool = False) -> dict[str, Any]:
    """The matrix (trainees × requirements), the dimension trend, frequent violations, the at-risk list."""
    now = utcnow()
    detail = cohort_service.cohort_detail(db, viewer, cohort_id)
    programme = resolve_programme(db, programme_id, repo.get_cohort(session=db, cohort_id=cohort_id))
    ids = [m.user_id for m in detail.members if m.role == "trainee"]
    users = repo.users_by_ids(session=db, ids=ids)
    attempts = attempts_by_user(db, ids)
    certs = certificates_by_user(db, ids, programme.id)
    rows = []
    for uid in ids:
        p = trainee_progress(users[uid], programme, attempts[uid], certs[uid], now)
        last = max((a.at for a in attempts[uid]), default=None)
        rows.append(p.model_dump(exclude={"requirements"}) | {"last_practice": last, "cells": [
            {"id": r.id, "status": r.status, "best_score": r.best_score, "attempts": r.attempts} for r in p.requirements]})
    flags = trends.at_risk(attempts, now=now, inactive_days=inactive_days)
    everything = [a for uid in ids for a in attempts[uid]]
    dims = _dims(catalog, programme.rubric)
    return {
        "cohort": detail.model_dump(exclude={"members"}),
        "programme": {"id": programme.id, "name": programme.name, "version": programme.version,
                      "requirements": [{"id": r["id"], "label": r.get("label") or r["id"]} for r in programme.requirements]},
        "programmes": [{"id": p.id, "name": p.name} for p in repo.list_programmes(session=db)],
        "rows": rows,
        "trend": _trend(trends.daily_means(everything, list(dims)), dims, chart),
        "spread": _spread(everything, users, chart),
        "violations": trends.top_violations(everything),
        "at_risk": [_person(users[uid]) | {"flags": [f.to_dict() for f in f_list]} for uid, f_list in flags.items()],
        "inactive_days": inactive_days,
    }


def _visible_trainee(db: Session, viewer: User, user_id: int) -> User:
    if viewer.role not in VIEW:
        raise Forbidden("role: this needs the role hr, admin or trainer")
    trainee = repo.get_user(session=db, user_id=user_id)
    visible = cohort_service.visible_ids(db, viewer)
    in_scope = visible is None or any(m.cohort_id in visible for m in repo.memberships_of(session=db, user_id=user_id))
    if trainee is None or trainee.role != "trainee" or not in_scope:
        raise NotFound(f"user_id: unknown trainee {user_id}", field="user_id")
    return trainee


def may_read_transcripts(db: Session, viewer: User) -> bool:
    """Admins and trainers (their own cohorts) may; HR only with a grant an admin set."""
    if viewer.role == "hr":
        return repo.get_transcript_grant(session=db, user_id=viewer.id) is not None
    return viewer.role in ("admin", "trainer")


def trainee_dashboard(db: Session, catalog: Catalog, viewer: User, user_id: int, *,
                      programme_id: int | None = None, chart: bool = False) -> dict[str, Any]:
    now = utcnow()
    trainee = _visible_trainee(db, viewer, user_id)
    cohorts = [repo.get_cohort(session=db, cohort_id=m.cohort_id) for m in repo.memberships_of(session=db, user_id=user_id)]
    cohort = next((c for c in cohorts if c and c.programme_id), None)
    programme = resolve_programme(db, programme_id, cohort)
    attempts = attempts_by_user(db, [user_id])[user_id]
    certs = certificates_by_user(db, [user_id], programme.id)[user_id]
    dims = _dims(catalog, programme.rubric)
    titles = {s.id: s.title.model_dump() for s in catalog.scenarios.values()}
    return {
        "trainee": _person(trainee),
        "cohorts": [c.name for c in cohorts if c],
        "programme": {"id": programme.id, "name": programme.name},
        "programmes": [{"id": p.id, "name": p.name} for p in repo.list_programmes(session=db)],
        "progress": trainee_progress(trainee, programme, attempts, certs, now).model_dump(),
        "trend": _trend(trends.per_attempt(attempts, list(dims)), dims, chart),
        "sessions": [{"session_id": a.session_id, "scenario_id": a.scenario_id, "title": titles.get(a.scenario_id),
                      "at": a.at, "overall": a.overall, "passed": a.passed, "critical": a.critical,
                      "rubric": a.rubric} for a in reversed(attempts)],
        "certificates": [certificate_summary(c, now) for c in repo.list_certificates(session=db, user_ids=[user_id])],
        "flags": [f.to_dict() for f in trends.risk_flags(attempts, now=now)],
        "transcripts": may_read_transcripts(db, viewer),
    }


def session_view(db: Session, catalog: Catalog, viewer: User, session_id: str) -> dict[str, Any]:
    """One graded session for HR: the grade always, the transcript only when the viewer may read it."""
    practice = repo.get_practice_session(session=db, session_id=session_id)
    if practice is None:
        raise NotFound(f"session_id: unknown session {session_id!r}", field="session_id")
    trainee = _visible_trainee(db, viewer, practice.user_id)
    grade = repo.current_grade(session=db, session_id=session_id)
    allowed = may_read_transcripts(db, viewer)
    scenario = catalog.scenario(practice.scenario_id)
    return {
        "session": {"id": practice.id, "scenario_id": practice.scenario_id, "stage": practice.stage,
                    "difficulty": practice.difficulty, "outcome": practice.outcome, "started_at": practice.started_at,
                    "ended_at": practice.ended_at, "title": scenario.title.model_dump() if scenario else None},
        "trainee": _person(trainee),
        "grade": ({**(grade.result if allowed else redact(grade.result)), "grade_id": grade.id,
                   "graded_at": grade.created_at} if grade else None),
        "transcript_allowed": allowed,
        "transcript": ([TurnPublic.model_validate(t).model_dump() for t in repo.list_turns(session=db, session_id=session_id)]
                       if allowed else None),
        "dimension_names": _dims(catalog, "default"),
    }


def redact(result: dict[str, Any]) -> dict[str, Any]:
    """A grade without the trainee's words: evidence and violation quotes are transcript excerpts."""
    dims = {k: {**v, "evidence": [{**e, "quote": HIDDEN} for e in v.get("evidence", [])]}
            for k, v in (result.get("dimensions") or {}).items()}
    violations = [{**item, "quote": HIDDEN} for item in result.get("violations") or []]
    return {**result, "dimensions": dims, "violations": violations, "redacted": True}
