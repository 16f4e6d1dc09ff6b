"""Session cookies and their lifetime: HttpOnly, SameSite=Lax, Secure behind HTTPS; a browser session ends
after ``SIM_SESSION_IDLE_MINUTES`` unused or ``SIM_TOKEN_TTL_MINUTES`` after login, and when the password
changes; bearer tokens expire after ``SIM_TOKEN_TTL_MINUTES`` too."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from simulator.accounts.service import hash_password
from simulator.app import create_app
from simulator.core.security import issue_token
from simulator.db.models import User
from tests.api.security_world import SESSION_COOKIE, World
from tests.conftest import PASSWORD

pytestmark = pytest.mark.security


def set_cookie(res) -> str:
    return next(v for k, v in res.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))


def test_login_sets_an_httponly_samesite_cookie(client, trainee, browser_login):
    page = client.get("/login")
    flags = [f.strip().lower() for f in set_cookie(page).split(";")]
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags  # plain http by default
    assert "path=/" in flags and any(f.startswith("max-age=") for f in flags)


def test_with_cookie_secure_the_cookie_is_https_only(settings):
    settings.cookie_secure = True
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        flags = [f.strip().lower() for f in set_cookie(client.get("/login")).split(";")]
    assert "secure" in flags and "httponly" in flags


def test_the_language_cookie_is_httponly_too(client):
    res = client.get("/lang/en", follow_redirects=False)
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_logging_in_starts_a_new_session_with_a_new_csrf_token(client, trainee):
    import re

    page = client.get("/login")
    before = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    old_cookie = client.cookies[SESSION_COOKIE]
    res = client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": before},
                      follow_redirects=False)
    assert res.status_code == 303 and client.cookies[SESSION_COOKIE] != old_cookie
    after = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/scenarios").text).group(1)
    assert after != before


@pytest.fixture
def world(world_factory) -> World:
    return world_factory()


def visit(world: World, *, login_ago: int = 0, seen_ago: int = 0, path: str = "/sessions"):
    now = int(time.time())
    user = world.users["alice"]
    world.client.cookies.clear()
    world.client.cookies.set(SESSION_COOKIE, world.session_cookie({
        "uid": user.id, "csrf": "t", "pw": user.password_hash[-12:], "login_at": now - login_ago,
        "seen_at": now - seen_ago}))
    return world.client.get(path, follow_redirects=False)


def test_an_active_session_is_served(world):
    assert visit(world, login_ago=3600, seen_ago=30).status_code == 200


def test_an_idle_session_must_log_in_again(world):
    idle = world.client.app.state.settings.session_idle_minutes * 60
    res = visit(world, login_ago=idle + 10, seen_ago=idle + 5)
    assert res.status_code == 303 and res.headers["location"] == "/login?next=/sessions&expired=1"
    assert "登录已超时" in world.client.get(res.headers["location"]).text
    assert visit(world, login_ago=idle + 10, seen_ago=idle + 5, path="/api/sessions").status_code == 401


def test_a_session_ends_after_the_token_lifetime_even_when_in_use(world):
    ttl = world.client.app.state.settings.token_ttl_minutes * 60
    res = visit(world, login_ago=ttl + 1, seen_ago=10)
    assert res.status_code == 303 and "expired=1" in res.headers["location"]


def test_use_keeps_a_session_alive_by_refreshing_last_seen(world):
    res = visit(world, login_ago=600, seen_ago=120)
    assert res.status_code == 200 and SESSION_COOKIE in res.headers.get("set-cookie", "")
    res = visit(world, login_ago=600, seen_ago=5)
    assert res.status_code == 200 and "set-cookie" not in res.headers  # rewritten at most once a minute


def test_a_session_without_times_is_not_trusted(world):
    user = world.users["alice"]
    world.client.cookies.set(SESSION_COOKIE, world.session_cookie({"uid": user.id, "csrf": "t"}))
    assert world.client.get("/sessions", follow_redirects=False).headers["location"].startswith("/login")


def test_a_password_change_ends_browser_sessions_and_tokens(world):
    headers = world.bearer("alice")
    assert visit(world).status_code == 200
    with Session(world.client.app.state.engine) as db:
        user = db.get(User, world.users["alice"].id)
        user.password_hash = hash_password("a-new-password-42")
        db.add(user)
        db.commit()
    assert visit(world).headers["location"].startswith("/login")
    world.client.cookies.clear()
    assert world.client.get("/api/sessions", headers=headers).status_code == 401


def test_a_forged_or_tampered_cookie_is_ignored(world):
    good = visit(world)
    assert good.status_code == 200
    cookie = world.client.cookies.get(SESSION_COOKIE) or world.session_cookie({"uid": 1})
    world.client.cookies.clear()
    world.client.cookies.set(SESSION_COOKIE, cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB"))
    assert world.client.get("/sessions", follow_redirects=False).headers["location"].startswith("/login")


def test_bearer_tokens_expire_after_the_token_lifetime(client, make_user, monkeypatch):
    headers = make_user("alice")
    assert client.get("/api/sessions", headers=headers).status_code == 200
    ttl = client.app.state.settings.token_ttl_minutes * 60
    later = time.time() + ttl + 5
    monkeypatch.setattr(time, "time", lambda: later)
    res = client.get("/api/sessions", headers=headers)
    assert res.status_code == 401 and "expired" in res.json()["detail"]


def test_a_token_signed_with_another_secret_is_refused(client, make_user):
    make_user("alice")
    other = issue_token("some-other-secret", 1, "x" * 20)
    assert client.get("/api/sessions", headers={"Authorization": f"Bearer {other}"}).status_code == 401


# -- logging out ends the account's sessions server-side (session epoch, migration 0009) ----------------
def test_logging_out_ends_a_copied_cookie_and_the_accounts_tokens(world):
    from tests.api.security_world import CSRF

    token = world.bearer("alice")
    world.browse_as("alice")
    copied = world.client.cookies[SESSION_COOKIE]
    assert world.client.get("/sessions", follow_redirects=False).status_code == 200
    res = world.client.post("/logout", data={"csrf_token": CSRF}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"
    world.client.cookies.clear()
    world.client.cookies.set(SESSION_COOKIE, copied)  # the cookie someone copied before the logout
    assert world.client.get("/sessions", follow_redirects=False).headers["location"].startswith("/login")
    world.client.cookies.clear()
    assert world.client.get("/api/sessions", headers=token).status_code == 401


def test_after_logging_out_a_new_login_works(client, trainee, browser_login):
    csrf = browser_login("alice")
    client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert client.get("/sessions", follow_redirects=False).status_code == 303
    browser_login("alice")
    assert client.get("/sessions", follow_redirects=False).status_code == 200


def test_api_logout_ends_the_token_and_the_browser_sessions(world):
    token = world.bearer("alice")
    assert visit(world).status_code == 200
    world.client.cookies.clear()
    assert world.client.post("/api/auth/logout", headers=token).status_code == 204
    assert world.client.get("/api/sessions", headers=token).status_code == 401
    assert visit(world).headers["location"].startswith("/login")
    assert world.client.post("/api/auth/logout", headers=token).status_code == 401  # already over


def test_a_new_token_after_logout_works_and_other_accounts_are_untouched(world):
    bob = world.bearer("bob")
    world.client.post("/api/auth/logout", headers=world.bearer("alice"))
    res = world.client.post("/api/auth/token", data={"username": "alice", "password": PASSWORD})
    fresh = {"Authorization": f"Bearer {res.json()['access_token']}"}
    assert world.client.get("/api/sessions", headers=fresh).status_code == 200
    assert world.client.get("/api/sessions", headers=bob).status_code == 200


def test_two_logouts_at_once_both_count(world):
    from simulator.accounts.service import sign_out_everywhere

    uid = world.users["alice"].id
    with Session(world.client.app.state.engine) as one, Session(world.client.app.state.engine) as two:
        sign_out_everywhere(one, uid)
        one.commit()
        sign_out_everywhere(two, uid)
        two.commit()
    with Session(world.client.app.state.engine) as db:
        assert db.get(User, uid).session_epoch == 2


def test_cookies_and_tokens_from_before_the_epoch_existed_count_as_epoch_zero(world):
    from simulator.core.security import _sealer

    user = world.users["alice"]
    secret = world.client.app.state.settings.resolved_secret_key()
    old = _sealer(secret).sign(json.dumps({"uid": user.id, "pw": user.password_hash[-12:]})).decode()
    assert world.client.get("/api/sessions", headers={"Authorization": f"Bearer {old}"}).status_code == 200
    assert visit(world).status_code == 200  # visit() signs a cookie without "ep", as before migration 0009
    world.client.post("/api/auth/logout", headers=world.bearer("alice"))
    world.client.cookies.clear()
    assert world.client.get("/api/sessions", headers={"Authorization": f"Bearer {old}"}).status_code == 401



def test_tokens_and_the_session_cookie_are_opaque(world):
    """Issue 18: a token or cookie no longer shows the user id, the password-hash fragment or the logout
    counter in readable base64; a tampered one is refused."""
    import base64

    from tests.conftest import PASSWORD

    client = world.client
    token = client.post("/api/auth/token", data={"username": "alice", "password": PASSWORD}).json()["access_token"]
    client.cookies.clear()
    page = client.get("/login")
    import re as _re
    csrf = _re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf}, follow_redirects=False)
    cookie = client.cookies.get(SESSION_COOKIE)
    user = world.users["alice"]
    for sealed in (token, cookie):
        body = sealed.split(".", 1)[1]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        assert b"uid" not in raw and user.password_hash[-12:].encode() not in raw and b'"ep"' not in raw
    assert client.get("/api/sessions", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    tampered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    assert client.get("/api/sessions", headers={"Authorization": f"Bearer {tampered}"}).status_code == 401
