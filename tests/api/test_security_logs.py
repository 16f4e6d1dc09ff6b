"""Secrets never reach the logs: after logging in (form and token), failing logins, using a bearer token
and a session cookie, a turn voiced by an LLM with an API key (including a gateway error that echoes the
key), an LLM connection check and a few errors, no log record — as captured, and as the app's JSON
handler writes it — contains a password, the API key, a bearer token, the session cookie or a password
hash, with every logger at DEBUG."""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlmodel import Session, select

from simulator.accounts.service import create_user
from simulator.config import Settings
from simulator.core.logging_setup import configure_logging
from simulator.db.models import User
from tests.api.practice.llm_helpers import SECRET, llm_client, llm_settings
from tests.fakes.openai_server import FakeOpenAI, Reply

pytestmark = pytest.mark.security

PASSWORDS = ("Lake-Tai-rain-77", "Blue-Harbor-88")
WRONG = "wrong-Guess-99"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_no_secret_appears_in_any_log_line(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    json_out = io.StringIO()
    with FakeOpenAI() as fake:
        settings: Settings = llm_settings(tmp_path, fake, log_format="json", log_level="DEBUG")
        fake.queue(Reply(status=401, echo_auth=True), Reply(status=401, echo_auth=True))  # first turn: key echoed
        with llm_client(settings) as client:
            handler = configure_logging(settings, stream=json_out)
            with Session(client.app.state.engine) as db:
                create_user(db, username="alice", role="trainee", password=PASSWORDS[0])
                create_user(db, username="adam", role="admin", password=PASSWORDS[1])
                db.commit()
                hashes = [u.password_hash for u in db.exec(select(User)).all()]
            # failed logins, by form and API, then the right password
            page = client.get("/login")
            client.post("/login", data={"username": "alice", "password": WRONG, "csrf_token": csrf_of(page.text)})
            client.post("/api/auth/token", data={"username": "alice", "password": WRONG})
            client.post("/api/auth/token", data={"username": "nobody", "password": PASSWORDS[0]})
            tokens = [client.post("/api/auth/token", data={"username": u, "password": p}).json()["access_token"]
                      for u, p in (("alice", PASSWORDS[0]), ("adam", PASSWORDS[1]))]
            page = client.get("/login")
            client.post("/login", data={"username": "alice", "password": PASSWORDS[0], "csrf_token": csrf_of(page.text)})
            cookie = client.cookies["sim_session"]
            client.get("/sessions")
            alice = {"Authorization": f"Bearer {tokens[0]}"}
            sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
            for line in ("您好,我是安信消费金融的小陈", "这个月能先还一部分吗?"):
                client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=alice)
            client.post("/api/admin/llm/check", headers={"Authorization": f"Bearer {tokens[1]}"})
            # errors: a bad token, a bad body, an unknown id, a page without login
            client.get("/api/sessions", headers={"Authorization": f"Bearer {tokens[0]}x"})
            client.post("/api/auth/token", data={"password": PASSWORDS[0]})
            client.get("/api/sessions/" + "0" * 32, headers=alice)
            client.cookies.clear()
            client.get("/sessions", follow_redirects=False)
            logging.getLogger().removeHandler(handler)
    assert fake.chat_requests(), "the LLM was never called, so its key was never at risk"
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records) + json_out.getvalue()
    assert "auth.login" in logged or "POST /api/auth/token" in logged  # the lines are there to search
    secrets = {"password": PASSWORDS + (WRONG,), "API key": (SECRET,), "bearer token": tuple(tokens),
               "session cookie": (cookie,), "password hash": tuple(hashes) + tuple(h[-12:] for h in hashes)}
    found = [f"{kind}: {value[:12]}…" for kind, values in secrets.items() for value in values if value in logged]
    assert not found, found


def test_a_path_cannot_forge_a_log_line(client, caplog):
    """A decoded %0A (or any control character) in a path is escaped in the access line."""
    caplog.set_level(logging.INFO, logger="simulator.access")
    client.get("/api/x%0A2026-01-01 INFO simulator.auth: admin logged in%0D%1B[2J")
    lines = [r.getMessage() for r in caplog.records if r.name == "simulator.access" and "/api/x" in r.getMessage()]
    assert lines and not any(ch in lines[0] for ch in "\n\r\x1b"), lines
    assert "\\x0a2026-01-01 INFO" in lines[0]
