"""Capture the README screenshots: a real server (offline engine) driven by Debian chromium.

Usage: .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
LINES = [
    "您好,我是安信消费金融贷后服务部的小陈,工号0917,请问是王建军先生本人吗?",
    "王先生,您先别着急,有什么不满您慢慢说,我在听。",
    "我理解您的心情,一直接电话确实烦,换成我也会不舒服。",
    "您看这样行不行,我们这边可以帮您申请分两期还款,您看每期能承担多少?",
]

PREVIEW_LINES = [
    "您好,我是安居物业服务中心的小陈,请问是刘女士本人吗?",
    "刘女士,物业哪里让您不满意,您慢慢说,我在听。",
]


def login(*, page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "screenshot-pw")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def authoring(browser, base: str, out: Path) -> None:
    """The trainer's authoring workspace: the persona list, the editor form, the preview chat, a versions diff."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page=page, base=base, username="trainerdemo")
    page.wait_for_load_state()
    page.goto(base + "/trainer/personas")
    row = page.locator('#catalog-table tr[data-object="evasive"]')
    row.locator("details.clone summary").click()
    row.locator("input[name=new_id]").fill("property-fee")
    page.screenshot(path=str(out / "authoring-list.png"))
    row.locator(".clone-form button[type=submit]").click()
    page.wait_for_url("**/trainer/personas/property-fee/edit*")
    page.fill("input[name='name.zh']", "物业费拖欠户")
    page.fill("input[name='name.en']", "Property-fee holdout")
    page.fill("textarea[name='summary.zh']", "小区业主,嫌物业服务差,一年没交物业费;一提钱就推说忙、回头再说。")
    expect(page.locator("#preview-log .msg-debtor")).to_have_count(1)
    page.screenshot(path=str(out / "authoring-editor.png"))
    for i, line in enumerate(PREVIEW_LINES, start=2):
        page.fill("#preview-line", line)
        page.keyboard.press("Enter")
        expect(page.locator("#preview-log .msg-debtor")).to_have_count(i)
    page.set_viewport_size({"width": 1366, "height": 1200})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / "authoring-preview.png"))
    page.fill("#persona-form input[name=note]", "物业费产品线首版")
    page.click("#publish-form")
    page.wait_for_url("**published=1*")
    page.fill("input[name='voice.max_chars']", "60")
    page.locator('details[data-intent="opening"] summary').click()
    page.locator('ol[data-name="bank.opening.any"] + .add-line').click()
    page.locator('ol[data-name="bank.opening.any"] li input').last.fill("喂?物业的吧?我这会儿忙着呢。")
    page.fill("#persona-form input[name=note]", "开场白加一句,回答更短")
    page.click("#publish-form")
    page.wait_for_url("**published=2*")
    page.goto(base + "/trainer/personas/property-fee/versions")
    page.screenshot(path=str(out / "authoring-versions.png"), full_page=True)
    page.close()


HOME_USERS = {"trainee": "demo", "trainer": "trainerdemo", "hr": "hrdemo", "admin": "admindemo"}
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def homes(browser, base: str, out: Path) -> None:
    """Each role's home, where login lands (issue 20), at 1280×800 and 390×844; the admin's with a menu open."""
    for role, username in HOME_USERS.items():
        for size, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport)
            login(page=page, base=base, username=username)
            page.wait_for_load_state()
            page.screenshot(path=str(out / f"home-{role}-{size}.png"))
            if role == "admin" and size == "desktop":
                page.click("nav summary >> text=认证")
                page.screenshot(path=str(out / "nav-menu-admin.png"))
            page.close()


