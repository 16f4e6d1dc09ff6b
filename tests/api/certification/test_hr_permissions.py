"""Every certification route checks the role: walked from the routers the app includes, so a new
route without a check fails here."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from simulator.app import ROUTERS

PUBLIC = {"/verify", "/verify/{code}", "/api/verify/{code}"}
PREFIXES = ("/api/hr", "/hr", "/api/me", "/path", "/certificates", "/api/certificates", "/verify", "/api/verify")


def _routes() -> list[tuple[str, str]]:
    out = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.path.startswith(PREFIXES):
                out += [(method, route.path) for method in sorted(route.methods - {"HEAD"})]
    return out


ROUTES = _routes()
HR_ONLY = [(m, p) for m, p in ROUTES if p.startswith(("/api/hr", "/hr"))]


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_route_table_is_covered():
    assert len(HR_ONLY) >= 30
    assert ("GET", "/api/hr/exports/xapi.json") in ROUTES and ("GET", "/verify/{code}") in ROUTES


def test_anonymous_callers_are_refused_on_every_route(client):
    """One app for the whole walk (an app per route would cost minutes for no extra coverage)."""
    wrong = []
    for method, path in ROUTES:
        if path in PUBLIC:
            continue
        res = client.request(method, _fill(path), follow_redirects=False)
        if path.startswith("/api/"):
            ok = res.status_code == 401
        else:
            ok = res.status_code == 303 and res.headers["location"].startswith("/login")
        if not ok:
            wrong.append((method, path, res.status_code))
    assert not wrong


def test_trainees_are_refused_everywhere_under_hr(client, trainee, browser_login):
    token = browser_login("alice")
    wrong = []
    for method, path in HR_ONLY:
        if path.startswith("/api/"):
            res = client.request(method, _fill(path), headers=trainee, json={})
        else:
            res = client.request(method, _fill(path), data={"csrf_token": token}, follow_redirects=False)
        if res.status_code != 403:
            wrong.append((method, path, res.status_code))
    assert not wrong


@pytest.mark.parametrize("path", ["/api/hr/access", "/hr/access"])
def test_only_admins_set_transcript_access(client, hr, browser_login, path):
    if path.startswith("/api/"):
        assert client.get(path, headers=hr).status_code == 403
        assert client.put(f"{path}/1", json={"transcripts": True}, headers=hr).status_code == 403
    else:
        browser_login("hana")
        assert client.get(path).status_code == 403


def test_cookie_clients_need_csrf_for_api_writes(client, hr, browser_login):
    browser_login("hana")
    assert client.post("/api/hr/cohorts", json={"name": "X"}).status_code == 403
    token = browser_login("hana")
    assert client.post("/api/hr/cohorts", json={"name": "X"}, headers={"X-CSRF-Token": token}).status_code == 201


def test_the_public_verification_needs_no_login(client):
    assert client.get("/verify").status_code == 200
    assert client.get("/api/verify/CS-2222-2222-2222").status_code == 404
