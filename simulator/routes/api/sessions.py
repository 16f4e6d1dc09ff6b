from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from simulator.deps import CatalogDep, CurrentUser, SessionDep, SettingsDep
from simulator.persistence.models import PracticeSessionPublic, TurnPublic
from simulator.schemas import SendTurn, SessionDetail, SessionStarted, StartSession, TurnReply
from simulator.services import debrief, practice
from simulator.services.practice import TurnResult

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


@router.post("", response_model=SessionStarted, status_code=201)
def start(body: StartSession, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser) -> SessionStarted:
    session, opening = practice.start_session(db, catalog, user, body.scenario_id, seed=settings.engine_seed)
    return SessionStarted(**session.model_dump(), opening=opening.text, opening_speaker=opening.speaker)


@router.get("", response_model=list[PracticeSessionPublic])
def list_mine(db: SessionDep, user: CurrentUser) -> list[PracticeSessionPublic]:
    return [PracticeSessionPublic.model_validate(s) for s, _ in practice.list_sessions(db, user)]


def _reply(result: TurnResult) -> TurnReply:
    t = result.reply_turn
    return TurnReply(
        turn=t.index,
        debtor=t.text,
        speaker=t.speaker,
        state=t.state or {},
        outcome=result.practice.outcome,
        ended=result.practice.status == "ended",
    )


@router.post("/{session_id}/turns", response_model=TurnReply)
def send(session_id: str, body: SendTurn, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser) -> TurnReply:
    result = practice.send_turn(db, catalog, user, session_id, body.text, max_chars=settings.max_message_chars)
    return _reply(result)


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("/{session_id}/turns/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}}})
def send_streaming(session_id: str, body: SendTurn, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser) -> StreamingResponse:
    """Server-sent events: ``collector`` (stored), ``token`` chunks of the reply, then ``done``."""
    result = practice.send_turn(db, catalog, user, session_id, body.text, max_chars=settings.max_message_chars)
    reply = _reply(result)
    delay = settings.stream_delay_ms / 1000

    async def events() -> AsyncIterator[str]:
        yield _sse("collector", {"turn": result.collector_turn.index, "text": result.collector_turn.text})
        text = reply.debtor
        for i in range(0, len(text), 2):
            yield _sse("token", {"text": text[i : i + 2], "speaker": reply.speaker})
            if delay:
                await asyncio.sleep(delay)
        yield _sse("done", reply.model_dump())

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _provider(request: Request):
    return getattr(request.app.state, "provider", None)


@router.post("/{session_id}/end")
def end(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> dict[str, Any]:
    """End the call; returns the grade object (design §6) plus the session summary."""
    return debrief.end_session(db, catalog, user, session_id, provider=_provider(request))


@router.post("/{session_id}/grade")
def regrade(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, user: CurrentUser,
            rubric: str = "default") -> dict[str, Any]:
    """Trainer/admin: re-compute the grade (a new grade is stored; earlier ones are kept)."""
    return debrief.regrade(db, catalog, user, session_id, provider=_provider(request), rubric_id=rubric)


@router.get("/{session_id}", response_model=SessionDetail)
def detail(session_id: str, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> SessionDetail:
    session, turns = practice.get_session(db, catalog, user, session_id)
    return SessionDetail(
        **session.model_dump(exclude={"summary"}),
        transcript=[TurnPublic.model_validate(t) for t in turns],
        summary=session.summary,
        grade=debrief.current_grade(db, session),
    )
