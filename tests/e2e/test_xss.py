"""XSS in a real browser: markup typed by a trainee, streamed by the LLM (a fake OpenAI-compatible server
whose every reply carries a probe), and put in a cohort name is shown as text — no dialog fires, no
element is created from it, on the pages that render it on the server and in the chat's own script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serving
from tests.fakes.openai_server import FakeOpenAI, Reply

pytestmark = [pytest.mark.e2e, pytest.mark.security]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_LINK = '<a href="javascript:alert(3)">点我</a>'
LEAD = "我都跟你们说了多少遍了,这个月手头真的一分钱都没有"


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory):
    fake = FakeOpenAI(default=Reply(text=f"{LEAD}{IMG}别再打了。", chunk_chars=3))
    with fake, serving(tmp_path_factory.mktemp("e2e-xss"), SIM_LLM_BASE_URL=fake.url, SIM_LLM_MODEL="fake-model",
                       SIM_LLM_API_KEY="sk-e2e-xss-key-000") as running:
        yield running | {"fake": fake}


def api(server, method: str, path: str, body=None, token: str | None = None, form: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if form is not None:
        from urllib.parse import urlencode

        data, headers = urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(server["base"] + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=30) as res:
        text = res.read().decode()
        return json.loads(text) if text else None


def login(page, server, username: str, password: str) -> None:
    page.goto(server["base"] + "/login?next=/scenarios")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/scenarios")


def watch(page) -> list[str]:
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: fired.append(f"page error: {e}"))
    return fired


def injected(page) -> int:
    """Elements the probes would have created had they been parsed as HTML."""
    return page.evaluate("""() => document.querySelectorAll(
        'img[src="x"], a[href^="javascript:"], script:not([src])').length""")


def test_typed_and_streamed_markup_stays_text_in_the_chat(page, xss_server):
    fired = watch(page)
    login(page, xss_server, xss_server["username"], xss_server["password"])
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    for i, line in enumerate((f"您好{SCRIPT}{IMG}", f"请看 {JS_LINK}"), start=1):
        page.fill("#message", line)
        page.keyboard.press("Enter")
        expect(page.locator(".msg-debtor, .msg-third_party")).to_have_count(i + 1)
        page.wait_for_selector("#send:not([disabled])")
    texts = page.locator(".msg-collector .msg-text").all_inner_texts()
    assert texts[0] == f"您好{SCRIPT}{IMG}" and JS_LINK in texts[1]
    debtor = page.locator(".msg-debtor .msg-text").all_inner_texts()
    assert any("<img src=x onerror=alert>" in t for t in debtor), debtor  # the streamed reply, as text
    assert injected(page) == 0
    page.reload()  # the same transcript rendered by the server
    # (the fake says the same line every turn: the guard lets it through once, then the offline line answers)
    assert any("<img src=x onerror=alert>" in t for t in page.locator(".msg-debtor .msg-text").all_inner_texts())
    assert injected(page) == 0
    page.goto(xss_server["base"] + "/sessions")
    assert injected(page) == 0 and not fired, fired


def test_a_cohort_name_with_markup_stays_text_on_the_hr_pages(browser, xss_server):
    env = {**os.environ, "SIM_DATA_DIR": xss_server["data_dir"], "SIM_SECRET_KEY": "e2e-secret"}
    env.pop("SIM_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "simulator", "users", "add", "hank", "--role", "hr", "--password-stdin"],
                   input="e2e-password-2\n", text=True, env=env, check=True, capture_output=True)
    token = api(xss_server, "POST", "/api/auth/token", form={"username": "hank", "password": "e2e-password-2"})
    cohort = api(xss_server, "POST", "/api/hr/cohorts", {"name": f"一期{SCRIPT}{IMG}"}, token["access_token"])
    api(xss_server, "POST", f"/api/hr/cohorts/{cohort['id']}/members", {"username": "erin", "role": "trainee"},
        token["access_token"])
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    fired = watch(page)
    page.goto(xss_server["base"] + "/login")
    page.fill("input[name=username]", "hank")
    page.fill("input[name=password]", "e2e-password-2")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    for path in ("/hr", "/hr/cohorts", f"/hr/cohorts/{cohort['id']}", f"/hr/cohorts/{cohort['id']}/members"):
        page.goto(xss_server["base"] + path)
        assert SCRIPT in page.inner_text("main"), path
        assert injected(page) == 0, path
    context.close()
    assert not fired, fired


def test_swagger_ui_works_under_the_strict_csp(page, xss_server):
    """/docs has no inline script either: Swagger UI starts from a static file and renders every operation."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    res = page.goto(xss_server["base"] + "/docs")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 50 and not problems, problems
