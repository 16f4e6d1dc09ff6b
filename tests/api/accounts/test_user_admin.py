"""Accounts in the browser (issue 20): an admin creates users with a generated password shown once,
changes roles, resets passwords, deactivates and imports a cohort of trainees from CSV; a generated
password must be changed at the first login; everyone changes their own password."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from simulator.db.models import AuditLog, CohortMember, User
from tests.conftest import PASSWORD


@pytest.fixture
def admin_page(client, make_user, browser_login):
    make_user("root", "admin")
    return browser_login("root")


def _user(client, username: str) -> User | None:
    with Session(client.app.state.engine) as db:
        return db.exec(select(User).where(User.username == username)).first()


def _one_time(page: str, username: str) -> str:
    row = re.search(rf'<tr data-issued="{username}">.*?<code class="one-time-password">([^<]+)</code>', page, re.S)
    assert row, f"no one-time password shown for {username}"
    return row.group(1)


def _login(client, username: str, password: str):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/account/password").text).group(1)


def test_an_admin_creates_a_trainee_in_a_cohort_and_sees_the_password_once(client, admin_page, make_user):
    from simulator.db.models import Cohort

    with Session(client.app.state.engine, expire_on_commit=False) as db:
        cohort = Cohort(name="2026 冬季班")
        db.add(cohort)
        db.commit()
    res = client.post("/admin/users", data={"username": "xiaoli", "display_name": "李小丽", "role": "trainee",
                                            "cohort_id": str(cohort.id), "csrf_token": admin_page})
    assert res.status_code == 200
    password = _one_time(res.text, "xiaoli")
    user = _user(client, "xiaoli")
    assert user.role == "trainee" and user.display_name == "李小丽" and user.must_change_password
    with Session(client.app.state.engine) as db:
        assert db.exec(select(CohortMember).where(CohortMember.user_id == user.id)).first().cohort_id == cohort.id
        entry = db.exec(select(AuditLog).where(AuditLog.action == "account.create")).first()
        assert entry.after["username"] == "xiaoli" and entry.actor_id is not None
    listing = client.get("/admin/users").text
    assert password not in listing and 'data-user="xiaoli"' in listing and "2026 冬季班" in listing


def test_a_taken_or_invalid_username_is_refused_in_plain_words(client, admin_page):
    res = client.post("/admin/users", data={"username": "a b", "role": "trainee", "csrf_token": admin_page})
    assert res.status_code == 422 and 'id="users-error"' in res.text and "用户名无效" in res.text
    assert "letters, digits" not in res.text  # never the English API detail
    client.post("/admin/users", data={"username": "dup", "role": "trainee", "csrf_token": admin_page})
    res = client.post("/admin/users", data={"username": "dup", "role": "trainee", "csrf_token": admin_page})
    assert res.status_code == 409 and 'value="dup"' in res.text  # the form keeps what was typed


def test_a_generated_password_must_be_changed_at_the_first_login(client, admin_page):
    password = _one_time(client.post("/admin/users", data={"username": "newbie", "role": "trainee",
                                                           "csrf_token": admin_page}).text, "newbie")
    client.cookies.clear()
    assert _login(client, "newbie", password).status_code == 303
    for path in ("/path", "/scenarios", "/sessions", "/"):  # every page leads to the password form
        res = client.get(path, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"] == "/account/password", path
    page = client.get("/account/password").text
    assert 'id="must-change"' in page
    token = _csrf(client)
    bad = client.post("/account/password", data={"current": password, "new": "12345678901", "confirm": "12345678901",
                                                 "csrf_token": token})
    assert bad.status_code == 422 and 'data-field="new"' in bad.text
    ok = client.post("/account/password", data={"current": password, "new": "梅花香自苦寒来-2026",
                                                "confirm": "梅花香自苦寒来-2026", "csrf_token": token},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert client.get("/path", follow_redirects=False).status_code == 200  # this browser stays signed in
    assert not _user(client, "newbie").must_change_password
    client.cookies.clear()
    assert _login(client, "newbie", password).status_code == 401  # the generated one no longer works
    assert _login(client, "newbie", "梅花香自苦寒来-2026").status_code == 303


def test_changing_your_own_password_checks_the_current_one_and_the_repeat(client, trainee, browser_login):
    token = browser_login("alice")
    wrong = client.post("/account/password", data={"current": "nope", "new": "a-new-phrase-9", "confirm":
                                                   "a-new-phrase-9", "csrf_token": token})
    assert wrong.status_code == 401 and "当前密码不正确" in wrong.text
    differ = client.post("/account/password", data={"current": PASSWORD, "new": "a-new-phrase-9", "confirm":
                                                    "a-new-phrase-8", "csrf_token": token})
    assert differ.status_code == 422 and "不一致" in differ.text
    forged = client.post("/account/password", data={"current": PASSWORD, "new": "a-new-phrase-9", "confirm":
                                                    "a-new-phrase-9", "csrf_token": "forged"})
    assert forged.status_code == 403


def test_reset_issues_a_new_one_time_password_and_signs_the_account_out(client, admin_page, trainee):
    alice = _user(client, "alice")
    assert client.get("/api/sessions", headers=trainee).status_code == 200
    res = client.post(f"/admin/users/{alice.id}/reset", data={"csrf_token": admin_page})
    password = _one_time(res.text, "alice")
    assert client.get("/api/sessions", headers=trainee).status_code == 401  # her token died with the reset
    assert _user(client, "alice").must_change_password
    client.cookies.clear()
    assert _login(client, "alice", password).status_code == 303
    assert _login(client, "alice", PASSWORD).status_code == 401


def test_roles_and_deactivation(client, admin_page, trainee):
    alice = _user(client, "alice")
    res = client.post(f"/admin/users/{alice.id}/role", data={"role": "trainer", "csrf_token": admin_page},
                      follow_redirects=False)
    assert res.status_code == 303 and _user(client, "alice").role == "trainer"
    res = client.post(f"/admin/users/{alice.id}/role", data={"role": "boss", "csrf_token": admin_page})
    assert res.status_code == 409 or res.status_code == 422
    res = client.post(f"/admin/users/{alice.id}/active", data={"active": "no", "csrf_token": admin_page},
                      follow_redirects=False)
    assert res.status_code == 303 and not _user(client, "alice").is_active
    assert "已停用" in client.get("/admin/users").text
    client.cookies.clear()
    assert _login(client, "alice", PASSWORD).status_code == 401


def test_an_admin_cannot_lock_themselves_out(client, admin_page):
    root = _user(client, "root")
    assert client.post(f"/admin/users/{root.id}/active", data={"active": "no", "csrf_token": admin_page}).status_code == 409
    assert client.post(f"/admin/users/{root.id}/role", data={"role": "trainee", "csrf_token": admin_page}).status_code == 409
    assert _user(client, "root").is_active and _user(client, "root").role == "admin"
    assert client.post("/admin/users/99999/reset", data={"csrf_token": admin_page}).status_code == 404


def test_a_csv_imports_a_cohort_of_trainees_all_or_nothing(client, admin_page):
    csv = "username,display_name\nzhang3,张三\nli4,李四\n\nwang5,王五\n"
    res = client.post("/admin/users/import", data={"csv": csv, "csrf_token": admin_page})
    assert res.status_code == 200
    for name in ("zhang3", "li4", "wang5"):
        _one_time(res.text, name)
        assert _user(client, name).role == "trainee" and _user(client, name).must_change_password
    bad = client.post("/admin/users/import", data={"csv": "zhao6,赵六\nli4,李四\n", "csrf_token": admin_page})
    assert bad.status_code == 409 and "第 2 行" in bad.text
    assert _user(client, "zhao6") is None  # nothing from a refused file
    invalid = client.post("/admin/users/import", data={"csv": "ok7,甲\nno good,乙\n", "csrf_token": admin_page})
    assert invalid.status_code == 422 and "第 2 行" in invalid.text and _user(client, "ok7") is None
    empty = client.post("/admin/users/import", data={"csv": "\n", "csrf_token": admin_page})
    assert empty.status_code == 422


def test_only_admins_manage_accounts(client, make_user, browser_login):
    make_user("hanna", "hr")
    token = browser_login("hanna")
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users", data={"username": "x1", "role": "admin", "csrf_token": token}).status_code == 403
    assert _user(client, "x1") is None


def test_the_first_run_demo_accounts_must_change_their_printed_passwords(client):
    from simulator.accounts.service import ensure_demo_accounts

    with Session(client.app.state.engine) as db:
        for user in db.exec(select(User)).all():
            db.delete(user)
        db.commit()
        created = ensure_demo_accounts(db)
    assert created and all(_user(client, name).must_change_password for name, _, _ in created)


def test_a_generated_password_gets_no_api_token_until_it_is_changed(client, admin_page):
    password = _one_time(client.post("/admin/users", data={"username": "apiuser", "role": "trainee",
                                                           "csrf_token": admin_page}).text, "apiuser")
    res = client.post("/api/auth/token", data={"username": "apiuser", "password": password})
    assert res.status_code == 403 and "/account/password" in res.json()["detail"]
