"""Use cases of the practice loop: start a session, send a turn, end it, read it back.

The trainee's turn is committed before the debtor's reply is generated (nothing is lost if the
engine, a model or the process fails), and a session resumes from the engine memory stored with it.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.accounts import cohorts
from simulator.accounts.assignments import scenario_visible
from simulator.analysis import analyze
from simulator.analysis.result import Analysis
from simulator.catalog.loader import Catalog
from simulator.catalog.versions import live_version
from simulator.core.errors import Conflict, InvalidInput, NotFound, Unavailable
from simulator.db import repository as repo
from simulator.db.live_catalog import session_catalog, session_third_party
from simulator.db.models import Grade, PracticeSession, Turn, User, utcnow
from simulator.db.turn_rows import TurnRow
from simulator.engine.conversation import Conversation, Reply
from simulator.engine.memory import Memory
from simulator.practice.hinting import hint_for_reply
from simulator.practice.timing import TurnTiming, reply_call_ms

MODES = ("chat", "call")
EXAM_GRACE = timedelta(seconds=15)  # a line sent as an exam's clock runs out still counts  # call: the phone-call page (issue 7)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnResult:
    collector_turn: TurnRow
    reply_turn: TurnRow | Turn  # a Turn when another request had answered it meanwhile (finish_turn)
    practice: PracticeSession


# NUL and other C0 controls (tab, line feed and carriage return are fine in a typed line), DEL.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_message(text: Any, *, max_chars: int) -> str:
    if not isinstance(text, str):
        raise InvalidInput("text: must be a string", field="text")
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("text: message is empty", field="text")
    if CONTROL_CHARS.search(cleaned):
        raise InvalidInput("text: control characters (such as NUL) are not allowed in a message", field="text")
    if len(cleaned) > max_chars:
        raise InvalidInput(f"text: message is longer than {max_chars} characters", field="text")
    return cleaned


def conversation_for(db: Session, catalog: Catalog, practice: PracticeSession) -> Conversation:
    card, scenario = session_catalog(db, catalog, practice)  # the versions the session started with
    tp_card = session_third_party(db, catalog, practice, scenario)
    memory = Memory.from_dict(practice.engine_memory) if practice.engine_memory else None
    return Conversation(scenario, card, seed=practice.seed, third_party_card=tp_card, memory=memory)


def new_reply_turn(practice: PracticeSession, index: int, reply: Reply) -> TurnRow:
    return TurnRow(
        session_id=practice.id,
        index=index,
        speaker=reply.speaker,
        text=reply.text,
        intent=reply.intent,
        state=reply.state_dict(),
        outcome=reply.outcome,
    )


def apply_reply(db: Session, practice: PracticeSession, convo: Conversation, reply: Reply) -> None:
    """The session row takes the engine's memory and the reply's state (one UPDATE, in ``db``'s transaction)."""
    now = utcnow()
    values: dict[str, Any] = {"engine_memory": convo.snapshot(), "state": reply.state_dict(), "outcome": reply.outcome,
                              "updated_at": now}
    if reply.ended and practice.status == "active":
        values |= {"status": "ended", "ended_at": now}
    repo.update_practice(session=db, practice=practice, values=values)


def start_session(
    db: Session, catalog: Catalog, user: User, scenario_id: str, *, seed: int | None = None, provider: str = "offline",
    mode: str = "chat", hints: bool = False, case_run_id: str | None = None, case_call: dict[str, Any] | None = None,
    exam_id: int | None = None, deadline: datetime | None = None,
) -> tuple[PracticeSession, TurnRow]:
    """A new call of ``scenario_id`` (as one call of a case: the run and the scenario fields the call replaces;
    as an exam attempt: the exam and when its time is up)."""
    if mode not in MODES:
        raise InvalidInput(f"mode: must be one of {', '.join(MODES)}", field="mode")
    scenario = catalog.scenario(scenario_id)
    if scenario is None or not scenario_visible(db, user, scenario_id):
        raise NotFound(f"scenario_id: unknown scenario {scenario_id!r}", field="scenario_id")
    if mode == "chat" and scenario.call_only():
        raise InvalidInput("mode: nobody answers this scenario's first call; practise it in call mode", field="mode")
    card = catalog.personas[scenario.persona]
    practice = PracticeSession(
        persona_version=live_version(catalog, "persona", card.id),
        scenario_version=live_version(catalog, "scenario", scenario.id),
        third_party_version=live_version(catalog, "third_party", scenario.third_party.card) if scenario.third_party
        else None,
        user_id=user.id,
        scenario_id=scenario.id,
        persona_id=card.id,
        archetype=card.archetype,
        stage=(case_call or {}).get("stage", scenario.stage),
        difficulty=(case_call or {}).get("difficulty", scenario.difficulty),
        seed=seed if seed is not None else secrets.randbelow(2**31),
        provider=provider,
        mode=mode,
        hints=hints,
        case_run_id=case_run_id,
        case_call=case_call,
        exam_id=exam_id,
        deadline=deadline,
    )
    repo.add_practice_session(session=db, practice=practice)
    convo = conversation_for(db, catalog, practice)
    opening = convo.open()
    turn = repo.insert_turn(session=db, row=new_reply_turn(practice, 0, opening))
    apply_reply(db, practice, convo, opening)
    db.commit()
    return practice, turn


def next_seed(previous: int) -> int:
    """A retry's seed when the engine seed is fixed (tests, demos): new, yet still reproducible."""
    return (previous * 48271 + 1) % (2**31 - 1)


def retry_session(db: Session, catalog: Catalog, user: User, session_id: str, *, fixed_seed: bool,
                  provider: str = "offline") -> PracticeSession:
    """「再练一次」 (issue 20): the same scenario, in the same mode, with a new seed, for its owner only."""
    previous = load_session(db, user, session_id, write=True)
    if previous.exam_id is not None:
        raise Conflict("session: an exam call is not retried; another attempt needs a grant", field="session_id")
    if previous.case_run_id:
        raise Conflict("session: a call of a case is not retried on its own; start the case again from its page",
                       field="session_id")
    seed = next_seed(previous.seed) if fixed_seed else None
    practice, _ = start_session(db, catalog, user, previous.scenario_id, seed=seed, provider=provider,
                                mode=previous.mode, hints=previous.hints)
    return practice


def load_session(db: Session, user: User, session_id: str, *, write: bool = False) -> PracticeSession:
    practice = repo.get_practice_session(session=db, session_id=session_id)
    # Another trainee's session is reported as missing, not forbidden: ids are not confirmed.
    if practice is None or (practice.user_id != user.id and (write or not may_read(db, user, practice.user_id))):
        raise NotFound(f"session_id: unknown session {session_id!r}", field="session_id")
    return practice


def may_read(db: Session, reader: User, owner_id: int) -> bool:
    """Admins read every session; trainers only those of trainees in the cohorts they coach."""
    if reader.role == "admin":
        return True
    if reader.role != "trainer":
        return False
    return any(owner_id in cohorts.trainee_ids(db, cid) for cid in (cohorts.visible_ids(db, reader) or []))


def complete_pending(db: Session, catalog: Catalog, practice: PracticeSession) -> int:
    """If an earlier request stored the trainee's turn but died before the reply, answer it now.
    Returns the index the next turn takes (the turn path needs it, and this already read the last one)."""
    last = repo.last_turn(session=db, session_id=practice.id)
    next_index = 0 if last is None else last.index + 1
    if last is None or last.speaker != "collector" or last.input_mode == "sms" or practice.status != "active":
        return next_index  # (a text message left when nobody answered the phone gets no reply: practice/calls/dialing.py)
    convo = conversation_for(db, catalog, practice)
    reply = convo.respond(last.text)
    turn = new_reply_turn(practice, last.index + 1, reply)
    if practice.provider != "offline":  # a model was meant to answer: the transcript says it did not
        turn.fallback, turn.fallback_reason = True, "interrupted"
    repo.insert_turn(session=db, row=turn)
    apply_reply(db, practice, convo, reply)
    db.commit()
    return next_index + 1


@dataclass(frozen=True)
class PendingTurn:
    """The trainee's turn is stored and committed; the engine has decided the reply (not yet stored).

    Between ``prepare_turn`` and ``finish_turn`` a model may voice the reply: nothing is held open
    but this object, so a slow or failed model never costs the trainee's message.
    """

    practice: PracticeSession
    collector_turn: TurnRow
    convo: Conversation
    reply: Reply
    history: list[tuple]  # (speaker, text, analysis) before the trainee's turn (only when asked for)


@dataclass(frozen=True)
class StoredTurn:
    """The trainee's turn is committed; the engine has not answered yet."""

    practice: PracticeSession
    collector_turn: TurnRow
    analysis: Analysis
    history: list[tuple]


def store_turn(
    db: Session, catalog: Catalog, user: User, session_id: str, text: Any, *, max_chars: int, with_history: bool = False,
    timing: TurnTiming | None = None,
) -> StoredTurn:
    """Check and commit the trainee's words (house rule 2), read by the offline analyzer."""
    cleaned = check_message(text, max_chars=max_chars)
    practice = load_session(db, user, session_id, write=True)
    if practice.status != "active":
        raise Conflict("session: this call has ended; start a new session", field="session_id")
    if practice.deadline is not None and utcnow() > past_due(practice.deadline):
        raise Conflict("session: the exam's time is up; reload to see the result", field="session_id")
    index = complete_pending(db, catalog, practice)
    if practice.status != "active":
        raise Conflict("session: this call has ended; start a new session", field="session_id")
    # Read in context: empathy that mirrors what the debtor just said is told from a stock phrase.
    analysis = analyze(cleaned, heard=heard_by(practice))
    history = list(repo.transcript_rows(session=db, session_id=practice.id)) if with_history else []
    collector = TurnRow(
        session_id=practice.id, index=index, speaker="collector", text=cleaned, analysis=analysis.to_dict(),
        **(timing or TurnTiming()).columns(),
    )
    try:
        repo.insert_turn(session=db, row=collector)
        repo.touch(session=db, practice=practice)
        db.commit()  # the trainee's words are safe before the debtor is asked
    except IntegrityError as exc:
        db.rollback()
        raise Conflict("session: another message was sent at the same time; reload the session") from exc
    return StoredTurn(practice=practice, collector_turn=collector, analysis=analysis, history=history)


def past_due(deadline: datetime) -> datetime:
    """When an exam call's time is up for good: its deadline (UTC; SQLite hands it back naive) plus the grace."""
    return (deadline if deadline.tzinfo else deadline.replace(tzinfo=UTC)) + EXAM_GRACE


def heard_by(practice: PracticeSession) -> str:
    """The debtor's last line, which the collector's turn answers."""
    return str((practice.engine_memory or {}).get("heard", ""))


def decide_turn(db: Session, catalog: Catalog, stored: StoredTurn, analysis: Analysis | None = None,
                model_record: dict[str, Any] | None = None) -> PendingTurn:
    """The engine decides the reply to a stored turn. ``analysis`` replaces the offline reading (a
    model's reading merged in, ``model_record`` kept with the turn for the trainer)."""
    practice, collector = stored.practice, stored.collector_turn
    if model_record is not None:
        collector.analysis = {**(analysis or stored.analysis).to_dict(), "model": model_record}
        repo.set_turn_analysis(session=db, turn_id=collector.id, analysis=collector.analysis)
        db.commit()
    try:
        convo = conversation_for(db, catalog, practice)
        reply = convo.respond(collector.text, analysis or stored.analysis)
    except Exception as exc:  # the engine failed; the trainee's turn is stored and answered on retry
        log.exception("reply generation failed for session %s", practice.id)
        raise Unavailable("debtor: the reply could not be generated; your message is saved, reload to continue") from exc
    return PendingTurn(practice=practice, collector_turn=collector, convo=convo, reply=reply, history=stored.history)


def prepare_turn(
    db: Session, catalog: Catalog, user: User, session_id: str, text: Any, *, max_chars: int, with_history: bool = False,
    timing: TurnTiming | None = None,
) -> PendingTurn:
    stored = store_turn(db, catalog, user, session_id, text, max_chars=max_chars, with_history=with_history,
                        timing=timing)
    return decide_turn(db, catalog, stored)


def finish_turn(db: Session, pending: PendingTurn, *, metrics: dict[str, Any] | None = None) -> TurnResult:
    """Store the reply (``metrics`` override the text and add the LLM columns of the Turn)."""
    practice, convo, reply = pending.practice, pending.convo, pending.reply
    turn = new_reply_turn(practice, pending.collector_turn.index + 1, reply)
    if practice.hints and not reply.ended:  # opted in (issue 21): the turn path is unchanged otherwise
        turn.hint = hint_for_reply(db, practice, convo, reply, turn.index)
    turn.call_ms = reply_call_ms(pending.collector_turn.call_ms, pending.collector_turn.duration_ms)
    for key, value in (metrics or {}).items():
        setattr(turn, key, value)
    try:
        reply_turn: TurnRow | Turn = repo.insert_turn(session=db, row=turn)
        apply_reply(db, practice, convo, reply)
        db.commit()
    except IntegrityError:
        # While the model spoke, another request (a reload, a second tab) answered this turn offline:
        # that answer stands, and this one is dropped rather than failing the trainee.
        db.rollback()
        log.info("turn %s of session %s was answered meanwhile", turn.index, practice.id)
        stored = [t for t in repo.list_turns(session=db, session_id=practice.id) if t.index == turn.index]
        fresh = repo.get_practice_session(session=db, session_id=practice.id)
        if not stored or fresh is None:
            raise
        return TurnResult(collector_turn=pending.collector_turn, reply_turn=stored[0], practice=fresh)
    return TurnResult(collector_turn=pending.collector_turn, reply_turn=reply_turn, practice=practice)


def send_turn(db: Session, catalog: Catalog, user: User, session_id: str, text: Any, *, max_chars: int,
              timing: TurnTiming | None = None) -> TurnResult:
    """The offline engine answers: one thread hop, no model."""
    return finish_turn(db, prepare_turn(db, catalog, user, session_id, text, max_chars=max_chars, timing=timing))


def get_session(db: Session, catalog: Catalog, user: User, session_id: str) -> tuple[PracticeSession, list[Turn]]:
    practice = load_session(db, user, session_id)
    if practice.user_id == user.id:
        complete_pending(db, catalog, practice)
    return practice, list(repo.list_turns(session=db, session_id=practice.id))


def session_grades(db: Session, sessions: list[PracticeSession]) -> dict[str, Grade]:
    """The current grade of each session that has one (the score column of 我的练习, issue 20)."""
    return dict(repo.current_grades(session=db, session_ids=[s.id for s in sessions]))


def list_sessions(db: Session, user: User) -> list[tuple[PracticeSession, int]]:
    sessions = repo.list_practice_sessions(session=db, user_id=user.id)
    counts = repo.turn_counts(session=db, session_ids=[s.id for s in sessions], speaker="collector")
    return [(s, counts.get(s.id, 0)) for s in sessions]


