"""Sparse hints in a real browser (issue 21, item 4), at 1280×800 and 390×844: the trainee switches hints
on during a chat, the hint appears after the reply that called for it, quoting the training material,
the page fits the screen, and the debrief lists the hints used."""

from __future__ import annotations

import pytest

from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_a_hint_follows_the_reply_that_called_for_it(browser, server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server)
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    page.click("#hints-toggle button")
    page.wait_for_selector("#hints-toggle button[aria-pressed=true]")
    page.fill("#message", "喂,你欠的钱什么时候还?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".hint-card")
    card = page.locator(".hint-card").first
    assert card.get_attribute("data-kind") == "verify_first"
    assert "核实身份" in card.inner_text() and "除非已经核对了对方身份" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.reload()  # the hint is kept with the reply, not only drawn by the script
    assert page.locator(".msg-debtor + .hint-card").count() == 1
    page.on("dialog", lambda d: d.accept())
    page.click("#end-call")
    page.wait_for_selector("#hints-used")
    assert page.get_attribute("#hints-used", "data-count") == "1"
    assert "不影响评分" in page.inner_text("#hints-used")
    assert not errors, errors
    ctx.close()
