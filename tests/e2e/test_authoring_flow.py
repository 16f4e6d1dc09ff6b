"""Issue 5, "done when", in the browser: a trainer clones a built-in persona into a new product line (a
property-fee debtor), edits it in the form, previews it, publishes it, builds a scenario on it from a clone,
publishes that and assigns it to the demo cohort; a trainee of the cohort plays it and ends the call; the
grade names the persona, scenario and rubric versions; the trainer finds the graded session in review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

TRAINEE_LINES = [
    "您好,我是安居物业服务中心的小陈,工号0921,请问是刘女士本人吗?",
    "刘女士,物业服务哪里让您不满意,您慢慢说,我在听。",
    "我理解您的心情,电梯老坏确实影响生活,我先帮您登记报修。",
]


def login(page, server, username: str) -> None:
    sign_in(page, server, username)
    page.wait_for_url(re.compile(r".*/(scenarios|hr|path|trainer|admin).*"))


def watch(page) -> list[str]:
    """Script errors and CSP violations (the CSP forbids inline script and style)."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return problems


def clone(page, object_id: str, new_id: str) -> None:
    row = page.locator(f'#catalog-table tr[data-object="{object_id}"]')
    row.locator("details.clone summary").click()
    row.locator("input[name=new_id]").fill(new_id)
    row.locator(".clone-form button[type=submit]").click()


def test_trainer_authors_a_property_fee_line_and_a_trainee_plays_it(browser, first_run_server):
    base = first_run_server["base"]
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    tp = ctx.new_page()
    problems = watch(tp)
    login(tp, first_run_server, "trainer")

    # a persona for the new product line, cloned from a built-in one
    tp.click("nav summary >> text=内容")  # the group's menu (issue 20)
    tp.click("nav >> text=人设与场景")
    tp.wait_for_url("**/trainer/personas")
    expect(tp.locator('#catalog-table tr[data-object="evasive"]')).to_contain_text("内置")
    clone(tp, "evasive", "property-fee")
    tp.wait_for_url("**/trainer/personas/property-fee/edit*")
    expect(tp.locator("#draft-badge")).to_be_visible()
    tp.fill("input[name='name.zh']", "物业费拖欠户")
    tp.fill("input[name='name.en']", "Property-fee holdout")
    tp.fill("textarea[name='summary.zh']", "小区业主,嫌物业服务差,一年没交物业费;问到钱就推说忙、回头再说。")
    tp.locator('details[data-intent="opening"] summary').click()
    tp.locator('ol[data-name="bank.opening.any"] + .add-line').click()
    tp.locator('ol[data-name="bank.opening.any"] li input').last.fill("喂?物业的吧?我这会儿忙着呢。")

    # the preview talks to the unsaved draft and shows the engine state
    expect(tp.locator("#preview-log .msg-debtor")).to_have_count(1)
    tp.fill("#preview-line", "您好,我是安居物业服务中心的小陈,请问是刘女士本人吗?")
    tp.keyboard.press("Enter")
    expect(tp.locator("#preview-log .msg-debtor")).to_have_count(2)
    expect(tp.locator("#preview-state .meter")).to_have_count(3)
    expect(tp.locator("#preview-outcome")).to_be_visible()
    expect(tp.locator("#preview-fired")).to_be_visible()

    tp.fill("#persona-form input[name=note]", "物业费产品线首版")
    tp.click("#publish-form")
    tp.wait_for_url("**/trainer/personas/property-fee/edit?published=1*")
    expect(tp.locator("#flash")).to_contain_text("v1")
    tp.click("a[data-tab=yaml]")
    expect(tp.locator("#yaml-body")).to_have_value(re.compile("喂\\?物业的吧\\?我这会儿忙着呢。"))

    # a scenario on it, from a clone, published and assigned to the demo cohort
    tp.goto(base + "/trainer/scenarios")
    clone(tp, "evasive-m1", "property-fee-m1")
    tp.wait_for_url("**/trainer/scenarios/property-fee-m1/edit*")
    tp.select_option("select[name=persona]", "property-fee")
    tp.fill("input[name='title.zh']", "物业费 · M1 · 业主嫌服务差拖着不交")
    tp.fill("input[name='case_file.lender']", "安居物业服务有限公司")
    tp.fill("input[name='case_file.product']", "物业服务费")
    tp.fill("#scenario-form input[name=note]", "物业费场景首版")
    tp.click("#publish-form")
    tp.wait_for_url("**/trainer/scenarios/property-fee-m1/edit?published=1*")
    tp.locator("#assign-form label", has_text="演示班组").locator("input").check()
    tp.click("#assign-save")
    tp.wait_for_url("**/trainer/scenarios/property-fee-m1/edit?assigned=1*")
    expect(tp.locator("#assign-form label", has_text="演示班组").locator("input")).to_be_checked()
    assert not problems, problems

    # a trainee of the cohort sees it, plays it and ends the call
    tctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    me = tctx.new_page()
    trainee_problems = watch(me)
    login(me, first_run_server, "demo_wang")
    me.goto(base + "/scenarios")
    me.click("button[data-start=property-fee-m1]")
    me.wait_for_url("**/practice/*")
    session_id = me.url.rstrip("/").split("/")[-1]
    for i, line in enumerate(TRAINEE_LINES, start=1):
        me.fill("#message", line)
        me.keyboard.press("Enter")
        expect(me.locator(".msg-debtor, .msg-third_party")).to_have_count(i + 1)
        me.wait_for_selector("#send:not([disabled])")
    me.on("dialog", lambda d: d.accept())
    me.click("#end-call")
    me.wait_for_selector("#debrief-top")
    expect(me.locator("#grade")).not_to_contain_text("人设 v")  # a trainee never sees catalog versions (issue 20)
    expect(me.locator("#grade")).not_to_contain_text(re.compile(r"default@\d+"))
    assert not trainee_problems, trainee_problems
    tctx.close()

    # the trainer sees the graded session in review
    tp.click("nav summary >> text=带教")  # the group's menu (issue 20)
    tp.click("nav >> text=复盘点评")
    tp.wait_for_url("**/trainer/review")
    row = tp.locator(f'#review-table tr[data-session="{session_id}"]')
    expect(row).to_contain_text("物业费")
    row.locator("a").click()
    tp.wait_for_url(f"**/trainer/review/{session_id}")
    expect(tp.locator("#grade .grade-head")).to_contain_text("人设 v1")  # the trainer does see them
    expect(tp.locator("#grade .grade-head")).to_contain_text("场景 v1")
    expect(tp.locator("#grade .grade-head")).to_contain_text(re.compile(r"default@\d+"))
    assert not problems, problems
    ctx.close()
