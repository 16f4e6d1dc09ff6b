"""Accounts in the browser (issue 20), at 1280×800 and 390×844: the first-run admin changes the printed
password, creates a trainee, hands over the one-time password, and the trainee picks their own at the
first login and lands on their path."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_an_admin_creates_a_trainee_who_then_sets_their_own_password(browser, first_run_server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, first_run_server, "admin")
    page.goto(first_run_server["base"] + "/admin/users")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    username = f"newcomer_{size}"
    page.fill("#create-user input[name=username]", username)
    page.fill("#create-user input[name=display_name]", "新学员")
    page.select_option("#create-user select[name=cohort_id]", index=1)
    page.click("#create-user-submit")
    password = page.locator(f'tr[data-issued="{username}"] .one-time-password').inner_text()
    assert len(password) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    row = page.locator(f'#users-table tr[data-user="{username}"]')
    assert "待改密码" in row.inner_text() and "演示班组" in row.inner_text()
    ctx.close()

    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    page.goto(first_run_server["base"] + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/password")
    assert page.locator("#must-change").is_visible()
    page.goto(first_run_server["base"] + "/scenarios")  # nothing else opens before the password changes
    assert page.url.endswith("/account/password")
    page.fill("input[name=current]", password)
    page.fill("input[name=new]", "我自己的密码-2026冬")
    page.fill("input[name=confirm]", "我自己的密码-2026冬")
    page.click("#password-change button[type=submit]")
    page.wait_for_url(re.compile(r".*/path$"))
    assert not errors, errors
    ctx.close()
