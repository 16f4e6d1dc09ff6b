"""The speech adapter (issue 7) against the fake OpenAI-compatible server: audio in → transcript,
text → audio bytes, errors as ProviderError reasons, the key never echoed."""

from __future__ import annotations

import asyncio

import pytest

from simulator.llm.base import ProviderError
from simulator.llm.openai_provider import OpenAISpeech
from simulator.llm.speech import SpeechProvider
from tests.fakes.openai_server import DEFAULT_TRANSCRIPT, FAKE_AUDIO_HEADER, SPOKEN_PREFIX, FakeOpenAI, Reply

KEY = "sk-test-speech-123"


def speech(fake: FakeOpenAI, **kw) -> OpenAISpeech:
    opts = {"base_url": fake.url, "api_key": KEY, "stt_model": "whisper-1", "tts_model": "tts-1",
            "read_timeout": 2.0, "connect_timeout": 1.0, "backoff": 0.01, **kw}
    return OpenAISpeech(**opts)


def run(provider: OpenAISpeech, call):
    """Run ``call(provider)`` on a fresh event loop and close the provider's client after."""
    async def go():
        try:
            return await call(provider)
        finally:
            await provider.aclose()
    return asyncio.run(go())


def test_it_implements_the_speech_protocol(fake):
    assert isinstance(speech(fake), SpeechProvider)


def test_audio_in_transcript_out(fake):
    said = run(speech(fake), lambda p: p.transcribe(SPOKEN_PREFIX + "您好,我是小陈。".encode(), "audio/webm"))
    assert said == "您好,我是小陈。"
    seen = fake.audio_requests()[-1]
    assert seen.path.endswith("/audio/transcriptions")
    assert seen.body["model"] == "whisper-1" and seen.body["language"] == "zh"
    assert seen.body["file_type"] == "audio/webm" and seen.body["file_name"] == "speech.webm"
    assert seen.headers["authorization"] == f"Bearer {KEY}"


def test_any_other_recording_is_heard_as_the_default_line(fake):
    assert run(speech(fake), lambda p: p.transcribe(b"\x1aE\xdf\xa3 not really webm", "audio/ogg")) == DEFAULT_TRANSCRIPT


def test_text_in_audio_bytes_out_with_voice_and_speed(fake):
    audio = run(speech(fake), lambda p: p.speak("你凭什么天天打我电话?", "onyx", speed=1.18))
    assert audio.startswith(FAKE_AUDIO_HEADER)
    assert b"voice=onyx;speed=1.18" in audio and "你凭什么天天打我电话?".encode() in audio
    body = fake.audio_requests()[-1].body
    assert body["model"] == "tts-1" and body["response_format"] == "mp3"


def test_one_retry_on_a_server_error_then_success(fake):
    fake.queue_audio(Reply(status=503), Reply(text="喂?"))
    assert run(speech(fake), lambda p: p.transcribe(b"x" * 10, "audio/wav")) == "喂?"
    assert len(fake.audio_requests()) == 2


def test_a_client_error_is_not_retried_and_does_not_echo_the_key(fake):
    fake.queue_audio(Reply(status=400))
    with pytest.raises(ProviderError) as err:
        run(speech(fake), lambda p: p.speak("喂", "nova"))
    assert err.value.reason == "http_400"
    assert KEY not in str(err.value)
    assert len(fake.audio_requests()) == 1


def test_a_slow_server_times_out(fake):
    fake.queue_audio(Reply(delay=1.0), Reply(delay=1.0))
    with pytest.raises(ProviderError) as err:
        run(speech(fake, read_timeout=0.2, retries=0), lambda p: p.transcribe(b"x", "audio/webm"))
    assert err.value.reason == "timeout"


def test_a_direction_without_a_model_is_refused_without_a_request(fake):
    with pytest.raises(ProviderError) as err:
        run(speech(fake, tts_model=None), lambda p: p.speak("喂", "nova"))
    assert err.value.reason == "not_configured"
    assert fake.audio_requests() == []
