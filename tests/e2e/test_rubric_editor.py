"""House rules in the browser (issue 5, item 3): a trainer adds a banned phrase to the rule pack, tests a
line live against the unsaved draft, publishes, and a re-grade of a trainee's call flags the phrase."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

BANNED = "这是最后通牒,月底前必须还清。"


def login(page, server, username: str) -> str:
    sign_in(page, server, username)
    page.wait_for_url(re.compile(r".*/(scenarios|hr|path|trainer|admin).*"))
    return page.locator('meta[name="csrf-token"]').get_attribute("content")


def _watch(page) -> list[str]:
    """Script errors and CSP violations (a refused form's own 422 answer is expected, not a problem)."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "status of 422" not in m.text
            else None)
    return problems


def trainee_call_with_the_phrase(browser, server) -> str:
    """demo_wang (coached by the demo trainer) makes a short call that says the phrase, and ends it."""
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    csrf = login(page, server, "demo_wang")
    headers = {"X-CSRF-Token": csrf}
    sid = page.request.post(server["base"] + "/api/sessions", data={"scenario_id": "promiser-m3"},
                            headers=headers).json()["id"]
    for line in ("您好,我是安信消费金融的小陈,工号0917,请问是王先生本人吗?", BANNED):
        assert page.request.post(f"{server['base']}/api/sessions/{sid}/turns", data={"text": line},
                                 headers=headers).ok
    grade = page.request.post(f"{server['base']}/api/sessions/{sid}/end", headers=headers).json()
    assert not any(v["rule"].startswith("HOUSE-") for v in grade["violations"])
    ctx.close()
    return sid


def test_trainer_adds_a_house_rule_tests_it_live_publishes_and_a_regrade_flags_it(browser, first_run_server):
    base = first_run_server["base"]
    sid = trainee_call_with_the_phrase(browser, first_run_server)

    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    tp = ctx.new_page()
    problems = _watch(tp)
    csrf = login(tp, first_run_server, "trainer")
    tp.click("nav summary >> text=内容")  # the group's menu (issue 20)
    tp.click("nav >> text=评分标准")
    tp.wait_for_url("**/trainer/rubrics")
    tp.locator('#rules-list tr[data-object="cn"] a', has_text="编辑").click()
    tp.wait_for_url("**/trainer/rules/cn/edit")

    # a new house-rule row: the banned phrase, its category, a better phrasing and its own examples
    tp.click("#house-rules button.add-row")
    row = tp.locator("#house-table tr[data-row]").last
    row.locator("input[name='custom_rules.id']").fill("HOUSE-ULTIMATUM")
    row.locator("select[name='custom_rules.category']").select_option("misleading")
    row.locator("textarea[name='custom_rules.patterns']").fill("最后通牒")
    row.locator("textarea[name='custom_rules.description']").fill("公司规定:不对客户说“最后通牒”,这是在吓唬人。")
    row.locator("textarea[name='custom_rules.suggestion']").fill("请您在月底前处理一下,有困难可以跟我说,我们一起想办法。")
    row.locator("textarea[name='custom_rules.should_fire']").fill("这是最后通牒。")
    row.locator("textarea[name='custom_rules.should_not_fire']").fill("这不是最后通牒,只是提醒您。")

    # the live tester runs the unsaved draft
    tp.fill("#rule-test-text", "王先生," + BANNED)
    tp.click("#rule-test-run")
    hit = tp.locator('#rule-test-violations li[data-rule="HOUSE-ULTIMATUM"]')
    expect(hit).to_have_attribute("data-source", "house")
    expect(hit).to_contain_text("最后通牒")
    expect(hit.locator(".better")).to_contain_text("有困难可以跟我说")
    expect(tp.locator("#draft-badge")).to_have_count(0)  # nothing saved yet

    # publish; the editor comes back with the new version
    tp.fill("#pack-form input[name=note]", "禁止说“最后通牒”")
    tp.click("#publish-form")
    tp.wait_for_url(re.compile(r".*/trainer/rules/cn/edit\?published=\d+"))
    expect(tp.locator("#flash")).to_be_visible()
    expect(tp.locator("#house-table input[name='custom_rules.id']").first).to_have_value("HOUSE-ULTIMATUM")

    # a re-grade of the trainee's call now flags the phrase with the house rule's own advice
    res = tp.request.post(f"{base}/api/sessions/{sid}/grade", headers={"X-CSRF-Token": csrf})
    assert res.ok, res.text()
    [flagged] = [v for v in res.json()["violations"] if v["rule"] == "HOUSE-ULTIMATUM"]
    assert flagged["quote"] == "最后通牒" and flagged["category"] == "misleading"
    tp.goto(f"{base}/trainer/review/{sid}")
    expect(tp.locator("#grade .violations")).to_contain_text("HOUSE-ULTIMATUM")
    expect(tp.locator("#grade .violations")).to_contain_text("有困难可以跟我说")
    assert not problems, problems
    ctx.close()


def test_rubric_weights_total_updates_live(page, first_run_server):
    problems = _watch(page)
    login(page, first_run_server, "trainer")
    page.goto(first_run_server["base"] + "/trainer/rubrics/default/edit")
    expect(page.locator("#weights-sum")).to_have_text("100")
    page.locator("details.dimension").first.locator("summary").click()
    page.fill("input[name='dimensions.0.weight']", "40")
    expect(page.locator("#weights-sum")).to_have_text("105")
    expect(page.locator("#weights-total")).to_have_class(re.compile(r"\boff\b"))
    page.click("#save-form")
    expect(page.locator("#form-errors")).to_contain_text("weights must sum to 100 (got 105)")
    assert not problems, problems
