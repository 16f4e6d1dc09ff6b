"""HR, tried as a new user would: first run with demo data, create a programme, watch the cohort
matrix fill in as a trainee practises, export CSV and xAPI, verify a certificate by its code."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

def _good_lines() -> list[str]:
    """The coping-technique script of the demo data for victim-m1 (scores in the 90s)."""
    from simulator.catalog.loader import load_catalog
    from simulator.config import PROJECT_ROOT
    from simulator.practice.demo_scripts import script_for

    catalog = load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
    return script_for(catalog.scenario("victim-m1"), "victim", "good")


GOOD = _good_lines()


def login(page, server, username: str) -> None:
    sign_in(page, server, username)
    page.wait_for_url(re.compile(r".*/(scenarios|hr|path|trainer|admin).*"))


def test_first_run_prints_generated_passwords_for_demo_trainees(first_run_server):
    passwords = first_run_server["passwords"]
    assert {"hr", "admin", "trainee", "demo_wang", "demo_zhao"} <= set(passwords)
    assert len(set(passwords.values())) == len(passwords)  # generated, never a fixed default
    assert "演示班组" in first_run_server["output"]


def test_hr_dashboard_is_meaningful_on_first_run(page, first_run_server):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, first_run_server, "hr")
    page.goto(first_run_server["base"] + "/hr")
    card = page.locator(".cohort-card").first
    expect(card).to_contain_text("演示班组")
    card.click()
    page.wait_for_url("**/hr/cohorts/*")
    rows = page.locator("#matrix tbody tr")
    assert rows.count() == 6
    assert page.locator("td.cell[data-status=done]").count() >= 14
    assert page.locator("td.cell[data-status=in_progress]").count() >= 3
    # the weekly median over the middle half, a line per trainee; the dimensions' trend folded below it
    assert page.locator("#cohort-spread .person").count() == 6
    assert page.locator("#cohort-trend svg polyline").count() == 4
    expect(page.locator("#at-risk")).to_contain_text("刘洋")
    expect(page.locator("#violations")).to_contain_text("向第三方披露")
    # the SVG is drawn with real geometry, styled by the stylesheet (no inline style, no script)
    box = page.locator("#cohort-spread svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    page.locator("details.dim-trend summary").click()
    box = page.locator("#cohort-trend svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    page.locator("#matrix a", has_text="王晓明").click()
    page.wait_for_url("**/hr/trainees/*")
    expect(page.locator("#checklist")).to_have_attribute("data-complete", "yes")
    assert not errors, errors


def test_hr_creates_a_programme_watches_the_matrix_exports_and_verifies(browser, first_run_server):
    base = first_run_server["base"]
    hr_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    hr = hr_ctx.new_page()
    login(hr, first_run_server, "hr")

    # 1. a new programme in the browser form, with a validation error first
    hr.goto(base + "/hr/programmes")
    hr.click("#new-programme")
    hr.fill("input[name=name]", "E2E 受害者专项")
    hr.select_option("select[name=r0_archetype]", "victim")
    hr.select_option("select[name=r0_stage]", "M1")
    hr.fill("input[name=r0_min_overall]", "170")
    hr.click("#save-programme")
    expect(hr.locator("#form-errors")).to_contain_text("requirements.0.min_overall")
    hr.fill("input[name=r0_min_overall]", "75")
    hr.click("#save-programme")
    hr.wait_for_url("**/hr/programmes/*?saved=1")

    # 2. a cohort on that programme with the demo trainee in it
    hr.goto(base + "/hr/cohorts")
    hr.fill("#cohort-form input[name=name]", "E2E 班")
    hr.select_option("#cohort-form select[name=programme_id]", label="E2E 受害者专项")
    hr.click("#cohort-form button[type=submit]")
    hr.wait_for_url("**/members")
    hr.fill("#member-form input[name=username]", "trainee")
    hr.click("#member-form button[type=submit]")
    expect(hr.locator("#members-table")).to_contain_text("trainee")
    cohort_url = hr.url.removesuffix("/members")
    hr.goto(cohort_url)
    expect(hr.locator("td.cell")).to_have_attribute("data-status", "not_started")

    # 3. the trainee practises in another browser
    tr_ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    trainee = tr_ctx.new_page()
    login(trainee, first_run_server, "trainee")
    trainee.goto(base + "/scenarios")
    trainee.click("button[data-start=victim-m1]")
    trainee.wait_for_url("**/practice/*")
    for i, line in enumerate(GOOD, start=1):
        trainee.fill("#message", line)
        trainee.keyboard.press("Enter")
        expect(trainee.locator(".msg-debtor, .msg-third_party")).to_have_count(i + 1)
        trainee.wait_for_selector("#send:not([disabled])")
    trainee.on("dialog", lambda d: d.accept())
    trainee.click("#end-call")
    trainee.wait_for_selector("#grade")
    assert trainee.locator("#grade").get_attribute("data-passed") == "yes"

    # 4. the matrix fills in
    hr.goto(cohort_url)
    expect(hr.locator("td.cell")).to_have_attribute("data-status", "done")

    # 5. exports
    hr.goto(base + "/hr/exports")
    with hr.expect_download() as dl:
        hr.click("#export-attempts")
    text = open(dl.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("session_id,grade_id,username")
    assert "victim-m1" in text
    xapi = hr.request.get(base + "/api/hr/exports/xapi.json")
    statements = json.loads(xapi.text())
    assert statements and all(s["version"] == "1.0.3" for s in statements)

    # 6. the pass completed the new programme: a certificate was issued; verify it by its code, logged out
    hr.goto(base + "/hr/certificates")
    row = hr.locator("#certificates-table tbody tr", has_text="E2E 受害者专项")
    expect(row).to_have_count(1)
    code = row.locator("code").inner_text()
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(base + "/verify")
    public.fill("input[name=code]", code.lower())
    public.click("button[type=submit]")
    expect(public.locator("#verify-result")).to_have_attribute("data-status", "valid")
    expect(public.locator("#verify-result")).to_contain_text("E2E 受害者专项")
    expect(public.locator("#verify-result")).to_contain_text("演示学员")
    assert "session" not in public.locator("#verify-result").inner_text().lower()
    tr_ctx.close()
    hr_ctx.close()
