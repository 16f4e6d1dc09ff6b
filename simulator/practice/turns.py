"""Send a turn and hear the reply as it is spoken: the event stream both turn routes use.

``turn_events`` yields ``CollectorStored`` (the trainee's words are committed), then ``Token``s of
the reply (``Reset`` if a streamed reply is withdrawn), then ``Done`` with the stored result. The SSE
route forwards the events; the JSON route drains them (design §7 keeps both contracts).

Database work runs in a worker thread (the SQL driver blocks); the model is awaited on the event
loop. The commit of the trainee's turn happens before the model is asked (house rule 2).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from simulator.analysis import model_reading
from simulator.catalog.loader import Catalog
from simulator.config import Settings
from simulator.core import metrics
from simulator.db.inline import run_db
from simulator.db.models import PracticeSession, Turn, User
from simulator.db.turn_rows import TurnRow
from simulator.engine.history import from_stored
from simulator.llm.base import ChatProvider
from simulator.practice import collector_reading
from simulator.practice import service as practice
from simulator.practice.clock import call_clock
from simulator.practice.service import TurnResult
from simulator.practice.timing import TurnTiming
from simulator.practice.voice import Plan, Reset, Token, Voiced, offline_tokens, voice


@dataclass(frozen=True)
class CollectorStored:
    turn: Turn
    speaker: str  # who answers: "debtor" or "third_party"


@dataclass(frozen=True)
class Done:
    result: TurnResult
    clock: str | None = None  # the call's time of day after this turn (call_clock.py), for a timed scenario


TurnEvent = CollectorStored | Token | Reset | Done


@dataclass(frozen=True)
class LLMOptions:
    """How the model is asked (from Settings; a dataclass so services do not read config)."""

    history_budget: int = 1200
    temperature: float = 0.8
    reads_collector: bool = False  # the model also reads each collector turn (analysis/model_reading.py)
    reading_timeout: float = 10.0


def options_from(settings: Settings) -> LLMOptions:
    return LLMOptions(history_budget=settings.llm_history_token_budget, temperature=settings.llm_temperature,
                      reads_collector=settings.llm_reads_collector, reading_timeout=settings.llm_read_timeout)


def metrics_of(voiced: Voiced) -> dict[str, Any]:
    """The Turn columns recorded for an LLM-voiced (or LLM-attempted) reply."""
    return {
        "text": voiced.text,
        "provider": voiced.provider,
        "model": voiced.model,
        "prompt_tokens": voiced.prompt_tokens,
        "completion_tokens": voiced.completion_tokens,
        "tokens_estimated": voiced.tokens_estimated,
        "latency_ms": voiced.latency_ms,
        "ttft_ms": voiced.ttft_ms,
        "fallback": voiced.fallback,
        "fallback_reason": voiced.fallback_reason,
        "guard_reasons": ",".join(voiced.rejected)[:96] or None,
    }


async def turn_events(
    db: Session,
    catalog: Catalog,
    user: User,
    session_id: str,
    text: Any,
    *,
    max_chars: int,
    provider: ChatProvider | None = None,
    options: LLMOptions | None = None,
    pace: float = 0.0,
    timing: TurnTiming | None = None,
) -> AsyncIterator[TurnEvent]:
    """Service errors (bad input, unknown or ended session) are raised before the first event."""
    started = time.perf_counter()
    if provider is None:
        # Offline: the engine's line, sent in pieces (``pace`` seconds apart, for the typing effect).
        result = await run_db(db, practice.send_turn, db, catalog, user, session_id, text, max_chars=max_chars,
                              timing=timing)
        metrics.TURN_REPLY_SECONDS.labels("offline").observe(time.perf_counter() - started)
        yield CollectorStored(result.collector_turn, result.reply_turn.speaker)
        for token in offline_tokens(result.reply_turn.text):
            yield token
            if pace:
                await asyncio.sleep(pace)
        yield Done(result, await run_db(db, call_clock, db, catalog, result.practice))
        return
    options = options or LLMOptions()
    stored = await run_db(db, practice.store_turn, db, catalog, user, session_id, text, max_chars=max_chars,
                          with_history=True, timing=timing)  # committed before any model call
    merged, record = None, None
    if options.reads_collector:
        said, heard = await run_db(db, _said_and_heard, stored)
        await run_db(db, db.rollback)  # no transaction stays open while the model reads
        reading, why_not = await collector_reading.read(provider, said, heard, timeout=options.reading_timeout)
        metrics.LLM_READINGS.labels(why_not or "ok").inc()
        if reading is not None:
            merged, notes = model_reading.merge(stored.analysis, reading)
            record = model_reading.record(reading, notes, model_name=provider.model)
    pending = await run_db(db, practice.decide_turn, db, catalog, stored, merged, record)
    yield CollectorStored(pending.collector_turn, pending.reply.speaker)
    lines = [from_stored(speaker, text, analysis) for speaker, text, analysis in pending.history]
    plan = Plan(convo=pending.convo, reply=pending.reply, context_lines=lines,
                message=pending.collector_turn.text, budget=options.history_budget)
    voiced: Voiced | None = None
    async for event in voice(provider, plan, temperature=options.temperature):
        if isinstance(event, Voiced):
            voiced = event
        else:
            yield event
    assert voiced is not None
    result = await run_db(db, practice.finish_turn, db, pending, metrics=metrics_of(voiced))
    metrics.TURN_REPLY_SECONDS.labels("llm").observe(time.perf_counter() - started)
    metrics.observe_voiced(fallback=voiced.fallback, reason=voiced.fallback_reason, latency_ms=voiced.latency_ms,
                           ttft_ms=voiced.ttft_ms, rejected=voiced.rejected)
    yield Done(result, await run_db(db, call_clock, db, catalog, result.practice))


async def start_session(db: Session, catalog: Catalog, user: User, scenario_id: str, *, seed: int | None,
                        provider: str, mode: str, hints: bool = False) -> tuple[PracticeSession, TurnRow]:
    """Start a session (the opening line stored and committed) where the database calls run (inline.py)."""
    return await run_db(db, practice.start_session, db, catalog, user, scenario_id, seed=seed, provider=provider,
                        mode=mode, hints=hints)


def _said_and_heard(stored: practice.StoredTurn) -> tuple[str, str]:
    return stored.collector_turn.text, practice.heard_by(stored.practice)


async def send_turn(
    db: Session,
    catalog: Catalog,
    user: User,
    session_id: str,
    text: Any,
    *,
    max_chars: int,
    provider: ChatProvider | None = None,
    options: LLMOptions | None = None,
    timing: TurnTiming | None = None,
) -> Done:
    """The whole turn at once (the JSON route): drain the events, return the last (the stored result)."""
    async for event in turn_events(db, catalog, user, session_id, text, max_chars=max_chars, provider=provider,
                                   options=options, timing=timing):
        if isinstance(event, Done):
            return event
    raise RuntimeError("turn_events ended without a result")
