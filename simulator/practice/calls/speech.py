"""Server-side speech for the call page (issue 7): transcribe the trainee, voice the debtor.

Only when configured (``llm/speech.py``); otherwise a clear 501, and the page keeps to the browser's
speech or the text fallback. Failures of the speech server are a 503 the page shows as a note: the
call itself goes on (the trainee can always type).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from simulator.core.errors import InvalidInput, NotConfigured, Unavailable
from simulator.llm.base import ProviderError
from simulator.llm.speech import ServerSpeech

log = logging.getLogger(__name__)

NOT_CONFIGURED = ("speech: server-side speech is not configured on this installation "
                  "(set SIM_SPEECH_STT_MODEL / SIM_SPEECH_TTS_MODEL with SIM_LLM_BASE_URL or SIM_LLM_API_KEY)")
# How fast the debtor talks by mood: a hostile debtor speeds up (the browser also raises the pitch).
MOOD_SPEED = {"calm": 1.0, "tense": 1.08, "hostile": 1.18}
AUDIO_TYPES = ("audio/", "video/webm", "application/octet-stream")


def capabilities(speech: ServerSpeech | None) -> dict[str, Any]:
    return {"transcribe": bool(speech and speech.can_transcribe), "speak": bool(speech and speech.can_speak)}


async def transcribe(speech: ServerSpeech | None, audio: bytes, mime: str) -> str:
    if speech is None or not speech.can_transcribe:
        raise NotConfigured(NOT_CONFIGURED)
    mime = (mime or "").split(";")[0].strip().lower() or "application/octet-stream"
    if not mime.startswith(AUDIO_TYPES):
        raise InvalidInput(f"audio: expected an audio body (Content-Type audio/...), got {mime!r}", field="audio")
    if not audio:
        raise InvalidInput("audio: the recording is empty", field="audio")
    if len(audio) > speech.max_audio_bytes:
        raise InvalidInput(f"audio: the recording is larger than {speech.max_audio_bytes // (1024 * 1024)} MB",
                           field="audio")
    try:
        return await speech.provider.transcribe(audio, mime)
    except ProviderError as exc:
        log.warning("speech: transcription failed (%s)", exc.reason)
        raise Unavailable(f"speech: the speech server could not transcribe ({exc.reason}); type instead") from exc


async def speak(speech: ServerSpeech | None, text: str, *, gender: str = "any", mood: str = "calm") -> bytes:
    if speech is None or not speech.can_speak:
        raise NotConfigured(NOT_CONFIGURED)
    voice = speech.voices.get(gender) or speech.voices.get("any") or "alloy"
    try:
        return await speech.provider.speak(text.strip(), voice, speed=MOOD_SPEED.get(mood, 1.0))
    except ProviderError as exc:
        log.warning("speech: synthesis failed (%s)", exc.reason)
        raise Unavailable(f"speech: the speech server could not speak ({exc.reason})") from exc


async def read_audio(speech: ServerSpeech | None, chunks: AsyncIterator[bytes]) -> bytes:
    """Read an uploaded recording, refusing it once it passes the size limit (before it is all in memory)."""
    if speech is None or not speech.can_transcribe:
        raise NotConfigured(NOT_CONFIGURED)
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > speech.max_audio_bytes:
            raise InvalidInput(f"audio: the recording is larger than {speech.max_audio_bytes // (1024 * 1024)} MB",
                               field="audio")
    return bytes(data)


def audio_mime(speech: ServerSpeech | None) -> str:
    return speech.mime if speech is not None else "application/octet-stream"
