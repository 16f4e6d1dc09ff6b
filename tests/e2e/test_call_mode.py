"""Call mode in a real browser (issue 7), with the Web Speech API stubbed inside the page.

The stub stands in for Chrome's SpeechRecognition (the test "says" a line with ``__say``) and for
speechSynthesis (it records every utterance with its voice, rate and pitch, and ends it after 150 ms),
so the whole event flow runs headless: dial → ring → answer → speak → reply → interruption → hang-up
→ debrief with call metrics. A second run has no speech APIs at all and uses the text fallback.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

HELLO = "您好,我是安信消费金融贷后服务部的小陈,工号0917。"
VENT = "您先别着急,有什么不满您慢慢说,我在听。"
THREAT = "再不还钱,小心你家里人出点什么事。"

SPEECH_STUB = """
(() => {
  const log = { utterances: [], starts: 0, stops: 0, aborts: 0, cancels: 0, lang: null };
  window.__speechLog = log;
  let current = null;
  class FakeRecognition {
    constructor() { this.on = false; }
    start() {
      if (this.on) throw new Error("InvalidStateError");
      this.on = true; current = this; log.starts++; log.lang = this.lang;
      log.continuous = this.continuous; log.interim = this.interimResults;
    }
    stop() { if (!this.on) return; log.stops++; setTimeout(() => this.finish(), 30); }
    abort() { if (!this.on) return; log.aborts++; this.finish(); }
    finish() {
      if (!this.on) return;
      this.on = false; if (current === this) current = null;
      if (this.onend) this.onend({});
    }
  }
  const result = (text, isFinal) => {
    const r = [{ transcript: text, confidence: 0.93 }]; r.isFinal = isFinal;
    return { resultIndex: 0, results: [r] };
  };
  window.__listening = () => !!current;
  window.__say = async (text) => {
    const rec = current;
    if (!rec) throw new Error("nobody is listening");
    if (rec.onspeechstart) rec.onspeechstart({});
    if (rec.onresult) rec.onresult(result(text.slice(0, 4), false));
    await new Promise((r) => setTimeout(r, 80));
    if (rec.onresult && rec.on) rec.onresult(result(text, true));
  };
  Object.defineProperty(window, "SpeechRecognition", { value: FakeRecognition, configurable: true, writable: true });
  Object.defineProperty(window, "webkitSpeechRecognition", { value: FakeRecognition, configurable: true, writable: true });

  class FakeUtterance { constructor(text) { this.text = text; this.lang = ""; this.rate = 1; this.pitch = 1; this.voice = null; } }
  const voices = [
    { name: "Fake Xiaoxiao Female", lang: "zh-CN", voiceURI: "xx", localService: true, default: false },
    { name: "Fake Yunxi Male", lang: "zh-CN", voiceURI: "yx", localService: true, default: false },
    { name: "Fake Samantha", lang: "en-US", voiceURI: "en", localService: true, default: true },
  ];
  let speakingNow = null;
  const synth = {
    get speaking() { return !!speakingNow; },
    getVoices: () => voices,
    speak(u) {
      log.utterances.push({ text: u.text, lang: u.lang, rate: u.rate, pitch: u.pitch,
                            voice: u.voice && u.voice.name, at: performance.now() });
      speakingNow = u;
      setTimeout(() => { if (speakingNow !== u) return; speakingNow = null; if (u.onend) u.onend({}); }, 150);
    },
    cancel() { log.cancels++; const u = speakingNow; speakingNow = null; if (u && u.onend) u.onend({}); },
    pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: FakeUtterance, configurable: true, writable: true });
})();
"""

NO_SPEECH = """
(() => {
  for (const name of ["SpeechRecognition", "webkitSpeechRecognition", "speechSynthesis", "SpeechSynthesisUtterance"]) {
    Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  }
})();
"""


def until(page, expression: str, timeout: float = 8.0) -> None:
    """Poll ``expression`` in the page (``wait_for_function`` evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(50)


def login(page, server) -> None:
    page.goto(server["base"] + "/login?next=/scenarios")
    page.fill("input[name=username]", server["username"])
    page.fill("input[name=password]", server["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/scenarios")


def start_call(page, server, scenario: str) -> str:
    login(page, server)
    page.click(f"button[data-call={scenario}]")
    page.wait_for_url("**/call/*")
    return page.url.rsplit("/", 1)[-1]


def dial(page) -> None:
    expect(page.locator("#call-status")).to_have_text("待拨号")
    page.click("#dial")
    expect(page.locator("#call")).to_have_attribute("data-call-state", "ringing")
    expect(page.locator("#call-status")).to_have_text("正在呼叫…")
    expect(page.locator("#call")).to_have_attribute("data-call-state", "live", timeout=8000)
    expect(page.locator("#call-status")).to_have_text("通话中")


def replies(page):
    return page.locator("#transcript .msg-debtor:not(.hidden), #transcript .msg-third_party:not(.hidden)")


def utterances(page) -> list[dict]:
    return page.evaluate("window.__speechLog.utterances")


def wait_listening(page) -> None:
    until(page, "window.__listening() && document.getElementById('call').dataset.debtorSpeaking !== 'yes'")


def push_to_talk(page, text: str) -> None:
    until(page, "document.getElementById('call').dataset.debtorSpeaking !== 'yes'")
    page.locator("#ptt").hover()
    page.mouse.down()
    until(page, "window.__listening()")
    page.evaluate("(t) => window.__say(t)", text)
    page.wait_for_timeout(150)
    page.mouse.up()


def test_a_spoken_call_rings_answers_talks_gets_cut_off_hung_up_on_and_debriefed(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(SPEECH_STUB)
    sid = start_call(page, server, "provocative-m1")
    opening = page.locator("#transcript .msg[data-turn='0']")
    expect(opening).to_be_hidden()  # nobody has picked up yet
    dial(page)
    expect(opening).to_be_visible()
    expect(opening.locator(".msg-time")).to_have_text("00:00")
    until(page, "window.__speechLog.utterances.length >= 1")
    first = utterances(page)[0]
    assert first["text"] == opening.locator(".msg-text").inner_text()
    assert first["lang"] == "zh-CN" and first["voice"] == "Fake Yunxi Male"  # 刘建国: a man's voice
    assert first["rate"] > 1.0  # he picks up already tense: faster

    # push-to-talk: hold, speak (interim text shows), release → the turn goes, the reply is spoken
    push_to_talk(page, HELLO)
    expect(replies(page)).to_have_count(2)
    mine = page.locator("#transcript .msg-collector:not(.interim)").first
    expect(mine.locator(".msg-text")).to_have_text(HELLO)
    expect(mine.locator(".via-spoken")).to_have_text("语音")
    assert page.evaluate("window.__speechLog.lang") == "zh-CN"
    until(page, "window.__speechLog.utterances.length >= 2")
    assert utterances(page)[1]["text"] == replies(page).nth(1).locator(".msg-text").inner_text()

    # hands-free: the phrase ends by itself after a pause
    page.click("[data-talk-mode=vad]")
    expect(page.locator("#ptt")).to_be_hidden()
    wait_listening(page)
    page.evaluate("(t) => window.__say(t)", VENT)
    expect(replies(page)).to_have_count(3)
    until(page, "window.__speechLog.utterances.length >= 3")

    # a threat: the debtor cuts in — recognition is aborted and the reply is spoken at once
    wait_listening(page)
    aborts = page.evaluate("window.__speechLog.aborts")
    page.evaluate("(t) => window.__say(t)", THREAT)
    expect(page.locator(".msg-collector.cut .msg-marker.interrupt")).to_have_text("对方打断了你")
    assert page.evaluate("window.__speechLog.aborts") > aborts
    expect(replies(page)).to_have_count(4)

    # threats again until the debtor hangs up: busy tone, the call ends and is graded
    for _ in range(4):
        if page.locator("#call").get_attribute("data-call-state") != "live":
            break
        wait_listening(page)
        count = replies(page).count()
        page.evaluate("(t) => window.__say(t)", "你这个老赖,不还钱就等着瞧,我让你全家不得安宁!")
        expect(replies(page)).to_have_count(count + 1)
        page.wait_for_timeout(400)
    page.wait_for_selector("#call-metrics", timeout=15000)  # the page came back with the debrief
    expect(page.locator("#call-status")).to_have_text("通话已结束")
    expect(page.locator("#grade")).to_be_visible()
    assert page.locator("[data-metric=duration]").inner_text().count(":") == 1
    assert page.locator("[data-metric=talk_ratio]").inner_text().endswith("%")
    assert page.locator("[data-metric=longest_silence]").inner_text().endswith("秒")
    assert page.locator("[data-metric=interruptions]").inner_text() != "0"
    expect(page.locator(".badge.outcome-hung_up").first).to_be_visible()

    detail = page.request.get(f"{server['base']}/api/sessions/{sid}").json()
    assert detail["status"] == "ended" and detail["outcome"] == "hung_up"
    spoken = [t for t in detail["transcript"] if t["speaker"] == "collector"]
    assert spoken and all(t["input_mode"] == "spoken" for t in spoken)
    assert all(t["response_latency_ms"] is not None and t["duration_ms"] is not None for t in spoken)
    assert [t["call_ms"] for t in spoken] == sorted(t["call_ms"] for t in spoken)
    assert detail["grade"]["call"]["spoken_turns"] == len(spoken)
    assert not errors, errors


def test_without_speech_apis_the_call_works_by_text_with_silence_prompts_hold_mute_and_hang_up(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(NO_SPEECH)
    sid = start_call(page, server, "victim-m1")
    page.evaluate("document.getElementById('call').dataset.silenceMs = '1500'")  # don't wait 8 s in a test
    dial(page)
    notes = page.locator("#speech-notes")
    expect(notes).to_contain_text("不支持中文语音识别")
    expect(notes).to_contain_text("没有中文语音")
    expect(page.locator("#ptt")).to_be_hidden()
    expect(page.locator("#transcript .msg[data-turn='0']")).to_be_visible()

    page.fill("#call-input", HELLO)
    page.keyboard.press("Enter")
    expect(replies(page)).to_have_count(2)
    expect(page.locator("#transcript .msg-collector .via-typed")).to_have_text("文字")

    # say nothing: the debtor checks the line
    expect(page.locator("#transcript [data-silence=yes]")).to_have_count(1, timeout=6000)
    silence_line = page.locator("#transcript [data-silence=yes] .msg-text").inner_text()
    assert "……" in silence_line or "?" in silence_line

    page.fill("#call-input", "我理解您现在真的很难,您慢慢说。")
    page.keyboard.press("Enter")
    expect(replies(page)).to_have_count(4)

    page.click("#hold")
    expect(page.locator("#call-status")).to_have_text("通话保持中")
    expect(page.locator("#call-input")).to_be_disabled()
    prompts = page.locator("#transcript [data-silence=yes]").count()
    page.wait_for_timeout(1800)  # no silence prompt while on hold
    expect(page.locator("#transcript [data-silence=yes]")).to_have_count(prompts)
    page.click("#hold")
    expect(page.locator("#call-status")).to_have_text("通话中")
    page.click("#mute")
    expect(page.locator("#mute")).to_have_attribute("aria-pressed", "true")
    page.click("#mute")

    page.click("#hangup")
    page.wait_for_selector("#call-metrics", timeout=15000)
    expect(page.locator("[data-metric=spoken_typed]")).to_have_text("0 / 2")
    assert int(page.locator("[data-metric=silence_prompts]").inner_text()) >= 1
    assert page.locator("[data-metric=longest_silence]").inner_text().endswith("秒")
    expect(page.locator("#debrief-top .grade-score span")).to_have_text(re.compile(r"^\d+$"))
    detail = page.request.get(f"{server['base']}/api/sessions/{sid}").json()
    typed = [t for t in detail["transcript"] if t["speaker"] == "collector"]
    assert [t["input_mode"] for t in typed] == ["typed", "typed"]
    assert not errors, errors


def test_a_third_party_answers_in_a_womans_voice(page, server):
    page.add_init_script(SPEECH_STUB)
    start_call(page, server, "third-party-answers")
    dial(page)
    expect(page.locator("#transcript .msg-third_party").first).to_be_visible()
    until(page, "window.__speechLog.utterances.length >= 1")
    assert utterances(page)[0]["voice"] == "Fake Xiaoxiao Female"  # the borrower's mother
    page.click("#hangup")
    page.wait_for_selector("#summary:not(.hidden)", timeout=15000)


def test_the_chat_page_offers_the_same_scenario_as_a_call(page, server):
    login(page, server)
    page.click("button[data-start=stubborn-m1]")
    page.wait_for_url("**/practice/*")
    page.on("dialog", lambda d: d.accept())  # switching ends the chat: the page asks first (issue 20)
    page.click("#start-call")
    page.wait_for_url("**/call/*")
    expect(page.locator("#dial")).to_be_visible()
