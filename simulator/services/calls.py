"""Phone-call mode (issue 7): silence on the line, interruptions, the call metrics, the debtor's voice.

The call page sends the trainee's turns through the ordinary turn services (with the browser's timing,
``services/timing.py``); what only a call has lives here: the debtor checking a silent line
(``Conversation.silence``), whether a turn makes the debtor cut in, and the call block of the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.engine.call import provoked
from simulator.grading.call_metrics import TimedTurn, call_metrics
from simulator.persistence import repository as repo
from simulator.persistence.models import PracticeSession, Turn, User, utcnow
from simulator.services import dialing
from simulator.services.errors import Conflict
from simulator.services.practice import (  # a silence prompt is stored like any reply
    apply_reply,
    complete_pending,
    conversation_for,
    load_session,
    new_reply_turn,
)

ENDED = "session: this call has ended; start a new session"
# Who answers for the borrower, by the relation the scenario names (for the voice only).
_MALE = ("丈夫", "老公", "父", "爸", "儿子", "哥", "弟", "爷", "叔", "舅", "伯", "女婿", "公公")
_FEMALE = ("妻", "老婆", "母", "妈", "女儿", "姐", "妹", "婆", "奶", "姑", "姨", "嫂", "媳")


@dataclass(frozen=True)
class SilenceResult:
    turn: Turn
    practice: PracticeSession
    events: tuple[str, ...]


def _categories(turn: Turn) -> list[str]:
    return [v.get("category", "") for v in (turn.analysis or {}).get("violations", [])]


def interrupts(turn: Turn) -> bool:
    """Does this collector turn make the debtor cut in (a threat, an insult, ...)?"""
    return turn.speaker == "collector" and provoked(_categories(turn))


def silence(
    db: Session, catalog: Catalog, user: User, session_id: str, *, waited_ms: int, call_ms: int | None = None
) -> SilenceResult:
    """The line has been quiet ``waited_ms``: store and return the debtor's "喂?还在吗?" (or hang-up)."""
    practice = load_session(db, user, session_id, write=True)
    if practice.mode != "call":
        raise Conflict("mode: silence prompts belong to call-mode sessions", field="session_id")
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    complete_pending(db, catalog, practice)
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    convo = conversation_for(db, catalog, practice)
    reply = convo.silence()
    turn = new_reply_turn(practice, repo.next_turn_index(session=db, session_id=practice.id), reply)
    turn.response_latency_ms, turn.call_ms = waited_ms, call_ms
    try:
        repo.add_turn(session=db, turn=turn)
        apply_reply(practice, convo, reply)
        db.add(practice)
        db.commit()
    except IntegrityError as exc:  # the trainee spoke at the same moment: their turn wins
        db.rollback()
        raise Conflict("session: the trainee spoke meanwhile; no silence prompt needed") from exc
    return SilenceResult(turn=turn, practice=practice, events=reply.events)


def call_summary(db: Session, practice: PracticeSession) -> dict[str, Any] | None:
    """Duration, talk ratio, longest silence and the rest for a call-mode session (None for chat)."""
    if practice.mode != "call":
        return None
    turns = [
        TimedTurn(index=t.index, speaker=t.speaker, text=t.text, intent=t.intent, input_mode=t.input_mode,
                  call_ms=t.call_ms, duration_ms=t.duration_ms, response_latency_ms=t.response_latency_ms,
                  created_at=t.created_at, interrupted=interrupts(t))
        for t in repo.list_turns(session=db, session_id=practice.id)
        if t.input_mode != dialing.SMS  # a text message is not part of the conversation on the line
    ]
    metrics = call_metrics(turns, started_at=practice.started_at, ended_at=practice.ended_at or utcnow())
    attempts = dialing.public_attempts(practice)
    return {**metrics, "attempts": attempts} if attempts else metrics


def relation_gender(relation: str) -> str:
    if any(word in relation for word in _MALE):
        return "male"
    if any(word in relation for word in _FEMALE):
        return "female"
    return "any"


def voices(scenario: Scenario, card: PersonaCard) -> dict[str, dict[str, Any]]:
    """Whose voice the browser (or the server) should use: the card's gender, else the case file's;
    the age nudges the pitch. The third party's gender follows the relation (母亲 → female)."""
    gender = card.voice.gender if card.voice.gender != "any" else scenario.case_file.gender
    out: dict[str, dict[str, Any]] = {"debtor": {"gender": gender, "age": scenario.case_file.age}}
    if scenario.third_party is not None:
        out["third_party"] = {"gender": relation_gender(scenario.third_party.relation), "age": None}
    out["carrier"] = {"gender": "female", "age": None}  # the operator's recorded "无人接听" prompt
    return out


def with_call(db: Session, practice: PracticeSession, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a grade or a session summary) plus the ``call`` block when the session was a call."""
    metrics = call_summary(db, practice)
    return {**data, "call": metrics} if metrics is not None else data
