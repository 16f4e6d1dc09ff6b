"""Login rate limiting and lockout: attempts are counted in the database before the password is checked
(every worker sees them, concurrent guesses cannot slip past), five failures of one username from one
address in fifteen minutes lock that pair for fifteen, a username or an address past its own limit is
slowed by a progressive delay (never a hard lock of a whole office), the form and the token endpoint share
the rule, and nothing tells a wrong password from an unknown user."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from simulator.accounts import login_guard
from simulator.accounts import service as accounts
from simulator.db.models import AuditLog, LoginThrottle
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
    """Move every login event and counter back in time, as if ``minutes`` had passed."""
    back = timedelta(minutes=minutes)
    with Session(client.app.state.engine) as db:
        for row in db.exec(select(AuditLog).where(AuditLog.action.startswith("auth."))).all():
            row.at = row.at - back
            db.add(row)
        for counter in db.exec(select(LoginThrottle)).all():
            counter.window_start, counter.last_at = counter.window_start - back, counter.last_at - back
            if counter.locked_until is not None:
                counter.locked_until = counter.locked_until - back
            db.add(counter)
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


def test_one_address_spraying_many_usernames_is_slowed_not_locked(client, make_user):
    """Past the address limit each attempt from it waits a doubling delay — seconds, not a 15-minute lock."""
    client.app.state.settings.login_ip_max_failures = 6
    make_user("alice")
    for name in ("u1", "u2", "u3"):
        fail(client, name, 2)
    res = token(client, "alice", PASSWORD)  # a username with no failures, from the same address
    assert res.status_code == 429 and 1 <= int(res.headers["Retry-After"]) <= 2
    lockout = audit_rows(client, login_guard.LOCKOUT)[-1]
    assert lockout.object_type == "address" and lockout.object_id == "testclient"
    age_failures(client, 0.05)  # three seconds later
    assert token(client, "alice", PASSWORD).status_code == 200


def test_an_office_behind_one_address_is_not_locked_out_by_fifty_failures(client, make_user):
    """The review's finding: 50 failures from one NAT address locked every account behind it for 10 minutes.
    Now a colleague with the right password gets in after at most the current short delay."""
    make_user("alice")
    settings = client.app.state.settings
    with Session(client.app.state.engine) as db:
        for i in range(50):
            attempt = login_guard.Attempt.of(f"typo{i % 9}", "10.1.1.1")
            login_guard.record_failure(db, settings, attempt, login_guard.reserve(db, settings, attempt))
        with pytest.raises(login_guard.TooManyAttempts) as slowed:
            login_guard.check(db, settings, login_guard.Attempt.of("alice", "10.1.1.1"))
        assert slowed.value.scope == "address" and slowed.value.retry_after <= 2
        login_guard.check(db, settings, login_guard.Attempt.of("alice", "10.1.1.2"))  # another address: no wait
    age_failures(client, 0.05)
    with Session(client.app.state.engine) as db:
        assert login_guard.login(db, settings, "alice", PASSWORD, "10.1.1.1").username == "alice"


def test_concurrent_guesses_cannot_get_past_the_limit(client, make_user, monkeypatch, tmp_path):
    """45 requests at once for one username: only the first five ever reach the password check."""
    import os
    import threading

    from simulator.db.engine import make_engine, migrate
    from simulator.db.models import User

    make_user("alice")
    checked: list[str] = []
    real = accounts.authenticate

    def counting(db, *, username, password):
        checked.append(username)
        return real(db, username=username, password=password)

    monkeypatch.setattr(login_guard, "authenticate", counting)
    settings = client.app.state.settings
    if (os.environ.get("SIM_TEST_DATABASE_URL") or "").startswith("postgresql"):
        engine = client.app.state.engine  # a real pool: one connection per thread
    else:  # the test client's in-memory SQLite is one shared connection; threads need a file
        engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
        migrate(engine)
        with Session(engine) as db:
            db.add(User(username="alice", role="trainee", display_name="alice",
                        password_hash=accounts.hash_password(PASSWORD)))
            db.commit()
    start = threading.Barrier(45)
    codes: list[str] = []

    def guess() -> None:
        start.wait()
        with Session(engine) as db:
            try:
                login_guard.login(db, settings, "alice", "wrong-password-1", "10.2.2.2")
            except login_guard.TooManyAttempts:
                codes.append("429")
            except Exception as exc:  # noqa: BLE001 - a wrong password, or the database refusing
                codes.append(type(exc).__name__)

    threads = [threading.Thread(target=guess) for _ in range(45)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) <= settings.login_max_failures, (len(checked), codes)
    assert codes.count("429") >= 45 - settings.login_max_failures, codes
    with Session(engine) as db:  # from another address the owner still gets in
        assert login_guard.login(db, settings, "alice", PASSWORD, "10.2.2.3").username == "alice"


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


def test_a_short_delay_says_seconds_not_minutes(client, make_user):
    client.app.state.settings.login_ip_max_failures = 2
    make_user("alice")
    fail(client, "u1", 2)
    res = form_login(client, "alice", PASSWORD)
    assert res.status_code == 429 and "秒后再试" in res.text
    assert "seconds" in token(client, "alice", PASSWORD).json()["detail"]



def test_a_failed_login_keeps_the_username_escaped(client, make_user):
    """The form keeps what was typed as the username (as text) and focuses the password."""
    make_user("alice")
    res = form_login(client, "alice", "wrong-password-1")
    assert res.status_code == 401 and 'value="alice"' in res.text
    res = form_login(client, '"><script>x</script>', "wrong-password-1")
    assert "<script>x</script>" not in res.text and "&lt;script&gt;" in res.text
