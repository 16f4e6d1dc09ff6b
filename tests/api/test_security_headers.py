"""Security headers on every page, and templates that keep the strict CSP possible: no inline script,
no inline event handlers, no ``javascript:`` URLs, nothing marked safe past the autoescape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.config import PROJECT_ROOT
from tests.api.test_rbac_matrix import ROUTE_MATRIX, is_api, send

pytestmark = pytest.mark.security

TEMPLATES = sorted((PROJECT_ROOT / "web" / "templates").rglob("*.html"))
# Pages answered 200 to someone: the admin (or the anonymous visitor for public pages).
PAGES = sorted((path, "admin" if expect.admin == 200 else "anonymous") for (method, path), expect in ROUTE_MATRIX.items()
               if method == "GET" and not is_api(path) and 200 in (expect.admin, expect.anonymous))


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_page_headers(res, where: str) -> None:
    h = res.headers
    assert h.get("x-content-type-options") == "nosniff", where
    assert h.get("referrer-policy") in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"), where
    assert h.get("x-frame-options") == "DENY", where
    csp = directives(h.get("content-security-policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, f"{where}: no script-src in the CSP"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(scripts), where
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src", csp.get("default-src")) in (["'none'"], ["'self'"]), where
    assert csp.get("base-uri") in (["'self'"], ["'none'"]), where


def test_every_page_is_in_the_list():
    assert len(PAGES) >= 25 and ("/login", "anonymous") in PAGES and ("/admin/audit", "admin") in PAGES


def test_every_html_page_sends_the_security_headers(world_factory):
    world = world_factory()
    checked = 0
    for path, role in PAGES:
        expect = ROUTE_MATRIX[("GET", path)]
        res = send(world, "GET", path, expect, world.actor(role))
        assert res.status_code == 200, (path, res.status_code)
        if "text/html" in res.headers.get("content-type", ""):
            assert_page_headers(res, path)
            assert res.headers.get("cache-control") == "no-store", path  # pages carry names and transcripts
            checked += 1
    assert checked >= 25


@pytest.mark.parametrize("path", ["/no-such-page", "/api/no-such-thing", "/static/no-such.js", "/healthz", "/docs"])
def test_errors_json_and_static_answers_carry_them_too(client, path):
    assert_page_headers(client.get(path), path)


def test_static_assets_are_not_sniffed(client):
    res = client.get("/static/css/app.css")
    assert res.status_code == 200 and res.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in res.headers.get("cache-control", "")  # only static assets may be cached


def test_api_answers_with_transcripts_are_not_stored(client, trainee):
    """Issue 18: no browser or proxy keeps a copy of an answer that carries a transcript or a score."""
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    for res in (client.get(f"/api/sessions/{sid}", headers=trainee), client.get("/api/sessions", headers=trainee),
                client.post(f"/api/sessions/{sid}/turns", json={"text": "您好"}, headers=trainee),
                client.get("/api/sessions/nope", headers=trainee)):
        assert res.headers.get("cache-control") == "no-store", res.request.url


def test_hsts_is_sent_only_when_the_cookies_are_https_only(tmp_path):
    from fastapi.testclient import TestClient

    from simulator.app import create_app
    from tests.conftest import make_test_settings

    plain = make_test_settings(tmp_path / "plain")
    with TestClient(create_app(plain)) as c:
        assert "strict-transport-security" not in c.get("/login").headers
    secure = make_test_settings(tmp_path / "secure").model_copy(update={"cookie_secure": True})
    with TestClient(create_app(secure), base_url="https://testserver") as c:
        assert c.get("/login").headers["strict-transport-security"].startswith("max-age=31536000")


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I | re.S)
JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
UNSAFE = re.compile(r"\|\s*safe\b|{%-?\s*autoescape\s+false|Markup\(")


def _problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(PROJECT_ROOT)
    out = []
    for name, pattern in (("inline <script>", INLINE_SCRIPT), ("inline event handler", HANDLER),
                          ("javascript: URL", JS_URL), ("autoescape bypass", UNSAFE)):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            out.append(f"{rel}:{line}: {name}: {match.group(0)[:60]!r} (JS goes in web/static/js/*.js)")
    return out


def test_the_template_scan_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<script>alert(1)</script>\n<button onclick="go()">x</button>\n<a href="javascript:go()">y</a>\n'
                   "{{ name|safe }}", encoding="utf-8")
    text = bad.read_text(encoding="utf-8")
    assert INLINE_SCRIPT.search(text) and HANDLER.search(text) and JS_URL.search(text) and UNSAFE.search(text)
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js" defer></script>')
    assert not HANDLER.search('<button data-online="1" class="on">')


def test_no_template_has_inline_script_handlers_or_unescaped_output():
    assert len(TEMPLATES) >= 30
    problems = [p for path in TEMPLATES for p in _problems(path)]
    assert not problems, "\n".join(problems)


def test_the_app_renders_with_autoescape_on(client):
    env = client.app.state.templates.env
    assert env.autoescape is True or env.autoescape("x.html")
