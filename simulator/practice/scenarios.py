"""Read-side views of the catalog for trainees (never the hidden truth)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlmodel import Session

from simulator.accounts.assignments import hidden_scenarios
from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.core.errors import NotFound
from simulator.db import repository as repo
from simulator.db.inline import run_db
from simulator.db.live_catalog import session_catalog
from simulator.db.models import PracticeSession, User
from simulator.practice.schemas import ScenarioSummary

STAGE_ORDER = {"M1": 1, "M2": 2, "M3": 3, "M4": 4}


def by_level(cards: list[ScenarioSummary]) -> list[ScenarioSummary]:
    """The grid's order (issue 20): overdue stage, then difficulty, then title: a new trainee starts at the top."""
    return sorted(cards, key=lambda c: (STAGE_ORDER.get(c.stage, 9), c.difficulty, c.title))


def scenario_marks(db: Session, user: User) -> dict[str, dict[str, Any]]:
    """Per scenario the trainee has a graded call of: how many, the best score, whether one passed."""
    marks: dict[str, dict[str, Any]] = {}
    for practice, grade in repo.graded_attempts(session=db, user_ids=[user.id]):
        mark = marks.setdefault(practice.scenario_id, {"attempts": 0, "best": None, "passed": False})
        mark["attempts"] += 1
        mark["best"] = grade.overall if mark["best"] is None else max(mark["best"], grade.overall)
        mark["passed"] = mark["passed"] or grade.passed
    return marks


def scenario_summaries(catalog: Catalog, lang: str = "zh", *, hidden: Collection[str] = ()) -> list[ScenarioSummary]:
    """Every scenario but the ``hidden`` ones (assigned to cohorts the trainee is not in)."""
    return [
        ScenarioSummary(
            id=s.id,
            persona=s.persona,
            archetype=catalog.personas[s.persona].archetype,
            stage=s.stage,
            difficulty=s.difficulty,
            situation=s.situation,
            title=getattr(s.title, lang),
            brief=getattr(s.brief, lang),
            call_only=s.call_only(),
        )
        for s in catalog.scenarios.values()
        if s.id not in hidden
    ]


async def visible_summaries(db: Session, catalog: Catalog, user: User, lang: str) -> list[ScenarioSummary]:
    """The scenarios ``user`` may practise (the cohort assignments read where database calls run: inline.py)."""
    return scenario_summaries(catalog, lang, hidden=await run_db(db, hidden_scenarios, db, user))


def get_scenario(catalog: Catalog, scenario_id: str) -> Scenario:
    scenario = catalog.scenario(scenario_id)
    if scenario is None:
        raise NotFound(f"scenario_id: unknown scenario {scenario_id!r}", field="scenario_id")
    return scenario


def trainee_view(catalog: Catalog, scenario: Scenario, card: PersonaCard | None = None) -> dict[str, Any]:
    """What the trainee may see of a scenario: case file, objectives, study notes. No hidden truth."""
    card = card or catalog.personas[scenario.persona]
    return {
        "scenario": scenario.model_dump(include={"id", "stage", "difficulty", "situation", "title", "brief"}),
        "case_file": scenario.case_file.model_dump(),
        "objectives": [o.model_dump() for o in scenario.objectives],
        "persona": {"id": card.id, "archetype": card.archetype, "name": card.name.model_dump(),
                    "summary": card.summary.model_dump(), "seed": card.seed.model_dump()},
    }


def session_view(db: Session, catalog: Catalog, practice: PracticeSession) -> dict[str, Any]:
    """``trainee_view`` of the scenario and persona versions the session plays, with those versions."""
    card, scenario = session_catalog(db, catalog, practice)
    return {**trainee_view(catalog, scenario, card),
            "versions": {"persona": practice.persona_version, "scenario": practice.scenario_version,
                         "third_party": practice.third_party_version}}
