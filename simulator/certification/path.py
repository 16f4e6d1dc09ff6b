"""The trainee's "my path": their programme's requirements, what is done, and what to practise next."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.accounts.assignments import hidden_scenarios
from simulator.catalog.loader import Catalog
from simulator.certification.programmes import spec_of
from simulator.certification.progress import (
    attempts_by_user,
    certificate_summary,
    certificates_by_user,
    evaluate_user,
    resolve_programme,
    trainee_progress,
)
from simulator.certification.rules.recommend import ScenarioInfo, recommend
from simulator.core.errors import Forbidden, NotFound
from simulator.db import repository as repo
from simulator.db.models import User, utcnow


def my_path(db: Session, catalog: Catalog, user: User, *, programme_id: int | None = None,
            lang: str = "zh") -> dict[str, Any]:
    """Only the trainee's own record: the checklist, the next scenario and their certificates."""
    if user.role != "trainee":
        raise Forbidden("role: the certification path is for trainees")
    now = utcnow()
    cohorts = [repo.get_cohort(session=db, cohort_id=m.cohort_id) for m in repo.memberships_of(session=db, user_id=user.id)]
    cohort = next((c for c in cohorts if c and c.programme_id), None)
    active = [p for p in repo.list_programmes(session=db, active_only=True)]
    if programme_id is not None and programme_id not in {p.id for p in active}:
        raise NotFound(f"programme_id: unknown programme {programme_id}", field="programme_id")
    try:
        programme = resolve_programme(db, programme_id, cohort)
    except NotFound:
        return {"programme": None, "programmes": [], "progress": None, "next": None, "certificates": []}
    attempts = attempts_by_user(db, [user.id])[user.id]
    certs = certificates_by_user(db, [user.id], programme.id)[user.id]
    progress = evaluate_user(spec_of(programme), attempts, certs, now)
    rubric = catalog.rubric(programme.rubric) or catalog.rubric("default")
    dims = [d.id for d in rubric.dimensions] if rubric else []
    hidden = hidden_scenarios(db, user)  # assigned to cohorts the trainee is not in
    infos = [ScenarioInfo(s.id, catalog.personas[s.persona].archetype, s.stage, s.difficulty, s.situation)
             for s in catalog.scenarios.values() if s.id not in hidden]
    rec = recommend(progress, infos, attempts, dims)
    nxt = None
    if rec is not None:
        scenario = catalog.scenario(rec.scenario_id)
        nxt = rec.to_dict() | {
            "title": getattr(scenario.title, lang), "brief": getattr(scenario.brief, lang), "stage": scenario.stage,
            "difficulty": scenario.difficulty,
            "dimension_name": ({d.id: d.name.model_dump()[lang] for d in rubric.dimensions}.get(rec.dimension)
                               if rubric and rec.dimension else None)}
    return {
        "programme": {"id": programme.id, "name": programme.name, "description": programme.description},
        "programmes": [{"id": p.id, "name": p.name} for p in active],
        "progress": trainee_progress(user, programme, attempts, certs, now).model_dump(),
        "next": nxt,
        "certificates": [certificate_summary(c, now) for c in repo.list_certificates(session=db, user_ids=[user.id])],
    }
