"""Ending a call: close the session, summarise it and (with a rubric) grade it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.persistence import repository as repo
from simulator.persistence.models import PracticeSession, User, utcnow
from simulator.services.practice import complete_pending, load_session


def summary(db: Session, practice: PracticeSession) -> dict[str, Any]:
    turns = repo.list_turns(session=db, session_id=practice.id)
    collector = [t for t in turns if t.speaker == "collector"]
    moves: dict[str, int] = {}
    for t in collector:
        for m in (t.analysis or {}).get("moves", []):
            moves[m] = moves.get(m, 0) + 1
    violations = [
        {"turn": t.index, "quote": t.text, **v}
        for t in collector
        for v in (t.analysis or {}).get("violations", [])
    ]
    end = practice.ended_at or utcnow()
    return {
        "id": practice.id,
        "outcome": practice.outcome,
        "state": practice.state,
        "turns": len(turns),
        "collector_turns": len(collector),
        "duration_seconds": int((end - practice.started_at).total_seconds()),
        "moves": moves,
        "violations": violations,
    }


def end_session(db: Session, catalog: Catalog, user: User, session_id: str) -> dict[str, Any]:
    practice = load_session(db, user, session_id, write=True)
    if practice.status == "active":
        complete_pending(db, catalog, practice)
        practice.status = "ended"
        practice.ended_at = practice.ended_at or utcnow()
    practice.summary = summary(db, practice)
    db.add(practice)
    db.commit()
    return practice.summary