def admin_users(browser, base: str, out: Path) -> None:
    """The admin's user page (issue 20) at both sizes, right after creating a trainee: the one-time password."""
    for size, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport)
        login(page=page, base=base, username="admindemo")
        page.wait_for_load_state()
        page.goto(base + "/admin/users")
        page.fill("#create-user input[name=username]", f"xiaoli_{size}")
        page.fill("#create-user input[name=display_name]", "李小丽")
        if page.locator("#create-user select[name=cohort_id] option").count() > 1:
            page.select_option("#create-user select[name=cohort_id]", index=1)
        page.click("#create-user-submit")
        page.wait_for_selector("#issued")
        page.screenshot(path=str(out / f"admin-users-{size}.png"), full_page=size == "desktop")
        page.close()


def on_phone(browser, page, path: Path) -> None:
    """The page ``page`` shows, as the same user sees it at 390×844."""
    phone = browser.new_page(viewport=SIZES["phone"])
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    phone.screenshot(path=str(path))
    phone.close()


def say_lines(page, lines: list[str]) -> None:
    """Type each line into the chat until the debtor hangs up (the page then turns into the debrief)."""
    for line in lines:
        if page.locator("#composer").count() == 0:
            break
        page.fill("#message", line)
        page.keyboard.press("Enter")
        page.wait_for_selector("#send:not([disabled]), #debrief-top")


def end_call(page) -> None:
    """End the chat, unless the debtor hung up first (the page then reloads with the debrief)."""
    try:
        page.wait_for_selector("#debrief-top", timeout=3000)
    except PlaywrightTimeout:
        page.click("#end-call")
        page.wait_for_selector("#debrief-top")


POOR_LINES = ["王建军是吧?你欠的钱到底什么时候还?", "你再不还,我们就去你单位找你领导。"]


def debriefs(browser, page, out: Path) -> None:
    """The debrief's first screen at both sizes (issue 20), the whole debrief, then 「再练一次」 with a poorer
    call to show the comparison with the previous attempt."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / "debrief-desktop.png"))
    page.screenshot(path=str(out / "debrief.png"), full_page=True)
    on_phone(browser, page, out / "debrief-phone.png")
    page.click("#retry")
    page.wait_for_url("**/practice/*")
    for line in POOR_LINES:
        page.fill("#message", line)
        page.keyboard.press("Enter")
        page.wait_for_selector("#send:not([disabled]), #debrief-top")
    end_call(page)
    page.evaluate("window.scrollTo(0, 0)")
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.screenshot(path=str(out / "debrief-compare.png"))
    page.set_viewport_size(SIZES["desktop"])


HINT_LINES = ["喂,你欠的钱什么时候还?", "逾期了就得还,按合同办。", "你必须今天还。", "别找借口。"]


def hints(browser, base: str, out: Path) -> None:
    """A chat with hints on (issue 21) at both sizes: the hints after the replies that called for them."""
    for size, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport)
        login(page=page, base=base, username="demo")
        page.goto(base + "/scenarios")
        page.click("button[data-start=provocative-m1]")
        page.wait_for_url("**/practice/*")
        page.click("#hints-toggle button")
        page.wait_for_selector("#hints-toggle button[aria-pressed=true]")
        for line in HINT_LINES:
            page.fill("#message", line)
            page.keyboard.press("Enter")
            page.wait_for_selector("#send:not([disabled])")
        page.locator(".hint-card").last.scroll_into_view_if_needed()
        page.screenshot(path=str(out / f"hints-{size}.png"))
        page.close()


BRANCH_LINES = ["您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?麻烦报一下身份证后四位。",
                "你这种人就是欠收拾。"]
BRANCH_BETTER = "王先生,我理解您生意上回款慢。您看这个月底前能先还一部分吗?"


def branch(browser, base: str, out: Path) -> None:
    """An ended chat redone from the insult (issue 21): the branch's debrief beside the original."""
    page = browser.new_page(viewport=SIZES["desktop"])
    page.on("dialog", lambda d: d.accept())
    login(page=page, base=base, username="demo")
    page.goto(base + "/scenarios")
    page.click("button[data-start=provocative-m1]")
    page.wait_for_url("**/practice/*")
    say_lines(page, BRANCH_LINES)
    end_call(page)
    page.locator(".rewind-form button").nth(1).click()
    page.wait_for_selector("#branch-banner")
    page.fill("#message", BRANCH_BETTER)
    page.keyboard.press("Enter")
    page.wait_for_selector("#send:not([disabled]), #debrief-top")
    try:
        page.wait_for_selector("#debrief-top", timeout=3000)
    except PlaywrightTimeout:
        page.click("#end-call")
    page.wait_for_selector("#compare")
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.locator("#compare").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "branch-compare.png"))
    page.close()


