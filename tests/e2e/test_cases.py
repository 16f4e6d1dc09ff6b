"""Multi-call cases in a real browser (issue 21, item 3), at 1280×800 and 390×844: the trainee starts a case,
makes its first call, goes on to the next call (which carries what the first one left in its case file), and
finds the case's timeline, with the promise the first call left, on the case page."""

from __future__ import annotations

import pytest

from tests.e2e.chat import SIZES, finish, open_page, say
from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

LINES = ["您好,我是鑫源小额贷款有限公司贷后服务部的小陈,工号0917,请问是吴志刚先生本人吗?",
         "我理解您的难处。", "您看什么时候能还上?", "好的,那就这样。"]


@pytest.mark.parametrize("size", SIZES)
def test_a_case_goes_on_call_by_call_and_keeps_its_timeline(browser, server, size):
    ctx, page, errors = open_page(browser, size)
    login(page, server)
    page.goto(server["base"] + "/cases")
    assert page.locator("[data-case]").count() >= 3
    page.click("button[data-start-case=promiser-three-dates]")
    page.wait_for_url("**/practice/*")
    assert "案件第 1 通" in page.inner_text("#case-banner")
    for line in LINES:
        if not say(page, line):
            break
    finish(page)
    page.wait_for_selector("#debrief-top")
    assert page.locator("#retry").count() == 0
    page.click("#case-next")
    page.wait_for_selector("#case-banner")
    assert "案件第 2 通" in page.inner_text("#case-banner")
    # the first call is now in the case file's contact history, with what became of its promise
    assert "到期未还" in page.inner_text("body")
    page.click("#case-banner a")
    page.wait_for_selector("#case-timeline")
    assert page.locator(".case-call").count() == 2
    assert page.get_attribute(".case-call[data-call='1'] .case-promise", "data-kept") == "no"
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert not errors, errors
    ctx.close()
