"""The debrief that teaches (issue 20), in a real browser at 1280×800 and 390×844: once the call ends,
the first screen shows the verdict, the one change and 「再练一次」, and 「再练一次」 starts the same
scenario."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LINES = ["您好,我是安信消费金融的小陈,请问是王建军先生本人吗?", "你再不还钱,我们就去你单位找你领导。"]


def _on_first_screen(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    height = page.evaluate("window.innerHeight")
    assert box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height, f"{selector} is below the first screen"


@pytest.mark.parametrize("size", SIZES)
def test_the_debrief_s_first_screen_and_retry(browser, server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server)
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    first_url = page.url
    title = page.title()
    page.on("dialog", lambda d: d.accept())
    for line in LINES:
        page.fill("#message", line)
        page.keyboard.press("Enter")
        page.wait_for_selector("#send:not([disabled]), #debrief-top")  # a threat may end the call
    try:  # a debtor who hangs up ends the call and the page reloads with the debrief
        page.wait_for_selector("#debrief-top", timeout=3000)
    except PlaywrightTimeout:
        page.click("#end-call")
        page.wait_for_selector("#debrief-top")
    page.evaluate("window.scrollTo(0, 0)")
    for selector in ("#verdict", "#one-change", "#retry"):
        _on_first_screen(page, selector)
    assert "未通过" in page.inner_text("#verdict")
    assert "单位" in page.inner_text("#one-change")  # the threat, quoted
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.click("#retry")
    page.wait_for_url("**/practice/*")
    assert page.url != first_url and page.title() == title  # the same scenario, a new call
    assert page.locator(".msg-debtor").count() == 1 and page.locator("#composer").count() == 1
    assert not errors, errors
    ctx.close()
