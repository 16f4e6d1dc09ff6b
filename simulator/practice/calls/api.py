"""Call mode (issue 7): the debtor checks a silent line; server-side speech when configured."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from simulator.deps import CatalogDep, CurrentUser, ProviderDep, SessionDep, SettingsDep, SpeechDep
from simulator.practice.calls import dialing
from simulator.practice.calls import service as calls
from simulator.practice.calls import speech as speech_service
from simulator.practice.calls.schemas import DialReply, DialRequest, SmsReply, SmsRequest
from simulator.practice.schemas import SilenceReport, SpeakRequest, TurnReply
from simulator.practice.turns import options_from

router = APIRouter(tags=["calls"])


AUDIO_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "audio/webm": {"schema": {"type": "string", "format": "binary"}},
    "audio/ogg": {"schema": {"type": "string", "format": "binary"}},
    "audio/wav": {"schema": {"type": "string", "format": "binary"}},
}}}


@router.post("/api/sessions/{session_id}/silence", response_model=TurnReply)
async def report_silence(session_id: str, body: SilenceReport, db: SessionDep, catalog: CatalogDep,
                         user: CurrentUser, provider: ProviderDep, settings: SettingsDep) -> TurnReply:
    """The trainee has been quiet ``waited_ms``: the debtor's "喂?还在吗?" (voiced by the chat model when
    one is configured) is stored as a debtor turn and returned; the third silence in a row (or anger
    past the threshold) ends the call (``ended``)."""
    result = await calls.voiced_silence(db, catalog, user, session_id, waited_ms=body.waited_ms,
                                        call_ms=body.call_ms, provider=provider, options=options_from(settings))
    t = result.turn
    return TurnReply(turn=t.index, debtor=t.text, speaker=t.speaker, state=t.state or {},
                     outcome=result.practice.outcome, ended=result.practice.status == "ended",
                     events=list(result.events), fallback=bool(t.fallback))


@router.post("/api/sessions/{session_id}/dial", response_model=DialReply)
def dial(session_id: str, body: DialRequest, db: SessionDep, catalog: CatalogDep, user: CurrentUser) -> DialReply:
    """Place a call attempt: the scenario's answer plan decides whether anyone picks up. Answered →
    the opening line; not answered → the carrier's prompt, and the trainee may leave a text message
    or call back later (``day``/``at``). Calling again once answered returns the same answer."""
    result = dialing.dial(db, catalog, user, session_id, day=body.day, at=body.at)
    opening = result.opening
    return DialReply(attempt=result.attempt, answered=result.answered,  # type: ignore[arg-type]
                     carrier=None if result.answered else dialing.CARRIER_NO_ANSWER,
                     opening=opening.text if opening else None, speaker=opening.speaker if opening else None,
                     turn=opening.index if opening else None)


@router.post("/api/sessions/{session_id}/sms", response_model=SmsReply, status_code=201)
def send_sms(session_id: str, body: SmsRequest, db: SessionDep, catalog: CatalogDep, user: CurrentUser,
             settings: SettingsDep) -> SmsReply:
    """Leave a text message after a call nobody answered (graded like any line; nobody replies)."""
    turn = dialing.send_sms(db, catalog, user, session_id, body.text, max_chars=settings.max_message_chars)
    return SmsReply(turn=turn.index, text=turn.text)


@router.get("/api/speech")
def speech_capabilities(speech: SpeechDep, user: CurrentUser) -> dict[str, Any]:
    """Which directions the server can do: ``{"transcribe": bool, "speak": bool}``."""
    return speech_service.capabilities(speech)


@router.post("/api/speech/transcribe", openapi_extra=AUDIO_BODY)
async def transcribe(request: Request, speech: SpeechDep, user: CurrentUser) -> dict[str, str]:
    """The raw recording is the body (``Content-Type: audio/webm`` …) → ``{"text": …}``; 501 when no
    server speech is configured."""
    audio = await speech_service.read_audio(speech, request.stream())
    text = await speech_service.transcribe(speech, audio, request.headers.get("content-type", ""))
    return {"text": text}


@router.post("/api/speech/speak", response_class=Response,
             responses={200: {"content": {"audio/mpeg": {}}}, 501: {"description": "no server speech"}})
async def speak(body: SpeakRequest, speech: SpeechDep, user: CurrentUser) -> Response:
    """The debtor's line as audio, in the voice for ``gender`` at the pace of ``mood``."""
    audio = await speech_service.speak(speech, body.text, gender=body.gender, mood=body.mood)
    return Response(content=audio, media_type=speech_service.audio_mime(speech),
                    headers={"Cache-Control": "no-store"})
