"""Typing into a practice chat in the browser, for e2e tests: a line at a time, and ending the call, each
waiting out a debtor who hangs up (the page then reloads with the debrief by itself)."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout


def finish(page) -> None:
    """End the chat unless the debtor hung up (the page then reloads with the debrief by itself)."""
    try:
        page.wait_for_selector("#debrief-top, #compare", timeout=3000)
    except PlaywrightTimeout:
        page.click("#end-call")


def say(page, line: str) -> bool:
    """Send a line; False once the debtor has hung up and the page has turned into the debrief."""
    page.fill("#message", line)
    page.keyboard.press("Enter")
    page.wait_for_selector("#send:not([disabled]), #debrief-top")
    try:
        page.wait_for_selector("#debrief-top", timeout=1500)
        return False
    except PlaywrightTimeout:
        return True


SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def open_page(browser, size: str):
    """A zh-CN browser context at ``size`` (desktop 1280×800, phone 390×844) whose page accepts confirm
    dialogs; returns (context, page, the page's script errors as they come)."""
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    return ctx, page, errors
