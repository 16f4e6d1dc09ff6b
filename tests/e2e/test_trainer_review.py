"""Trainer review in the browser (issue 5): on a first-run server with the demo cohort, the demo
trainer opens a trainee's graded session, comments on a turn and overrides the grade; the trainee
then sees the override and the comment on their practice page. Also the rule tester's script."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def login(page, server, username: str) -> None:
    sign_in(page, server, username)
    page.wait_for_url(re.compile(r".*/(scenarios|hr|path|trainer|admin).*"))


def _watch(page) -> list[str]:
    """Script errors and CSP violations (the CSP forbids inline script and style)."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def test_trainer_comments_and_overrides_then_the_trainee_sees_it(browser, first_run_server):
    base = first_run_server["base"]
    assert "trainer" in first_run_server["passwords"]
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    tp = ctx.new_page()
    problems = _watch(tp)
    login(tp, first_run_server, "trainer")

    tp.click("nav summary >> text=带教")  # the group's menu (issue 20)
    tp.click("nav >> text=复盘点评")
    tp.wait_for_url("**/trainer/review")
    row = tp.locator('#review-table tr[data-trainee="demo_wang"]').first
    expect(row).to_contain_text("王晓明")
    sid = row.get_attribute("data-session")
    row.locator("a", has_text="复盘").click()
    tp.wait_for_url(f"**/trainer/review/{sid}")
    expect(tp.locator("#grade")).to_be_visible()
    original = tp.locator("#grade .grade-score span").inner_text()

    # comment on the trainee's first line (turn 1)
    turn = tp.locator("#turn-1")
    turn.locator("details.comment-form summary").click()
    turn.locator("textarea[name=text]").fill("开口先核实身份,做得好;下次报上工号。")
    turn.locator("button[type=submit]").click()
    tp.wait_for_url(f"**/trainer/review/{sid}#turn-1")
    expect(tp.locator("#turn-1 .turn-comment")).to_contain_text("下次报上工号")

    # override the grade with a reason; the original grade stays on the page
    tp.fill("#override-form input[name=overall]", "95")
    tp.select_option("#override-form select[name=passed]", "yes")
    tp.fill("#override-form textarea[name=reason]", "客户情绪处理到位,规则把第3句误判为施压。")
    tp.click("#override-form button[type=submit]")
    tp.wait_for_url(f"**/trainer/review/{sid}#override")
    expect(tp.locator("#current-override")).to_contain_text("95")
    expect(tp.locator("#current-override")).to_contain_text("规则把第3句误判")
    assert tp.locator("#grade .grade-score span").inner_text() == original
    assert not problems, problems
    ctx.close()

    # the trainee sees the override and the comment, apart from the computed grade
    tctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    me = tctx.new_page()
    problems = _watch(me)
    login(me, first_run_server, "demo_wang")
    me.goto(f"{base}/practice/{sid}")
    feedback = me.locator("#trainer-feedback")
    expect(feedback).to_be_visible()
    expect(feedback.locator("#grade-override")).to_contain_text("95")
    expect(feedback.locator("#grade-override")).to_contain_text("规则把第3句误判")
    expect(feedback.locator("#turn-comments")).to_contain_text("下次报上工号")
    expect(me.locator("#debrief-top .grade-score span")).to_have_text(original)
    assert not problems, problems
    # and cannot open the trainer pages
    assert me.goto(f"{base}/trainer/review/{sid}").status == 403
    tctx.close()


def test_rule_tester_shows_rule_basis_and_suggestion(page, first_run_server):
    problems = _watch(page)
    login(page, first_run_server, "trainer")
    page.click("nav summary >> text=带教")  # the group's menu (issue 20)
    page.click("nav >> text=话术检测")
    page.wait_for_url("**/trainer/rule-test")
    page.fill("#rule-test-text", "再不还钱我就打断你的腿")
    page.click("#rule-test-run")
    hit = page.locator('#rule-test-violations li[data-rule="CN-THREAT-VIOLENCE"]')
    expect(hit).to_contain_text("威胁恐吓")
    expect(hit.locator(".better")).to_be_visible()
    expect(hit).to_contain_text("依据")
    page.fill("#rule-test-text", "您好,我是XX银行的客服小王,请问是张先生本人吗?")
    page.click("#rule-test-run")
    expect(page.locator("#rule-test-clean")).to_be_visible()
    expect(page.locator("#rule-test-moves")).to_contain_text("identity_verification")
    assert not problems, problems
