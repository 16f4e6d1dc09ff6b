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


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp()
    env = {**os.environ, "SIM_DATA_DIR": data, "SIM_STREAM_DELAY_MS": "0", "SIM_ENGINE_SEED": "3"}
    cli = [sys.executable, "-m", "simulator"]
    subprocess.run([*cli, "users", "add", "demo", "--role", "trainee", "--password", "screenshot-pw",
                    "--name", "张晓雨"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "users", "add", "hrdemo", "--role", "hr", "--password", "screenshot-pw",
                    "--name", "周敏"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "seed", "--seed", "1"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen([*cli, "serve", "--port", "8765"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
            page.goto(base + "/login")
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
            page.wait_for_selector("#grade")
            page.locator("#summary").scroll_into_view_if_needed()
            page.screenshot(path=str(out / "debrief.png"), full_page=True)
            page.goto(base + "/guide")
            page.screenshot(path=str(out / "guide.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.context.add_cookies(page.context.cookies())
            phone.goto(page.url.replace("/guide", "/sessions"))
            phone.screenshot(path=str(out / "phone-sessions.png"))
            hr = browser.new_page(viewport={"width": 1280, "height": 800})
            hr.goto(base + "/login")
            hr.fill("input[name=username]", "hrdemo")
            hr.fill("input[name=password]", "screenshot-pw")
            hr.click("button[type=submit]")
            hr.wait_for_load_state()
            hr.goto(base + "/hr")
            hr.screenshot(path=str(out / "hr-overview.png"), full_page=True)
            link = hr.locator("a[href^='/hr/cohorts/']").first
            if link.count():
                link.click()
                hr.wait_for_load_state()
                hr.screenshot(path=str(out / "hr-cohort.png"), full_page=True)
            browser.close()
    finally:
        proc.terminate()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
