"""Nobody answers, in a real browser (issue 7): the scenario's answer plan makes the first call ring out.
The carrier's prompt plays, the trainee leaves a text message, redials too soon (it rings out again),
then calls back after work and he picks up; a call given up after a ring-out is graded on the dialing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_call_mode import HELLO, SPEECH_STUB, replies, start_call, until, utterances

pytestmark = pytest.mark.e2e

SCENARIO = "no-answer-evasive"
LAWFUL_SMS = "周先生您好,我是安信消费金融的客服专员小陈,有事需要跟您本人沟通,方便时请回电4008-123-456。"


def rings_out(page, attempts: int) -> None:
    expect(page.locator("#call")).to_have_attribute("data-call-state", "no_answer", timeout=12000)
    expect(page.locator("#call-status")).to_have_text("无人接听")
    expect(page.locator("#attempts li")).to_have_count(attempts)


def test_the_first_call_rings_out_then_a_text_and_a_call_back_after_work_get_through(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(SPEECH_STUB)
    sid = start_call(page, server, SCENARIO)
    page.click("#dial")
    expect(page.locator("#call")).to_have_attribute("data-call-state", "ringing")
    rings_out(page, 1)
    expect(page.locator("#carrier")).to_have_text("您好,您拨打的电话暂时无人接听,请稍后再拨。")
    expect(page.locator("#attempts li").first).to_contain_text("第1次 · 今天 10:20 · 无人接听")
    until(page, "window.__speechLog.utterances.length >= 1")
    assert utterances(page)[0]["text"].startswith("您好,您拨打的电话暂时无人接听")
    assert utterances(page)[0]["voice"] == "Fake Xiaoxiao Female"  # the operator's recorded voice
    expect(page.locator("#controls")).to_be_hidden()
    expect(replies(page)).to_have_count(0)  # nobody has said a word

    page.fill("#sms-input", LAWFUL_SMS)
    page.click("#sms-send")
    sms = page.locator("#transcript .msg-collector").first
    expect(sms.locator(".via-sms")).to_have_text("短信")
    expect(sms.locator(".msg-text")).to_have_text(LAWFUL_SMS)

    page.click("#redial-now")  # a minute later: he still cannot take calls at work
    rings_out(page, 2)
    expect(page.locator("#attempts li").nth(1)).to_contain_text("10:21")
    expect(page.locator("#attempts li").nth(1)).to_contain_text("重拨过于频繁")

    page.select_option("#callback-day", "0")
    page.fill("#callback-at", "18:45")  # after his shift
    page.click("#call-back")
    expect(page.locator("#call")).to_have_attribute("data-call-state", "live", timeout=8000)
    expect(replies(page)).to_have_count(1)  # he picks up with the opening line
    expect(replies(page).first.locator(".msg-time")).to_have_text("00:00")
    until(page, "window.__speechLog.utterances.length >= 3")  # two carrier prompts, then his voice
    assert utterances(page)[2]["text"] == replies(page).first.locator(".msg-text").inner_text()
    assert utterances(page)[2]["voice"] == "Fake Yunxi Male"

    page.fill("#call-input", HELLO)
    page.keyboard.press("Enter")
    expect(replies(page)).to_have_count(2)
    page.click("#hangup")
    page.wait_for_selector("#call-metrics", timeout=15000)
    expect(page.locator("[data-metric=attempts]")).to_have_text("3")
    expect(page.locator("#attempt-log li")).to_have_count(3)
    expect(page.locator("#attempt-log li").nth(2)).to_contain_text("18:45 · 已接通")

    detail = page.request.get(f"{server['base']}/api/sessions/{sid}").json()
    assert [(t["speaker"], t["input_mode"]) for t in detail["transcript"][:3]] == [
        ("collector", "sms"), ("debtor", None), ("collector", "typed")]
    assert [a["answered"] for a in detail["grade"]["call"]["attempts"]] == [False, False, True]
    assert not errors, errors


def test_a_call_given_up_after_a_ring_out_is_graded_on_the_dialing(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(SPEECH_STUB)
    start_call(page, server, SCENARIO)
    page.click("#dial")
    rings_out(page, 1)
    page.reload()  # the page comes back to the choices, not to the dial button
    expect(page.locator("#call")).to_have_attribute("data-call-state", "no_answer")
    expect(page.locator("#dial")).to_be_hidden()
    expect(page.locator("#attempts li")).to_have_count(1)
    page.click("#give-up")
    page.wait_for_selector("#grade", timeout=15000)
    expect(page.locator("#debrief-top [data-mode]")).to_have_text("拨号评分")
    expect(page.locator("#grade")).to_contain_text("没有任何跟进")
    expect(page.locator("#debrief-top .grade-score span")).to_have_text("70")
    expect(page.locator("[data-metric=attempts]")).to_have_text("1")
    expect(page.locator("[data-metric=talk_ratio]")).to_have_count(0)  # no conversation to measure
    expect(page.locator("#summary .meters")).to_have_count(0)
    assert not errors, errors