CASE_HOLLOW = ["您好,我是鑫源小额贷款有限公司贷后服务部的小陈,工号0917,请问是吴志刚先生本人吗?",
               "我理解您的难处。", "您看什么时候能还上?", "好的,那就这样。"]
CASE_PINNED = [CASE_HOLLOW[0], "吴先生,这次是因为什么原因没还上呢?钱从哪里来?",
               "我理解您的难处。每一次约定都会记录在案,按时兑现对您的信用很重要。",
               "您看下周四前先还2000元,可以吗?",
               "那我跟您确认一下:下周四前,还款2000元,通过官方APP还,到时候我会跟进确认,对吗?"]


def cases(browser, base: str, out: Path) -> None:
    """A multi-call case played to its end (issue 21): a vague promise on day 3, pinned ones after; then the
    case page with its timeline and debrief, at both sizes."""
    page = browser.new_page(viewport=SIZES["desktop"])
    page.on("dialog", lambda d: d.accept())
    login(page=page, base=base, username="demo")
    page.goto(base + "/cases")
    page.screenshot(path=str(out / "cases.png"))
    page.click("button[data-start-case=promiser-three-dates]")
    for script in (CASE_HOLLOW, CASE_PINNED, CASE_PINNED):
        page.wait_for_selector("#case-banner")
        say_lines(page, script)
        end_call(page)
        page.click("#case-next")
    page.wait_for_selector("#case-debrief")
    page.goto(page.url.split("#")[0])  # from the top: the heading and the figures
    page.screenshot(path=str(out / "case-debrief-desktop.png"), full_page=True)
    on_phone(browser, page, out / "case-debrief-phone.png")
    page.close()


def exams(browser, base: str, out: Path) -> None:
    """Exam mode (issue 21): HR sets an exam for the trainee's cohort; the trainee's exam call, timer running,
    at both sizes (a grant between them), and HR's results page."""
    hr = browser.new_page(viewport=SIZES["desktop"])
    login(page=hr, base=base, username="hrdemo")
    cohort = hr.request.post(base + "/api/hr/cohorts", data={"name": "2026 冬季新人班"},
                             headers={"X-CSRF-Token": hr.locator("meta[name=csrf-token]").get_attribute("content")})
    cid = cohort.json()["id"]
    token = hr.locator("meta[name=csrf-token]").get_attribute("content")
    hr.request.post(base + f"/api/hr/cohorts/{cid}/members", data={"username": "demo", "role": "trainee"},
                    headers={"X-CSRF-Token": token})
    hr.goto(base + "/trainer/exams")
    hr.fill("#exam-form input[name=name]", "M1 上岗考试")
    hr.select_option("#exam-form select[name=cohort_id]", str(cid))
    for sid in ("provocative-m1", "evasive-m1", "victim-m1"):
        hr.check(f"#exam-form input[name=pool][value='{sid}']")
    hr.fill("#exam-form input[name=time_limit_minutes]", "8")
    hr.click("#create-exam")
    hr.wait_for_url("**/trainer/exams/*")
    results = hr.url
    for size, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport)
        page.on("dialog", lambda d: d.accept())
        login(page=page, base=base, username="demo")
        page.goto(base + "/exams")
        page.locator("button[data-start-exam]").first.click()
        page.wait_for_url("**/practice/*")
        say_lines(page, EXAM_LINES)
        page.wait_for_timeout(1200)  # the clock has ticked
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(out / f"exam-{size}.png"))
        end_call(page)
        page.close()
        if size == "desktop":  # another attempt for the phone shot
            hr.goto(results)
            hr.locator("tr[data-trainee='demo'] input[name=reason]").fill("截图用的第二次机会")
            hr.locator("tr[data-trainee='demo'] button[data-grant]").click()
            hr.wait_for_url("**/trainer/exams/*")
    hr.goto(results)
    hr.screenshot(path=str(out / "exam-results.png"))
    hr.close()


