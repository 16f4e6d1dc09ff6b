"""What the call page shows (issue 7): the case file, the transcript so far, whose voice, the debrief."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.db.live_catalog import session_catalog
from simulator.db.models import User
from simulator.practice import debrief
from simulator.practice import service as practice
from simulator.practice.calls import dialing
from simulator.practice.calls import service as calls
from simulator.practice.debrief_view import debrief_view
from simulator.practice.scenarios import session_view


def call_page(db: Session, catalog: Catalog, user: User, session_id: str, *, lang: str = "zh") -> dict[str, Any]:
    session, turns = practice.get_session(db, catalog, user, session_id)
    card, scenario = session_catalog(db, catalog, session)  # the versions the session plays
    summary = session.summary
    view = session_view(db, catalog, session)
    grade = debrief.current_grade(db, session)
    return {
        "session": session,
        "turns": turns,
        "view": view,
        "voices": calls.voices(scenario, card),
        "summary": summary,
        "call": (summary or {}).get("call"),
        "grade": grade,
        "teach": debrief_view(db, catalog, session, grade, user, lang=lang, view=view)
        if session.status == "ended" else None,
        "dim_names": debrief.dimension_names(catalog),
        "owner": session.user_id == user.id,
        "opening_anger": float(next((t.state or {} for t in turns if t.intent == "opening"), {}).get("anger", 0.0)),
        "dialing": dialing.page_view(session),
        "carrier": dialing.CARRIER_NO_ANSWER,
    }
