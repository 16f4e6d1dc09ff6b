"""Server-side speech in a real browser (issue 7): with SIM_SPEECH_* set, a browser without speech
recognition records each phrase with MediaRecorder and posts it to /api/speech/transcribe (the fake
OpenAI server's /v1/audio/transcriptions recognises it); the debtor's lines are fetched from
/api/speech/speak (the fake's /v1/audio/speech) and played with an Audio element.

Inside the page: no SpeechRecognition; ``getUserMedia`` gives a fake stream; ``MediaRecorder`` hands
over one blob whose bytes the fake server reads back as text (``TEXT:`` + the words); ``Audio`` records
what it is asked to play, and ``URL.createObjectURL`` what bytes each URL holds.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serving
from tests.e2e.test_call_mode import replies, start_call, until
from tests.fakes.openai_server import FAKE_AUDIO_HEADER, SPOKEN_PREFIX, FakeOpenAI

pytestmark = pytest.mark.e2e

SPOKEN = "您好,我是安信消费金融贷后服务部的小陈,工号0917。"

RECORDING_STUB = """
(() => {
  const log = { recorderStarts: 0, recorderStops: 0, plays: [], blobs: {}, pending: [] };
  window.__media = log;
  window.__nextRecording = "";
  for (const name of ["SpeechRecognition", "webkitSpeechRecognition"]) {
    Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  }
  const stream = { getTracks: () => [], getAudioTracks: () => [] };
  Object.defineProperty(navigator, "mediaDevices", {
    value: { getUserMedia: async () => stream }, configurable: true,
  });
  class FakeRecorder {
    constructor(s) { this.stream = s; this.state = "inactive"; this.mimeType = "audio/webm"; }
    start() { this.state = "recording"; log.recorderStarts++; }
    stop() {
      if (this.state === "inactive") return;
      this.state = "inactive"; log.recorderStops++;
      const blob = new Blob([window.__nextRecording], { type: "audio/webm" });
      setTimeout(() => { if (this.ondataavailable) this.ondataavailable({ data: blob }); if (this.onstop) this.onstop(); }, 20);
    }
  }
  Object.defineProperty(window, "MediaRecorder", { value: FakeRecorder, configurable: true, writable: true });
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => {
    const url = createObjectURL(blob);
    log.pending.push(blob.text().then((text) => { log.blobs[url] = text; }));
    return url;
  };
  URL.revokeObjectURL = () => {};  // keep the bytes readable for the test
  class FakeAudio {
    constructor(url) { this.src = url; this.onended = null; this.onerror = null; }
    play() {
      log.plays.push(this.src);
      setTimeout(() => { if (this.onended) this.onended(); }, 120);
      return Promise.resolve();
    }
    pause() {}
  }
  Object.defineProperty(window, "Audio", { value: FakeAudio, configurable: true, writable: true });
})();
"""


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def speech_server(tmp_path_factory, fake):
    with serving(tmp_path_factory.mktemp("e2e-speech"), SIM_LLM_BASE_URL=fake.url, SIM_LLM_API_KEY="sk-e2e-fake",
                 SIM_SPEECH_STT_MODEL="whisper-1", SIM_SPEECH_TTS_MODEL="tts-1") as running:
        yield running  # no SIM_LLM_MODEL: the offline engine plays, only speech goes to the server


def played(page) -> list[str]:
    """The bytes of every clip the page played, in order."""
    page.evaluate("Promise.all(window.__media.pending)")
    return page.evaluate("window.__media.plays.map((u) => window.__media.blobs[u] || '')")


def test_a_recorded_phrase_is_transcribed_by_the_server_and_the_reply_is_played(page, speech_server, fake):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORDING_STUB)
    sid = start_call(page, speech_server, "provocative-m1")
    page.click("#dial")
    expect(page.locator("#call")).to_have_attribute("data-call-state", "live", timeout=8000)
    expect(page.locator("#speech-notes")).to_contain_text("已改用服务器识别")
    opening = replies(page).first.locator(".msg-text").inner_text()

    # the opening is fetched from the server's voice and played
    until(page, "window.__media.plays.length >= 1")
    clip = played(page)[0]
    assert clip.startswith(FAKE_AUDIO_HEADER.decode("latin-1")) and clip.endswith(opening)
    assert "voice=onyx" in clip  # 刘建国: the male server voice
    speak = [r for r in fake.audio_requests() if r.path.endswith("/audio/speech")]
    assert speak[-1].body["input"] == opening and speak[-1].body["model"] == "tts-1"

    # push-to-talk: hold → MediaRecorder records → release → upload → the text is the trainee's turn
    recording = SPOKEN_PREFIX.decode() + SPOKEN + " " * 900  # > 800 bytes: a real phrase, not a click
    page.evaluate("(r) => { window.__nextRecording = r; }", recording)
    until(page, "document.getElementById('call').dataset.debtorSpeaking !== 'yes'")
    page.locator("#ptt").hover()
    page.mouse.down()
    until(page, "window.__media.recorderStarts === 1")
    page.wait_for_timeout(300)
    page.mouse.up()
    mine = page.locator("#transcript .msg-collector:not(.interim)").first
    expect(mine.locator(".msg-text")).to_have_text(SPOKEN, timeout=8000)
    expect(mine.locator(".via-spoken")).to_have_text("语音")
    expect(replies(page)).to_have_count(2)

    upload = [r for r in fake.audio_requests() if r.path.endswith("/audio/transcriptions")]
    assert len(upload) == 1 and upload[0].body["model"] == "whisper-1"
    assert upload[0].body["file_size"] == len(recording.encode())

    until(page, "window.__media.plays.length >= 2")  # played once the whole reply is in
    reply = replies(page).nth(1).locator(".msg-text").inner_text()
    assert played(page)[1].endswith(reply)  # the reply's audio, as the server sent it

    detail = page.request.get(f"{speech_server['base']}/api/sessions/{sid}").json()
    spoken = [t for t in detail["transcript"] if t["speaker"] == "collector"]
    assert [(t["text"], t["input_mode"]) for t in spoken] == [(SPOKEN, "spoken")]
    assert spoken[0]["duration_ms"] >= 300 and spoken[0]["response_latency_ms"] is not None
    assert spoken[0]["call_ms"] is not None
    assert not errors, errors
