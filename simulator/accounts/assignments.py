"""Which trainees see which scenario (issue 5, item 2): a scenario with no cohort assignment is offered
to every trainee (the built-ins); one with assignments only to members of those cohorts. Trainers, HR
and admins see every scenario."""

from __future__ import annotations

from sqlmodel import Session

from simulator.db import catalog_versions as store
from simulator.db.models import User

UNRESTRICTED_ROLES = ("trainer", "hr", "admin")


def hidden_scenarios(db: Session, user: User) -> set[str]:
    """Scenario ids ``user`` may not see (empty for trainers, HR and admins)."""
    if user.role in UNRESTRICTED_ROLES:
        return set()
    rows = store.assignments(db)
    if not rows:
        return set()
    mine = store.member_cohort_ids(db, user.id) if user.id is not None else set()
    offered: dict[str, bool] = {}
    for row in rows:
        offered[row.scenario_id] = offered.get(row.scenario_id, False) or row.cohort_id in mine
    return {scenario_id for scenario_id, ok in offered.items() if not ok}


def scenario_visible(db: Session, user: User, scenario_id: str) -> bool:
    return scenario_id not in hidden_scenarios(db, user)
