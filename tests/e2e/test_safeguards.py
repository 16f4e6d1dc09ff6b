"""Trainee safeguards in a real browser (issue 21, item 5), at 1280×800 and 390×844: 「离开通话」 ends the
chat with one click, no confirmation and no grade; a hostile call ends with 「先缓一缓」."""

from __future__ import annotations

import pytest

from tests.e2e.chat import finish, say
from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
HOSTILE = ["喂,你欠的钱什么时候还?", "你这种老赖就是不要脸。", "借钱的时候怎么不想想?"]


def _start(browser, server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server)
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    return ctx, page, errors


@pytest.mark.parametrize("size", SIZES)
def test_leaving_is_one_click_with_no_grade(browser, server, size):
    ctx, page, errors = _start(browser, server, size)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.fill("#message", "您好,我是安信消费金融的小陈,请问是王建军先生本人吗?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#send:not([disabled])")
    page.click("#leave-call button")
    page.wait_for_selector("#left-call")
    assert not dialogs  # one click: no confirmation to get through
    assert "不计入认证" in page.inner_text("#left-call")
    assert page.locator("#debrief-top").count() == 0 and page.locator("#retry").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert not errors, errors
    ctx.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_hostile_call_ends_with_a_word_after(browser, server, size):
    ctx, page, errors = _start(browser, server, size)
    page.on("dialog", lambda d: d.accept())
    for line in HOSTILE:
        if not say(page, line):
            break  # the debtor hung up: the page has reloaded with the debrief
    finish(page)
    page.wait_for_selector("#decompress")
    assert "先缓一缓" in page.inner_text("#decompress")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert not errors, errors
    ctx.close()
