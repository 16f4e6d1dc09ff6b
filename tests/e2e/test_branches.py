"""Rewind and retry from a line in a real browser (issue 21, item 2), at 1280×800 and 390×844: on an ended
chat, 「从这句重来」 opens a branch at that line; once it ends, its debrief sets both paths side by side."""

from __future__ import annotations

import pytest

from tests.e2e.chat import finish, say
from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LINES = ["您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?麻烦报一下身份证后四位。",
         "你这种人就是欠收拾。"]
BETTER = "王先生,我理解您生意上回款慢。您看这个月底前能先还一部分吗?"


@pytest.mark.parametrize("size", SIZES)
def test_a_branch_from_a_line_is_set_beside_the_original(browser, server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    login(page, server)
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    original = page.url
    for line in LINES:
        if not say(page, line):
            break  # the debtor hung up: the page has reloaded with the debrief
    finish(page)
    page.wait_for_selector("#debrief-top")
    page.locator(".rewind-form button").nth(1).click()  # redo the insult
    page.wait_for_selector("#branch-banner")
    assert page.url != original and page.locator(".msg-collector").count() == 1
    if say(page, BETTER):
        finish(page)
    page.wait_for_selector("#compare")
    assert "和原来的通话相比" in page.inner_text("#compare")
    assert page.locator("#branch-curves svg").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert not errors, errors
    ctx.close()
