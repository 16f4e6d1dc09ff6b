"""CSRF: every state-changing page form, and every state-changing API route reached with the browser's
session cookie, is refused (403) without the session's token or with a wrong one, and nothing in the
database changes. Bearer-token API calls are exempt by design: a browser never sends that header
across sites on its own."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.api.security_world import World
from tests.api.test_rbac_matrix import LOGIN, ROUTE_MATRIX, Expect, body_of, fill, is_api, outcome, send

pytestmark = pytest.mark.security

REFUSED = (LOGIN, 401, 403, 404)
PUBLIC_FORMS = {("POST", "/api/auth/token")}  # a password login: no session to ride on
WRITES = [(m, p) for m, p in ROUTE_MATRIX if m in ("POST", "PUT", "PATCH", "DELETE") and (m, p) not in PUBLIC_FORMS]
PAGE_WRITES = [(m, p) for m, p in WRITES if not is_api(p)]
API_WRITES = [(m, p) for m, p in WRITES if is_api(p)]


def acting_user(expect: Expect, world: World) -> str | None:
    """Someone the route serves (so the CSRF check is what refuses them): a role, else the owner, else a
    role that passes the role check (an unknown object is looked up only after the token is checked)."""
    for role in ("admin", "trainer", "hr", "trainee", "anonymous"):
        if expect.for_role(role) not in REFUSED:
            return world.actor(role)
    if expect.owner is not None and expect.owner not in REFUSED:
        return "alice"
    role = next(r for r in ("admin", "trainer", "hr", "trainee") if expect.for_role(r) == 404)
    return world.actor(role)


def _tables(engine) -> list[tuple[str, sa.Table]]:
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    return sorted(meta.tables.items())


def db_state(world: World) -> dict[str, list[str]]:
    engine = world.client.app.state.engine
    with engine.connect() as conn:
        return {name: sorted(repr(tuple(row)) for row in conn.execute(sa.select(table)).all())
                for name, table in _tables(engine)}


def test_every_write_is_checked():
    assert len(PAGE_WRITES) >= 20 and len(API_WRITES) >= 20
    assert ("POST", "/login") in PAGE_WRITES and ("POST", "/trainer/review/{session_id}/override") in PAGE_WRITES


@pytest.mark.parametrize("method,path", PAGE_WRITES, ids=[f"{m} {p}" for m, p in PAGE_WRITES])
def test_page_forms_refuse_a_missing_or_wrong_csrf_token(shared_world, method, path):
    world = shared_world
    expect = ROUTE_MATRIX[(method, path)]
    user = acting_user(expect, world)
    before = db_state(world)
    for token in (None, "", "not-the-sessions-token"):
        res = send(world, method, path, expect, user, csrf=token)
        if path == "/logout":  # logging out is harmless; a forged one just does not log out
            assert res.status_code == 303
            assert world.client.get("/sessions", follow_redirects=False).status_code == 200
            continue
        assert outcome(res) == 403, f"{method} {path} with csrf_token={token!r}: {res.status_code}"
    assert db_state(world) == before, f"{method} {path} changed the database without a CSRF token"


@pytest.mark.parametrize("method,path", API_WRITES, ids=[f"{m} {p}" for m, p in API_WRITES])
def test_api_writes_with_the_session_cookie_need_the_csrf_header(shared_world, method, path):
    world = shared_world
    expect = ROUTE_MATRIX[(method, path)]
    user = acting_user(expect, world)
    url = fill(path, expect, world)
    before = db_state(world)
    for header in ({}, {"X-CSRF-Token": "not-the-sessions-token"}):
        world.browse_as(user)
        res = world.client.request(method, url, json=body_of(expect.json, world),
                                   data=body_of(expect.form, world, form=True), content=expect.content,
                                   headers=expect.headers | header, follow_redirects=False)
        assert res.status_code == 403, f"{method} {path} by cookie with {header or 'no header'}: {res.status_code}"
        assert "csrf" in res.json()["detail"]
    assert db_state(world) == before, f"{method} {path} changed the database without a CSRF token"


def test_the_browser_session_with_its_token_is_accepted(world_factory):
    """The same cookie with the right header works: the 403s above come from the token, not the cookie."""
    world = world_factory()
    world.browse_as("tina")
    res = world.client.post(f"/api/trainer/sessions/{world.ids['session_id']}/comments",
                            json={"turn": 1, "text": "好"}, headers={"X-CSRF-Token": "csrf-token-of-the-security-suite"})
    assert res.status_code == 201


def test_bearer_calls_need_no_csrf_token(world_factory):
    world = world_factory()
    world.client.cookies.clear()
    res = world.client.post(f"/api/trainer/sessions/{world.ids['session_id']}/comments",
                            json={"turn": 1, "text": "好"}, headers=world.bearer("tina"))
    assert res.status_code == 201


def test_a_csrf_token_from_another_session_is_refused(world_factory):
    world = world_factory()
    world.browse_as("tina", csrf="tinas-token")
    res = world.client.post(f"/trainer/review/{world.ids['session_id']}/comments",
                            data={"turn": "1", "text": "好", "csrf_token": "csrf-token-of-the-security-suite"},
                            follow_redirects=False)
    assert res.status_code == 403
