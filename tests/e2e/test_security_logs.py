"""Secrets never reach a real server's output: a uvicorn with JSON logs at DEBUG, an LLM key, logins
(form and token, right and wrong), a locked account, turns voiced by the LLM (one answered by a gateway
error that echoes the key) and errors — then its whole output is searched for the secrets."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import serving
from tests.fakes.openai_server import FakeOpenAI, Reply

pytestmark = [pytest.mark.e2e, pytest.mark.security]

API_KEY = "sk-e2e-logs-KEY-6f1d2c3b4a5e"
PASSWORD = "e2e-password-1"  # erin's, set by serving()
WRONG = "e2e-Wrong-Guess-42"


def call(opener, base: str, method: str, path: str, *, form=None, body=None, token=None) -> tuple[int, str]:
    headers, data = {}, None
    if form is not None:
        data, headers["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with opener.open(urllib.request.Request(base + path, data=data, headers=headers, method=method), timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_the_servers_output_holds_no_secret(tmp_path):
    log = tmp_path / "server.log"
    fake = FakeOpenAI()
    fake.queue(Reply(status=401, echo_auth=True), Reply(status=401, echo_auth=True))
    with fake, serving(tmp_path / "data", log_to=log, SIM_LLM_BASE_URL=fake.url, SIM_LLM_MODEL="fake-model",
                       SIM_LLM_API_KEY=API_KEY, SIM_LOG_FORMAT="json", SIM_LOG_LEVEL="DEBUG") as server:
        base = server["base"]
        jar = CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        _, page = call(browser, base, "GET", "/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert call(browser, base, "POST", "/login", form={"username": "erin", "password": WRONG,
                                                           "csrf_token": csrf})[0] == 401
        for _ in range(5):
            call(browser, base, "POST", "/api/auth/token", form={"username": "nobody", "password": PASSWORD})
        assert call(browser, base, "POST", "/api/auth/token", form={"username": "nobody", "password": WRONG})[0] == 429
        status, text = call(browser, base, "POST", "/api/auth/token", form={"username": "erin", "password": PASSWORD})
        assert status == 200
        token = json.loads(text)["access_token"]
        _, page = call(browser, base, "GET", "/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        call(browser, base, "POST", "/login", form={"username": "erin", "password": PASSWORD, "csrf_token": csrf})
        cookie = next(c.value for c in jar if c.name == "sim_session")
        assert call(browser, base, "GET", "/sessions")[0] == 200
        status, text = call(browser, base, "POST", "/api/sessions", body={"scenario_id": "provocative-m1"}, token=token)
        sid = json.loads(text)["id"]
        for line in ("您好,我是安信消费金融的小陈", "这个月能先还一部分吗?"):
            assert call(browser, base, "POST", f"/api/sessions/{sid}/turns", body={"text": line}, token=token)[0] == 200
        call(browser, base, "GET", "/api/sessions", token=token + "x")
        call(browser, base, "GET", "/api/sessions/" + "0" * 32, token=token)
        call(browser, base, "POST", "/api/sessions", body={"scenario_id": ""}, token=token)
    env = {**os.environ, "SIM_DATA_DIR": str(tmp_path / "data")}
    env.pop("SIM_DATABASE_URL", None)
    hashes = subprocess.run([sys.executable, "-c", (
        "from sqlmodel import Session, select\n"
        "from simulator.config import Settings\nfrom simulator.db.engine import make_engine\n"
        "from simulator.db.models import User\n"
        "e = make_engine(Settings().resolved_database_url())\n"
        "print('\\n'.join(u.password_hash for u in Session(e).exec(select(User)).all()))")],
        env=env, capture_output=True, text=True, check=True).stdout.split()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert len(fake.chat_requests()) >= 2 and hashes
    assert '"path": "/api/auth/token"' in output or "/api/auth/token" in output  # the server did log
    secrets = {"password": (PASSWORD, WRONG), "API key": (API_KEY,), "bearer token": (token,),
               "session cookie": (cookie,), "password hash": tuple(hashes) + tuple(h[-12:] for h in hashes)}
    found = [f"{kind}: {value[:12]}…" for kind, values in secrets.items() for value in values if value in output]
    assert not found, found
