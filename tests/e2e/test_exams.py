"""Exam mode in a real browser (issue 21, item 1), at 1280×800 and 390×844: HR sets an exam for the trainee's
cohort; the trainee starts it (confirming that the attempt is used), calls under a running clock with no hints
and no debtor type shown, ends the call and cannot start it again; HR grants another attempt."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.e2e.chat import SIZES, finish, open_page, say
from tests.e2e.test_practice_flow import login
from tests.e2e.test_xss import api

pytestmark = pytest.mark.e2e

LINES = ["您好,我是贷后服务部的小陈,工号0917,请问是本人吗?", "您先别着急,慢慢说,我在听。"]


@pytest.fixture(scope="module")
def hr_token(server):
    env = {**os.environ, "SIM_DATA_DIR": server["data_dir"]}
    env.pop("SIM_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "simulator", "users", "add", "hedy", "--role", "hr", "--password-stdin"],
                   input="e2e-password-3\n", text=True, env=env, check=True, capture_output=True)
    token = api(server, "POST", "/api/auth/token", form={"username": "hedy", "password": "e2e-password-3"})
    return token["access_token"]


@pytest.fixture(scope="module")
def cohort(server, hr_token):
    cohort = api(server, "POST", "/api/hr/cohorts", {"name": "考试班"}, hr_token)
    api(server, "POST", f"/api/hr/cohorts/{cohort['id']}/members", {"username": server["username"], "role": "trainee"},
        hr_token)
    return cohort["id"]


@pytest.mark.parametrize("size", SIZES)
def test_a_trainee_takes_an_exam_once_under_the_clock(browser, server, hr_token, cohort, size):
    exam = api(server, "POST", "/api/exams", {"name": f"抽考 {size}", "cohort_id": cohort,
                                              "pool": ["provocative-m1"], "time_limit_minutes": 10}, hr_token)
    ctx, page, errors = open_page(browser, size)
    login(page, server)
    page.goto(server["base"] + "/exams")
    page.click(f"button[data-start-exam='{exam['id']}']")
    page.wait_for_url("**/practice/*")
    page.wait_for_function("document.querySelector('#exam-timer time').textContent.startsWith('09:')"
                           " || document.querySelector('#exam-timer time').textContent.startsWith('10:')")
    assert page.locator("#hints-toggle").count() == 0 and "挑衅型" not in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    for line in LINES:
        if not say(page, line):
            break
    finish(page)
    page.wait_for_selector("#debrief-top")
    assert page.locator("#retry").count() == 0 and page.locator(".rewind-form").count() == 0
    page.click("#back-to-exams")
    page.wait_for_url("**/exams")
    assert page.locator(f"#exam-used-{exam['id']}").count() == 1
    assert page.locator(f"button[data-start-exam='{exam['id']}']").count() == 0
    assert not errors, errors
    ctx.close()


def test_hr_sets_an_exam_in_the_browser_and_grants_another_attempt(browser, server, hr_token, cohort):
    ctx = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
    hr = ctx.new_page()
    hr.goto(server["base"] + "/login")
    hr.fill("input[name=username]", "hedy")
    hr.fill("input[name=password]", "e2e-password-3")
    hr.click("button[type=submit]")
    hr.wait_for_load_state()
    hr.goto(server["base"] + "/trainer/exams")
    hr.fill("#exam-form input[name=name]", "浏览器布置的考试")
    hr.check("#exam-form input[name=pool][value='victim-m1']")
    hr.fill("#exam-form input[name=time_limit_minutes]", "5")
    hr.click("#create-exam")
    hr.wait_for_url("**/trainer/exams/*")
    exam_id = hr.url.rsplit("/", 1)[1]
    row = hr.locator(f"tr[data-trainee='{server['username']}']")
    assert "1 / 1" in row.inner_text()
    row.locator("input[name=reason]").fill("第一次断线")
    row.locator("button[data-grant]").click()
    hr.wait_for_url("**/trainer/exams/*")
    assert "2 / 2" in hr.locator(f"tr[data-trainee='{server['username']}']").inner_text()
    trainee = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
    mine = trainee.new_page()
    login(mine, server)
    mine.goto(server["base"] + "/exams")
    card = mine.locator(f"[data-exam='{exam_id}']")
    assert "剩余 2 次" in card.inner_text()
    trainee.close()
    ctx.close()
