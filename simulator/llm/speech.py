"""Server-side speech for call mode (issue 7): an OpenAI-compatible ``/v1/audio`` endpoint.

Browsers that cannot recognise or speak Chinese (Firefox has no SpeechRecognition; some systems have
no zh-CN voice) can use the server instead, when it is configured: ``SIM_SPEECH_STT_MODEL`` and/or
``SIM_SPEECH_TTS_MODEL``, through the same endpoint and key as the LLM (``SIM_LLM_BASE_URL``,
``SIM_LLM_API_KEY``). With neither, ``build_speech`` returns None and the call page uses the browser's
speech or the text fallback. The adapter lives in ``openai_provider.py`` (the only module that imports
``openai``) and is imported lazily, as the chat adapter is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from simulator.config import Settings

log = logging.getLogger(__name__)


@runtime_checkable
class SpeechProvider(Protocol):
    """Speech to text and text to speech; failures raise ``ProviderError`` with a short reason."""

    name: str
    stt_model: str | None
    tts_model: str | None

    async def transcribe(self, audio: bytes, mime: str) -> str: ...

    async def speak(self, text: str, voice: str, *, speed: float = 1.0) -> bytes: ...


@dataclass
class ServerSpeech:
    """The configured provider and how the call page's voices map onto the server's voices."""

    provider: SpeechProvider
    voices: dict[str, str] = field(default_factory=dict)  # male | female | any -> server voice name
    audio_format: str = "mp3"
    max_audio_bytes: int = 10 * 1024 * 1024

    @property
    def can_transcribe(self) -> bool:
        return bool(self.provider.stt_model)

    @property
    def can_speak(self) -> bool:
        return bool(self.provider.tts_model)

    @property
    def mime(self) -> str:
        return AUDIO_MIME.get(self.audio_format, "application/octet-stream")


AUDIO_MIME = {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac", "wav": "audio/wav"}


def speech_configured(settings: Settings) -> bool:
    """A model for at least one direction, plus somewhere to send it (as for the chat model)."""
    has_endpoint = bool(settings.llm_base_url or settings.llm_api_key)
    return has_endpoint and bool(settings.speech_stt_model or settings.speech_tts_model)


def build_speech(settings: Settings) -> ServerSpeech | None:
    if not speech_configured(settings):
        if settings.speech_stt_model or settings.speech_tts_model:
            log.warning("a speech model is set but no SIM_LLM_BASE_URL / SIM_LLM_API_KEY: browser speech only")
        return None
    from simulator.llm.openai_provider import OpenAISpeech

    provider = OpenAISpeech(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
        stt_model=settings.speech_stt_model,
        tts_model=settings.speech_tts_model,
        audio_format=settings.speech_audio_format,
        connect_timeout=settings.llm_connect_timeout,
        read_timeout=settings.llm_read_timeout,
    )
    voices = {"male": settings.speech_voice_male, "female": settings.speech_voice_female,
              "any": settings.speech_voice_female}
    log.info("server speech: stt %s, tts %s", settings.speech_stt_model or "-", settings.speech_tts_model or "-")
    return ServerSpeech(provider=provider, voices=voices, audio_format=settings.speech_audio_format,
                        max_audio_bytes=int(settings.speech_max_audio_mb * 1024 * 1024))


async def close_speech(speech: ServerSpeech | None) -> None:
    close = getattr(speech.provider, "aclose", None) if speech is not None else None
    if close is not None:
        await close()
