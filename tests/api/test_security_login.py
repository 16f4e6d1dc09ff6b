"""Login rate limiting and lockout: failures are counted in the database (every worker sees them), five
of one username in fifteen minutes lock it for fifteen, one client address has a limit of its own, the
form and the token endpoint share the rule, and nothing tells a wrong password from an unknown user."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from simulator.persistence.models import AuditLog
from simulator.services import accounts, login_guard
from tests.conftest import PASSWORD

pytestmark = pytest.mark.security


def token(client, username: str, password: str):
    return client.post("/api/auth/token", data={"username": username, "password": password})


def fail(client, username: str, times: int) -> list[int]:
    return [token(client, username, "wrong-password-1").status_code for _ in range(times)]


def audit_rows(client, action: str | None = None) -> list[AuditLog]:
    with Session(client.app.state.engine) as db:
        stmt = select(AuditLog).order_by(AuditLog.id)
        if action:
            stmt = stmt.where(AuditLog.action == action)
        return list(db.exec(stmt).all())


def age_failures(client, minutes: float) -> None:
    """Move every login event back in time, as if ``minutes`` had passed."""
    with Session(client.app.state.engine) as db:
        for row in db.exec(select(AuditLog).where(AuditLog.action.startswith("auth."))).all():
            row.at = row.at - timedelta(minutes=minutes)
            db.add(row)
        db.commit()


def form_login(client, username: str, password: str, lang: str = "zh"):
    client.cookies.set("lang", lang)
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf},
                       follow_redirects=False)


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_user):
    make_user("alice")
    assert fail(client, "alice", 5) == [401] * 5
    res = token(client, "alice", PASSWORD)
    assert res.status_code == 429
    assert 14 * 60 < int(res.headers["Retry-After"]) <= 15 * 60
    assert "too many failed logins" in res.json()["detail"]


def test_the_lock_ends_after_the_lockout_period(client, make_user):
    make_user("alice")
    fail(client, "alice", 5)
    assert token(client, "alice", PASSWORD).status_code == 429
    age_failures(client, 16)
    assert token(client, "alice", PASSWORD).status_code == 200


def test_failures_spread_beyond_the_window_do_not_lock(client, make_user):
    make_user("alice")
    fail(client, "alice", 4)
    age_failures(client, 20)
    assert fail(client, "alice", 4) == [401] * 4
    assert token(client, "alice", PASSWORD).status_code == 200


def test_a_successful_login_resets_the_count(client, make_user):
    make_user("alice")
    fail(client, "alice", 4)
    assert token(client, "alice", PASSWORD).status_code == 200
    assert fail(client, "alice", 4) == [401] * 4
    assert token(client, "alice", PASSWORD).status_code == 200
    assert len(audit_rows(client, login_guard.RESET)) == 2


def test_refused_attempts_while_locked_do_not_extend_the_lock(client, make_user):
    make_user("alice")
    fail(client, "alice", 5)
    assert fail(client, "alice", 10) == [429] * 10
    assert len(audit_rows(client, login_guard.FAILED)) == 5
    age_failures(client, 16)
    assert token(client, "alice", PASSWORD).status_code == 200


def test_unknown_usernames_answer_and_lock_exactly_like_real_ones(client, make_user):
    make_user("alice")
    assert fail(client, "alice", 6) == fail(client, "nobody", 6) == [401] * 5 + [429]
    assert token(client, "alice", "x").json() == token(client, "nobody", "x").json()


def test_unknown_users_cost_the_same_argon2_verification(client, make_user, monkeypatch):
    make_user("alice")
    calls: list[str] = []
    real = accounts._hasher

    class Counting:
        def verify(self, hashed: str, password: str) -> bool:
            calls.append(hashed)
            return real.verify(hashed, password)

        def __getattr__(self, name: str):
            return getattr(real, name)

    monkeypatch.setattr(accounts, "_hasher", Counting())
    token(client, "alice", "wrong-password-1")
    token(client, "nobody", "wrong-password-1")
    assert len(calls) == 2 and calls[1] == accounts._DUMMY_HASH


def test_the_audit_log_records_username_and_address_never_the_password(client, make_user):
    make_user("alice")
    fail(client, "alice", 5)
    failures, lockouts = audit_rows(client, login_guard.FAILED), audit_rows(client, login_guard.LOCKOUT)
    assert len(failures) == 5 and len(lockouts) == 1
    assert failures[0].object_id == "alice" and failures[0].after == {"username": "alice", "address": "testclient"}
    assert lockouts[0].after["failures"] == 5 and lockouts[0].after["until"]
    assert all("wrong-password-1" not in repr(row.model_dump()) for row in audit_rows(client))


def test_one_address_failing_on_many_usernames_is_limited_too(client, make_user):
    client.app.state.settings.login_ip_max_failures = 6
    make_user("alice")
    for name in ("u1", "u2", "u3"):
        fail(client, name, 2)
    res = token(client, "alice", PASSWORD)  # a username with no failures, from the same address
    assert res.status_code == 429 and int(res.headers["Retry-After"]) > 0
    lockout = audit_rows(client, login_guard.LOCKOUT)[-1]
    assert lockout.object_type == "address" and lockout.object_id == "testclient"


def test_another_address_is_not_held_by_a_locked_one(client, make_user):
    client.app.state.settings.login_ip_max_failures = 2
    make_user("alice")
    settings = client.app.state.settings
    with Session(client.app.state.engine) as db:
        for name in ("u1", "u2"):
            login_guard.record_failure(db, settings, login_guard.Attempt.of(name, "10.0.0.9"), None)
        with pytest.raises(login_guard.TooManyAttempts) as locked:
            login_guard.check(db, settings, login_guard.Attempt.of("alice", "10.0.0.9"))
        assert locked.value.scope == "address"
        login_guard.check(db, settings, login_guard.Attempt.of("alice", "10.0.0.10"))  # not locked


def test_thresholds_come_from_settings(client, make_user):
    client.app.state.settings.login_max_failures = 2
    client.app.state.settings.login_lockout_minutes = 3
    make_user("alice")
    assert fail(client, "alice", 3) == [401, 401, 429]
    assert int(token(client, "alice", PASSWORD).headers["Retry-After"]) <= 180


def test_the_login_form_shares_the_lock_and_says_so_in_chinese_and_english(client, make_user):
    make_user("alice")
    fail(client, "alice", 3)
    assert [form_login(client, "alice", "wrong-password-1").status_code for _ in range(2)] == [401, 401]
    res = form_login(client, "alice", PASSWORD)
    assert res.status_code == 429 and int(res.headers["Retry-After"]) > 0
    assert "登录失败次数过多" in res.text and "15 分钟后再试" in res.text
    res = form_login(client, "alice", PASSWORD, lang="en")
    assert res.status_code == 429 and "Too many failed logins" in res.text
    assert token(client, "alice", PASSWORD).status_code == 429  # and the API agrees


def test_admins_see_failures_and_lockouts_in_the_audit_log(client, make_user, admin, browser_login):
    make_user("alice")
    fail(client, "alice", 5)
    entries = client.get("/api/admin/audit?action=auth.lockout", headers=admin).json()
    assert [e["object_id"] for e in entries] == ["alice"]
    browser_login("adam")
    page = client.get("/admin/audit").text
    assert "登录锁定" in page and "登录失败" in page
