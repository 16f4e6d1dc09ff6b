"""A trainee logs in, picks a scenario, talks for three turns, ends the call and finds the transcript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LINES = [
    "您好,我是安信消费金融贷后服务部的小陈,工号0917。",
    "您先别着急,有什么不满您慢慢说,我在听。",
    "我理解您的心情,被催确实挺烦的。",
]


def login(page, server):
    page.goto(server["base"] + "/login?next=/scenarios")
    page.fill("input[name=username]", server["username"])
    page.fill("input[name=password]", server["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/scenarios")


def test_three_turns_end_call_and_find_the_transcript(page, server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server)
    assert page.locator(".scenario-card").count() >= 19
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    assert page.locator(".msg-debtor").count() == 1  # the debtor picked up
    for i, line in enumerate(LINES, start=1):
        page.fill("#message", line)
        page.keyboard.press("Enter")
        expect(page.locator(".msg-debtor, .msg-third_party")).to_have_count(i + 1)
        page.wait_for_selector("#send:not([disabled])")
    assert page.locator(".msg-collector").count() == 3
    page.on("dialog", lambda d: d.accept())
    page.click("#end-call")
    page.wait_for_selector("#summary:not(.hidden)")
    assert "已结束" in page.inner_text("#status-badge")
    # the debrief: an overall score, four dimensions with quoted evidence
    page.wait_for_selector("#grade")
    assert page.locator(".grade-score span").inner_text().isdigit()
    assert page.locator(".dim").count() == 4
    page.click("a[href='/sessions']")
    page.wait_for_url("**/sessions")
    rows = page.locator("#sessions-table tbody tr")
    assert rows.count() >= 1
    rows.first.locator("a").click()
    page.wait_for_url("**/practice/*")
    texts = page.locator(".msg-collector .msg-text").all_inner_texts()
    assert texts == LINES
    assert not errors, errors


def test_empty_message_gets_a_friendly_error(page, server):
    login(page, server)
    page.click("button[data-start=victim-m1]")
    page.wait_for_url("**/practice/*")
    page.fill("#message", "   ")
    page.click("#send")
    assert page.locator("#chat-error").inner_text() == "消息不能为空"
    assert page.locator(".msg-collector").count() == 0


def test_phone_sized_screen_shows_the_chat(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    pg = context.new_page()
    login(pg, server)
    pg.click("button[data-start=promiser-m1]")
    pg.wait_for_url("**/practice/*")
    pg.fill("#message", "您好,我是安信消费金融的小陈。")
    pg.keyboard.press("Enter")
    expect(pg.locator(".msg-debtor")).to_have_count(2)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "no horizontal scrolling on a phone"
    context.close()
