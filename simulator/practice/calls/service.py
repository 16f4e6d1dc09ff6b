"""Phone-call mode (issue 7): silence on the line, interruptions, the call metrics, the debtor's voice.

The call page sends the trainee's turns through the ordinary turn services (with the browser's timing,
``practice/timing.py``); what only a call has lives here: the debtor checking a silent line
(``Conversation.silence``), whether a turn makes the debtor cut in, and the call block of the grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.core.errors import Conflict
from simulator.db import repository as repo
from simulator.db.inline import run_db
from simulator.db.models import PracticeSession, Turn, User, utcnow
from simulator.db.turn_rows import TurnRow
from simulator.engine.call import SILENT_LINE, provoked, silence_note
from simulator.engine.conversation import Conversation, Reply
from simulator.engine.history import from_stored
from simulator.grading.call_metrics import TimedTurn, call_metrics
from simulator.llm.base import ChatProvider
from simulator.practice.calls import dialing
from simulator.practice.service import (
    apply_reply,
    complete_pending,
    conversation_for,
    load_session,
    new_reply_turn,
)
from simulator.practice.turns import LLMOptions, metrics_of
from simulator.practice.voice import Plan, voice_text

ENDED = "session: this call has ended; start a new session"
# Who answers for the borrower, by the relation the scenario names (for the voice only).
_MALE = ("丈夫", "老公", "父", "爸", "儿子", "哥", "弟", "爷", "叔", "舅", "伯", "女婿", "公公")
_FEMALE = ("妻", "老婆", "母", "妈", "女儿", "姐", "妹", "婆", "奶", "姑", "姨", "嫂", "媳")


@dataclass(frozen=True)
class SilenceResult:
    turn: TurnRow
    practice: PracticeSession
    events: tuple[str, ...]


def _categories(turn: Turn | TurnRow) -> list[str]:
    return [v.get("category", "") for v in (turn.analysis or {}).get("violations", [])]


def interrupts(turn: Turn | TurnRow) -> bool:
    """Does this collector turn make the debtor cut in (a threat, an insult, ...)?"""
    return turn.speaker == "collector" and provoked(_categories(turn))


@dataclass(frozen=True)
class PendingSilence:
    """The engine has decided what the debtor says into the silence (not yet stored)."""

    practice: PracticeSession
    convo: Conversation
    reply: Reply
    index: int
    waited_ms: int
    call_ms: int | None
    history: list[tuple]  # (speaker, text, analysis) so far, when a model will voice the line


def prepare_silence(db: Session, catalog: Catalog, user: User, session_id: str, *, waited_ms: int,
                    call_ms: int | None = None, with_history: bool = False) -> PendingSilence:
    practice = load_session(db, user, session_id, write=True)
    if practice.mode != "call":
        raise Conflict("mode: silence prompts belong to call-mode sessions", field="session_id")
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    if not dialing.answered(practice):
        raise Conflict("session: nobody has picked up; there is no line to be silent on", field="session_id")
    complete_pending(db, catalog, practice)
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    convo = conversation_for(db, catalog, practice)
    history = list(repo.transcript_rows(session=db, session_id=practice.id)) if with_history else []
    return PendingSilence(practice=practice, convo=convo, reply=convo.silence(), history=history,
                          index=repo.next_turn_index(session=db, session_id=practice.id), waited_ms=waited_ms,
                          call_ms=call_ms)


def finish_silence(db: Session, pending: PendingSilence, *, metrics: dict[str, Any] | None = None) -> SilenceResult:
    """Store the line (``metrics``: the model's text and the LLM columns, when a model voiced it)."""
    practice, reply = pending.practice, pending.reply
    turn = new_reply_turn(practice, pending.index, reply)
    turn.response_latency_ms, turn.call_ms = pending.waited_ms, pending.call_ms
    for key, value in (metrics or {}).items():
        setattr(turn, key, value)
    try:
        repo.insert_turn(session=db, row=turn)
        apply_reply(db, practice, pending.convo, reply)
        db.commit()
    except IntegrityError as exc:  # the trainee spoke at the same moment: their turn wins
        db.rollback()
        raise Conflict("session: the trainee spoke meanwhile; no silence prompt needed") from exc
    return SilenceResult(turn=turn, practice=practice, events=reply.events)


def silence(
    db: Session, catalog: Catalog, user: User, session_id: str, *, waited_ms: int, call_ms: int | None = None
) -> SilenceResult:
    """The line has been quiet ``waited_ms``: store and return the debtor's "喂?还在吗?" (or hang-up)."""
    return finish_silence(db, prepare_silence(db, catalog, user, session_id, waited_ms=waited_ms, call_ms=call_ms))


async def voiced_silence(
    db: Session, catalog: Catalog, user: User, session_id: str, *, waited_ms: int, call_ms: int | None = None,
    provider: ChatProvider | None = None, options: LLMOptions | None = None,
) -> SilenceResult:
    """``silence``, with the line voiced by the chat model when one is configured: the same prompt as any
    reply plus the director's "silent for N seconds" note, the same guard, the offline line as fallback."""
    if provider is None:
        return await run_db(db, silence, db, catalog, user, session_id, waited_ms=waited_ms, call_ms=call_ms)
    options = options or LLMOptions()
    pending = await run_db(db, prepare_silence, db, catalog, user, session_id, waited_ms=waited_ms, call_ms=call_ms,
                           with_history=True)
    plan = Plan(convo=pending.convo, reply=pending.reply, budget=options.history_budget, message=SILENT_LINE,
                context_lines=[from_stored(speaker, text, analysis) for speaker, text, analysis in pending.history],
                pause_note=silence_note(waited_ms))
    voiced = await voice_text(provider, plan, temperature=options.temperature)
    return await run_db(db, finish_silence, db, pending, metrics=metrics_of(voiced))


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
    if not attempts:
        return metrics
    return {**metrics, "attempts": attempts, "notes": [*metrics.get("notes", []), *dialing.coaching(attempts)]}


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
