"""The simulated time of day a call has reached (issue 17), for a scenario set at a time of day: the
trainee sees it beside the transcript (a call begun at 21:50 must not run past 22:00 unasked), and
the grader's late-call rule reads the same start."""

from __future__ import annotations

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.catalog.schema import Scenario
from simulator.core.errors import NotFound
from simulator.db import repository as repo
from simulator.db.live_catalog import session_catalog
from simulator.db.models import PracticeSession
from simulator.grading import late_call
from simulator.grading.transcript import Transcript, TranscriptTurn
from simulator.practice.calls import dialing


def call_clock(db: Session, catalog: Catalog, practice: PracticeSession) -> str | None:
    """"HH:MM" the call has reached, or None for a scenario with no time of day."""
    try:
        scenario: Scenario | None = session_catalog(db, catalog, practice)[1]
    except NotFound:
        return None
    start = clock_start(practice, scenario)
    turns = repo.clock_rows(session=db, session_id=practice.id) if start is not None else []
    if not turns:
        return start
    return late_call.clock_now(Transcript(clock_start=start, turns=[  # only what the clock reads
        TranscriptTurn(speaker=t.speaker, text=t.text, call_ms=t.call_ms) for t in turns]))  # type: ignore[arg-type]


def clock_start(practice: PracticeSession, scenario: Scenario | None) -> str | None:
    """When the call was answered, for a scenario that sets the time of day (its answer plan): the
    answered attempt in call mode, else the scenario's first call."""
    answered = next((d for d in dialing.dials(practice) if d.get("answered")), None)
    if answered is not None:
        return str(answered["at"])
    if scenario is not None and scenario.answer is not None:
        return scenario.answer.first_call_at
    return None
