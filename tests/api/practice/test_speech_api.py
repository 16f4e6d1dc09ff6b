"""Server-side speech routes (issue 7): /api/speech/transcribe and /api/speech/speak against the fake
OpenAI-compatible server, and a clear 501 when no server speech is configured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings
from tests.fakes.openai_server import FAKE_AUDIO_HEADER, SPOKEN_PREFIX, FakeOpenAI, Reply


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def speech_client(tmp_path, fake) -> Iterator[TestClient]:
    settings = llm_settings(tmp_path, fake, llm_model=None, speech_stt_model="whisper-1", speech_tts_model="tts-1",
                            speech_voice_male="onyx", speech_voice_female="nova", speech_max_audio_mb=0.01)
    with llm_client(settings) as client:
        yield client


def test_capabilities_say_what_the_server_can_do(speech_client, client, trainee):
    headers = add_user(speech_client, "sam")
    assert speech_client.get("/api/speech", headers=headers).json() == {"transcribe": True, "speak": True}
    assert client.get("/api/speech", headers=trainee).json() == {"transcribe": False, "speak": False}


def test_audio_in_transcript_out(speech_client, fake):
    headers = add_user(speech_client, "sam")
    res = speech_client.post("/api/speech/transcribe", content=SPOKEN_PREFIX + "您好,请问是刘建国先生吗?".encode(),
                             headers={**headers, "Content-Type": "audio/webm;codecs=opus"})
    assert res.status_code == 200, res.text
    assert res.json() == {"text": "您好,请问是刘建国先生吗?"}
    seen = fake.audio_requests()[-1]
    assert seen.body["model"] == "whisper-1" and seen.body["file_type"] == "audio/webm"


def test_text_in_audio_out_with_the_voice_of_the_gender_and_the_pace_of_the_mood(speech_client, fake):
    headers = add_user(speech_client, "sam")
    res = speech_client.post("/api/speech/speak", json={"text": "你们烦不烦啊?", "gender": "male", "mood": "hostile"},
                             headers=headers)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "audio/mpeg"
    assert res.content.startswith(FAKE_AUDIO_HEADER)
    assert b"voice=onyx;speed=1.18" in res.content and "你们烦不烦啊?".encode() in res.content
    female = speech_client.post("/api/speech/speak", json={"text": "喂……您好。", "gender": "female"}, headers=headers)
    assert b"voice=nova;speed=1.0" in female.content


def test_without_server_speech_both_routes_say_501_clearly(client, trainee):
    res = client.post("/api/speech/transcribe", content=b"RIFF....", headers={**trainee, "Content-Type": "audio/wav"})
    assert res.status_code == 501
    assert "not configured" in res.json()["detail"] and "SIM_SPEECH_STT_MODEL" in res.json()["detail"]
    res = client.post("/api/speech/speak", json={"text": "喂"}, headers=trainee)
    assert res.status_code == 501 and res.json()["detail"].startswith("speech:")


def test_a_speech_model_without_an_endpoint_is_not_server_speech(tmp_path, trainee):
    from simulator.config import Settings
    from simulator.llm.speech import build_speech

    settings = Settings(database_url="sqlite://", data_dir=tmp_path, speech_stt_model="whisper-1",
                        llm_base_url=None, llm_api_key=None)
    assert build_speech(settings) is None


def test_bad_uploads_are_422(speech_client):
    headers = add_user(speech_client, "sam")
    empty = speech_client.post("/api/speech/transcribe", content=b"", headers={**headers, "Content-Type": "audio/webm"})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    text = speech_client.post("/api/speech/transcribe", content=b"hello", headers={**headers, "Content-Type": "text/plain"})
    assert text.status_code == 422 and "audio" in text.json()["detail"]
    big = speech_client.post("/api/speech/transcribe", content=b"x" * 20000, headers={**headers, "Content-Type": "audio/webm"})
    assert big.status_code == 422 and "larger" in big.json()["detail"]
    long = speech_client.post("/api/speech/speak", json={"text": "喂" * 1001}, headers=headers)
    assert long.status_code == 422
    odd = speech_client.post("/api/speech/speak", json={"text": "喂", "mood": "furious"}, headers=headers)
    assert odd.status_code == 422


def test_a_failing_speech_server_is_a_503_the_page_can_show(speech_client, fake):
    headers = add_user(speech_client, "sam")
    fake.queue_audio(Reply(status=500), Reply(status=500))
    res = speech_client.post("/api/speech/speak", json={"text": "喂"}, headers=headers)
    assert res.status_code == 503 and "http_500" in res.json()["detail"]
    assert "sk-test" not in res.text


def test_speech_needs_a_login(speech_client):
    assert speech_client.post("/api/speech/speak", json={"text": "喂"}).status_code == 401


def test_the_call_page_tells_the_browser_server_speech_is_there(speech_client):
    import re

    from tests.conftest import PASSWORD

    add_user(speech_client, "sam")
    page = speech_client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    speech_client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})
    token = re.search(r'name="csrf-token" content="([^"]+)"', speech_client.get("/guide").text).group(1)
    res = speech_client.post("/call", data={"scenario_id": "victim-m1", "csrf_token": token})
    assert res.status_code == 200
    assert 'data-server-stt="yes"' in res.text and 'data-server-tts="yes"' in res.text
