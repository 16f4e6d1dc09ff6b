from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from simulator.db.models import PracticeSessionPublic, TurnPublic
from simulator.deps import CatalogDep, CurrentUser, ProviderDep, SessionDep, SettingsDep
from simulator.practice import branching, debrief, hinting, turns
from simulator.practice import service as practice
from simulator.practice.calls import service as calls
from simulator.practice.feedback import feedback
from simulator.practice.schemas import (
    BranchRequest,
    HintOut,
    HintsSetting,
    SendTurn,
    SessionDetail,
    SessionStarted,
    StartSession,
    TurnReply,
)
from simulator.practice.service import TurnResult
from simulator.practice.voice import Reset, Token
from simulator.web.i18n import hint_view, lang_of

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


@router.post("", response_model=SessionStarted, status_code=201)
async def start(body: StartSession, db: SessionDep, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser,
                provider: ProviderDep) -> SessionStarted:
    session, opening = await turns.start_session(db, catalog, user, body.scenario_id, seed=settings.engine_seed,
                                                 provider=provider.name if provider else "offline", mode=body.mode,
                                                 hints=body.hints)
    return SessionStarted(**session.model_dump(), opening=opening.text, opening_speaker=opening.speaker)


@router.get("", response_model=list[PracticeSessionPublic])
def list_mine(db: SessionDep, user: CurrentUser) -> list[PracticeSessionPublic]:
    return [PracticeSessionPublic.model_validate(s) for s, _ in practice.list_sessions(db, user)]


def _reply(result: TurnResult, clock: str | None = None, *, request: Request | None = None,
           catalog: Any = None) -> TurnReply:
    t = result.reply_turn
    hint = None
    if t.hint:  # only then is the reader's language needed (the turn path stays as measured otherwise)
        card = catalog.personas.get(result.practice.persona_id) if catalog is not None else None
        lang = lang_of(request) if request is not None else "zh"
        hint = HintOut(**{k: v for k, v in hint_view(t.hint, lang, card.seed if card else None).items()
                          if k in HintOut.model_fields})
    return TurnReply(
        hint=hint,
        clock=clock,
        turn=t.index,
        debtor=t.text,
        speaker=t.speaker,
        state=t.state or {},
        outcome=result.practice.outcome,
        ended=result.practice.status == "ended",
        fallback=bool(t.fallback),
        interrupt=calls.interrupts(result.collector_turn),
    )


@router.post("/{session_id}/turns", response_model=TurnReply)
async def send(session_id: str, body: SendTurn, request: Request, db: SessionDep, catalog: CatalogDep,
               settings: SettingsDep, user: CurrentUser, provider: ProviderDep) -> TurnReply:
    done = await turns.send_turn(db, catalog, user, session_id, body.text, max_chars=settings.max_message_chars,
                                 provider=provider, options=turns.options_from(settings), timing=body.timing())
    return _reply(done.result, done.clock, request=request, catalog=catalog)


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("/{session_id}/turns/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}}})
async def send_streaming(session_id: str, body: SendTurn, request: Request, db: SessionDep, catalog: CatalogDep,
                         settings: SettingsDep, user: CurrentUser, provider: ProviderDep) -> StreamingResponse:
    """Server-sent events: ``collector`` (stored), ``token`` chunks of the reply (``reset`` if a streamed
    reply is withdrawn), then ``done``. Bad input fails before the stream starts, as a JSON 4xx."""
    events = turns.turn_events(db, catalog, user, session_id, body.text, max_chars=settings.max_message_chars,
                               provider=provider, options=turns.options_from(settings),
                               pace=settings.stream_delay_ms / 1000, timing=body.timing())
    first = await anext(events)
    assert isinstance(first, turns.CollectorStored)

    async def stream() -> AsyncIterator[str]:
        yield _sse("collector", {"turn": first.turn.index, "text": first.turn.text,
                                 "interrupt": calls.interrupts(first.turn)})
        async for event in events:
            if isinstance(event, Token):
                yield _sse("token", {"text": event.text, "speaker": first.speaker})
            elif isinstance(event, Reset):
                yield _sse("reset", {"speaker": first.speaker})
            elif isinstance(event, turns.Done):
                yield _sse("done", _reply(event.result, event.clock, request=request, catalog=catalog).model_dump())

    # X-Accel-Buffering: nginx passes each event on at once even where proxy_buffering is left on
    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _provider(request: Request):
    return getattr(request.app.state, "provider", None)


@router.post("/{session_id}/hints")
def hints(session_id: str, body: HintsSetting, db: SessionDep, user: CurrentUser) -> dict[str, bool]:
    """Opt in to sparse hints for the rest of a running call, or out again (the session's owner only)."""
    session = hinting.set_hints(db, practice.load_session(db, user, session_id, write=True), body.on)
    return {"hints": session.hints}


@router.post("/{session_id}/branch", response_model=SessionStarted, status_code=201)
def branch(session_id: str, body: BranchRequest, db: SessionDep, catalog: CatalogDep,
           user: CurrentUser) -> SessionStarted:
    """Rewind an ended call to just before one of your lines and continue from there (a branch, issue 21)."""
    session = branching.branch_session(db, catalog, user, session_id, body.turn)
    last = practice.get_session(db, catalog, user, session.id)[1][-1]
    return SessionStarted(**session.model_dump(), opening=last.text, opening_speaker=last.speaker)


@router.post("/{session_id}/leave")
def leave(session_id: str, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Leave a running call at once, without penalty: it ends with no grade and counts for nothing."""
    session = debrief.leave_session(db, user, session_id)
    return {"id": session.id, "status": session.status, "left": True, "graded": False, "session": session.summary}


@router.post("/{session_id}/end")
async def end(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> dict[str, Any]:
    """End the call; returns the grade object (design §6) plus the session summary."""
    return await debrief.end_session(db, catalog, user, session_id, provider=_provider(request))


@router.post("/{session_id}/grade")
async def regrade(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, user: CurrentUser,
            rubric: str = "default") -> dict[str, Any]:
    """Trainer/admin: re-compute the grade (a new grade is stored; earlier ones are kept)."""
    return await debrief.regrade(db, catalog, user, session_id, provider=_provider(request), rubric_id=rubric)


@router.get("/{session_id}", response_model=SessionDetail)
def detail(session_id: str, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> SessionDetail:
    session, turns = practice.get_session(db, catalog, user, session_id)
    return SessionDetail(
        **session.model_dump(exclude={"summary"}),
        transcript=[TurnPublic.model_validate(t) for t in turns],
        summary=session.summary,
        grade=debrief.current_grade(db, session),
        **feedback(db, session).model_dump(),
    )
