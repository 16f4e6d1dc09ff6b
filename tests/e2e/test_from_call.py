"""A draft from a real call in a real browser (issue 21, item 7), at 1280×800 and 390×844: a trainer pastes
a transcript, sees the archetype guessed and the personal data replaced, and opens the persona draft."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CALL = ("催收员: 您好,我是安信消费金融的小陈,请问是赵志强先生本人吗?\n"
        "客户: 是我。你们烦不烦啊?一天打八遍!我手机13812345678你们打爆了!\n"
        "催收员: 您这期7376元已经逾期8天了。\n"
        "客户: 下周,下周我一定还。\n")


@pytest.mark.parametrize("size", SIZES)
def test_a_trainer_drafts_a_persona_from_a_call(browser, first_run_server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, first_run_server, "trainer")
    page.wait_for_url(re.compile(r".*/trainer.*"))
    page.goto(first_run_server["base"] + "/trainer/personas")
    page.click("#from-call-link")
    page.wait_for_url("**/trainer/from-call")
    page.fill("#from-call-form textarea[name=text]", CALL)
    page.click("#from-call-submit")
    page.wait_for_selector("#from-call-result")
    assert page.get_attribute("#from-call-result", "data-archetype") == "provocative"
    assert "电话" in page.inner_text("#from-call-replaced")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.click("#draft-persona")
    page.wait_for_url("**/trainer/personas/call-provocative-*/edit")
    body = page.content()
    assert "赵志强" not in body and "13812345678" not in body and "你们烦不烦啊" in body
    assert not errors, errors
    ctx.close()