EXAM_LINES = ["您好,我是贷后服务部的小陈,工号0917,请问是本人吗?", "您先别着急,慢慢说,我在听。"]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp()
    env = {**os.environ, "SIM_DATA_DIR": data, "SIM_STREAM_DELAY_MS": "0", "SIM_ENGINE_SEED": "3"}
    cli = [sys.executable, "-m", "simulator"]
    subprocess.run([*cli, "users", "add", "demo", "--role", "trainee", "--password-stdin",
                    "--name", "张晓雨"], input="screenshot-pw\n", text=True, env=env, check=True, capture_output=True)
    subprocess.run([*cli, "users", "add", "hrdemo", "--role", "hr", "--password-stdin",
                    "--name", "周敏"], input="screenshot-pw\n", text=True, env=env, check=True, capture_output=True)
    subprocess.run([*cli, "users", "add", "trainerdemo", "--role", "trainer", "--password-stdin",
                    "--name", "李培训"], input="screenshot-pw\n", text=True, env=env, check=True, capture_output=True)
    subprocess.run([*cli, "users", "add", "admindemo", "--role", "admin", "--password-stdin",
                    "--name", "王管理"], input="screenshot-pw\n", text=True, env=env, check=True, capture_output=True)
    subprocess.run([*cli, "seed", "--seed", "1"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen([*cli, "serve", "--port", "8765", "--workers", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:8765"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "/login?next=/scenarios")
            page.screenshot(path=str(out / "login.png"))
            page.fill("input[name=username]", "demo")
            page.fill("input[name=password]", "screenshot-pw")
            page.click("button[type=submit]")
            page.wait_for_url("**/scenarios")
            page.screenshot(path=str(out / "scenarios.png"))
            page.click("button[data-start=provocative-m1]")
            page.wait_for_url("**/practice/*")
            for i, line in enumerate(LINES, start=1):
                page.fill("#message", line)
                page.keyboard.press("Enter")
                expect(page.locator(".msg-debtor")).to_have_count(i + 1)
                page.wait_for_selector("#send:not([disabled])")
            page.screenshot(path=str(out / "practice.png"))
            page.on("dialog", lambda d: d.accept())
            page.click("#end-call")
            page.wait_for_selector("#debrief-top")
            debriefs(browser, page, out)
            hints(browser, base, out)
            branch(browser, base, out)
            cases(browser, base, out)
            exams(browser, base, out)
            page.goto(base + "/guide")
            page.screenshot(path=str(out / "guide.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.context.add_cookies(page.context.cookies())
            phone.goto(page.url.replace("/guide", "/sessions"))
            phone.screenshot(path=str(out / "phone-sessions.png"))
            hr = browser.new_page(viewport={"width": 1280, "height": 800})
            login(page=hr, base=base, username="hrdemo")
            hr.wait_for_load_state()
            hr.goto(base + "/hr")
            hr.screenshot(path=str(out / "hr-overview.png"), full_page=True)
            link = hr.locator("a[href^='/hr/cohorts/']").first
            if link.count():
                link.click()
                hr.wait_for_load_state()
                hr.screenshot(path=str(out / "hr-cohort.png"), full_page=True)
            authoring(browser, base, out)
            homes(browser, base, out)
            admin_users(browser, base, out)
            browser.close()
    finally:
        proc.terminate()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
