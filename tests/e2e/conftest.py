"""Browser-test fixtures: a real uvicorn on a free port (offline engine) and Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian chromium is not installed: run `make test` (it apt-installs chromium)")
    return path


@contextmanager
def serving(data: Path, log_to: Path | None = None, **extra_env: str) -> Iterator[dict]:
    """A real uvicorn (offline engine unless ``extra_env`` configures more) with the trainee erin; its
    output goes to ``log_to`` when given (the security suite reads it)."""
    env = {**os.environ, "SIM_DATA_DIR": str(data), "SIM_STREAM_DELAY_MS": "5", "SIM_SECRET_KEY": "e2e-secret"}
    env.pop("SIM_DATABASE_URL", None)
    for name in ("SIM_LLM_BASE_URL", "SIM_LLM_API_KEY", "SIM_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        env.pop(name, None)  # browser tests run the offline engine
    env.update(extra_env)
    cli = [sys.executable, "-m", "simulator"]
    subprocess.run([*cli, "users", "add", "erin", "--role", "trainee", "--password-stdin"],
                   input="e2e-password-1\n", text=True, env=env, check=True, capture_output=True)
    port = _free_port()
    output = log_to.open("wb") if log_to else subprocess.PIPE
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"], env=env,
                            stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("uvicorn did not start: " + (log_to.read_text(errors="replace") if log_to else
                                                  proc.stdout.read().decode(errors="replace")))
    try:
        yield {"base": base, "username": "erin", "password": "e2e-password-1", "data_dir": str(data)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if log_to:
            output.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    with serving(tmp_path_factory.mktemp("e2e-data")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="module")
def first_run_server(tmp_path_factory) -> Iterator[dict]:
    """``serve`` on an empty database, as a new user runs it: it creates the demo accounts and the demo
    cohort and prints their generated passwords once; we read them from its output (issue 6)."""
    import re
    import threading

    data = tmp_path_factory.mktemp("e2e-first-run")
    env = {**os.environ, "SIM_DATA_DIR": str(data), "SIM_STREAM_DELAY_MS": "5", "SIM_SECRET_KEY": "e2e-secret"}
    env.pop("SIM_DATABASE_URL", None)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def drain() -> None:  # keep reading so uvicorn never blocks on a full pipe
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("collector-sim on http"):
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if ready.is_set():
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("first-run serve did not start: " + "".join(lines))
    passwords = dict(re.findall(r"username: (\S+)\s+password: (\S+)", "".join(lines)))
    yield {"base": base, "passwords": passwords, "output": "".join(lines)}
    proc.terminate()
    proc.wait(timeout=10)


def sign_in(page, server: dict, username: str) -> None:
    """Log in with the password the server printed. A generated password must be changed at the first
    login (issue 20): the first time, the password form comes up; pick a phrase and remember it."""
    page.goto(server["base"] + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server["passwords"][username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.url.endswith("/account/password"):
        own = f"冬日练习-{len(username)}-梅花香"  # never containing the username (the password policy)
        page.fill("input[name=current]", server["passwords"][username])
        page.fill("input[name=new]", own)
        page.fill("input[name=confirm]", own)
        page.click("#password-change button[type=submit]")
        page.wait_for_url(lambda url: not url.endswith("/account/password"))
        server["passwords"][username] = own
