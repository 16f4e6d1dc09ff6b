"""Use cases of multi-call cases (issue 21, item 3): start a case, make its next call, read its timeline.

A case run belongs to one trainee. Its calls are ordinary practice sessions (chat or phone) that carry the
run's id and the scenario fields the call replaces, so everything else (turns, grading, debrief, branches)
works on them unchanged. Case calls never count towards certification.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from simulator.catalog.case_spec import CaseSpec, load_cases
from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.config import Settings
from simulator.core.errors import Conflict, NotFound
from simulator.db import repository as repo
from simulator.db.live_catalog import session_catalog
from simulator.db.models import CaseRun, PracticeSession, User
from simulator.practice import safeguards
from simulator.practice import service as practice
from simulator.practice.cases.timeline import CallRecord, call_record, case_summary, next_call

SEED_STEP = 7919  # call k of a run plays seed run.seed + k * SEED_STEP: varied, and reproducible


def cases_of(settings: Settings) -> dict[str, CaseSpec]:
    return load_cases(settings.cases_dir) if settings.cases_dir.is_dir() else {}


def playable(cases: dict[str, CaseSpec], catalog: Catalog) -> list[tuple[CaseSpec, Scenario, PersonaCard]]:
    """The cases whose base scenario and persona are in the catalog (a case over a withdrawn one is not offered)."""
    out = []
    for case in cases.values():
        base = catalog.scenario(case.scenario)
        card = catalog.personas.get(base.persona) if base else None
        if base is not None and card is not None:
            out.append((case, base, card))
    return out


def _case(cases: dict[str, CaseSpec], catalog: Catalog, case_id: str) -> tuple[CaseSpec, Scenario, PersonaCard]:
    for case, base, card in playable(cases, catalog):
        if case.id == case_id:
            return case, base, card
    raise NotFound(f"case_id: unknown case {case_id!r}", field="case_id")


def _run(db: Session, user: User, run_id: str, *, write: bool = True) -> CaseRun:
    """The run, for its trainee; to read, also for the trainer who coaches them and for admins (as their calls)."""
    run = repo.get_case_run(session=db, run_id=run_id)
    if run is None or (run.user_id != user.id and (write or not practice.may_read(db, user, run.user_id))):
        raise NotFound(f"run_id: unknown case run {run_id!r}", field="run_id")  # missing, not forbidden
    return run


def _start_call(db: Session, catalog: Catalog, user: User, run: CaseRun, base: Scenario, number: int,
                fields: dict[str, Any], *, provider: str, mode: str) -> PracticeSession:
    session, _ = practice.start_session(db, catalog, user, base.id, seed=(run.seed + number * SEED_STEP) % 2**31,
                                        provider=provider, mode=mode, case_run_id=run.id, case_call=fields)
    return session


def start_case(db: Session, catalog: Catalog, cases: dict[str, CaseSpec], user: User, case_id: str, *,
               seed: int | None, provider: str = "offline", mode: str = "chat") -> tuple[CaseRun, PracticeSession]:
    """A new run of ``case_id`` and its first call."""
    case, base, card = _case(cases, catalog, case_id)
    first = next_call(case, base, card, [])
    assert first is not None  # a case has at least two calls
    run = repo.add_case_run(session=db, run=CaseRun(user_id=user.id, case_id=case.id,
                                                    seed=seed if seed is not None else secrets.randbelow(2**31)))
    return run, _start_call(db, catalog, user, run, base, *first, provider=provider, mode=mode)


def records(db: Session, catalog: Catalog, run: CaseRun) -> list[CallRecord]:
    """What each call of the run left behind, first to last."""
    out = []
    for session in repo.case_calls(session=db, run_id=run.id):
        fields = session.case_call or {}
        _, scenario = session_catalog(db, catalog, session)
        turns = list(repo.list_turns(session=db, session_id=session.id))
        grade = repo.current_grade(session=db, session_id=session.id)
        out.append(call_record(
            int(fields.get("number", len(out) + 1)), int(fields.get("day", 0)), status=session.status,
            outcome=session.outcome, memory=session.engine_memory or {}, archetype=session.archetype,
            can_pay_now=scenario.hidden_truth.can_pay_now, left=safeguards.left_early(session),
            lines=[t.analysis or {} for t in turns if t.speaker == "collector"],
            debtor_intents=frozenset(t.intent for t in turns if t.speaker == "debtor" and t.intent),
            said_date=scenario.hidden_truth.earliest_date,
            score=grade.overall if grade else None, passed=grade.passed if grade else None,
            peak_anger=safeguards.peak_anger(turns), session_id=session.id, mode=session.mode))
    return out


def advance(db: Session, catalog: Catalog, cases: dict[str, CaseSpec], user: User, run_id: str, *,
            provider: str = "offline") -> PracticeSession | None:
    """The run's next call, once the current one has ended (409 while it runs); None once the case is over
    (every call made, or the debt cleared), when the run is closed."""
    run = _run(db, user, run_id)
    case, base, card = _case(cases, catalog, run.case_id)
    done = records(db, catalog, run)
    if done and done[-1].status == "active":
        raise Conflict("run_id: end the current call before making the next one", field="run_id")
    following = next_call(case, base, card, done) if run.status == "open" else None
    if following is None:
        if run.status == "open":
            repo.close_case_run(session=db, run=run)
            db.commit()
        return None
    last = repo.get_practice_session(session=db, session_id=done[-1].session_id) if done and done[-1].session_id else None
    return _start_call(db, catalog, user, run, base, *following, provider=provider, mode=last.mode if last else "chat")


def next_case_call(db: Session, catalog: Catalog, cases: dict[str, CaseSpec], user: User, run_id: str, *,
                   provider: str = "offline") -> PracticeSession:
    """As :func:`advance`, with a 409 once the case is over."""
    session = advance(db, catalog, cases, user, run_id, provider=provider)
    if session is None:
        raise Conflict("run_id: this case is over; its debrief is on the case page", field="run_id")
    return session


@dataclass(frozen=True)
class CaseView:
    run: CaseRun
    case: CaseSpec
    base: Scenario
    card: PersonaCard
    calls: list[CallRecord]
    next: dict[str, Any] | None  # {"number", "day", "stage", "title"} of the call still to make
    over: bool
    owner: bool  # the trainee whose case it is (a coach reads it, and cannot make its calls)
    summary: dict[str, Any] | None  # the case debrief's figures, once the case is over


def case_view(db: Session, catalog: Catalog, cases: dict[str, CaseSpec], user: User, run_id: str) -> CaseView:
    run = _run(db, user, run_id, write=False)
    case, base, card = _case(cases, catalog, run.case_id)
    done = records(db, catalog, run)
    running = bool(done) and done[-1].status == "active"
    following = None if running else next_call(case, base, card, done)
    over = not running and following is None
    if over and run.status == "open" and run.user_id == user.id:
        repo.close_case_run(session=db, run=run)
        db.commit()
    upcoming = None
    if following is not None:
        step = case.calls[following[0] - 1]
        upcoming = {"number": following[0], "day": step.day, "stage": step.stage, "title": step.title.model_dump()}
    return CaseView(run=run, case=case, base=base, card=card, calls=done, next=upcoming, over=over,
                    owner=run.user_id == user.id,
                    summary=case_summary(case, base, done) if over else None)


def list_runs(db: Session, user: User) -> list[CaseRun]:
    return list(repo.list_case_runs(session=db, user_id=user.id))
