"""No zh page shows developer text (issue 20): every page each role can open, in Chinese, is crawled.

- A trainee's pages hold no Latin word at all but the overdue stages (M1–M4), file formats and standard
  names (ALLOWED): no English, no internal code, no version tag.
- Staff pages (trainer, HR, admin) hold no word of the English UI (a word of the English catalog's texts:
  an untranslated string) and no vocabulary code (a violation category, ``legality=80``). The ids trainers
  author (``provocative-m1``) and version tags they may see (``v1``, ``default@1``) are theirs to read.
"""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po

from simulator.catalog.rubric import VIOLATION_SEVERITY
from simulator.web.i18n import LOCALE_DIR
from tests.api.security_world import ACTORS
from tests.api.test_rbac_matrix import ROUTE_MATRIX, fill, is_api, send

ALLOWED = {
    "CSV", "JSON", "YAML", "PDF", "API", "LLM", "ID", "HR", "SMS", "OpenAI", "English", "QR", "URL", "UTC",
    "JSONL", "TXT", "SRT", "VTT", "ASR", "TTS", "GET", "POST", "MIT", "OK", "xAPI", "JavaScript", "yaml", "yml", "zip", "zhangsan",
}
URL = re.compile(r"https?://\S+")
PLACEHOLDER = re.compile(r"\{\w+\}")  # a bank line's placeholders ({name}, {amount}) are syntax trainers type
STAGE = re.compile(r"^M[1-4]\+?$")
CERTIFICATE_CODE = re.compile(r"^CS(-[A-Z0-9]{1,4})+")
WORD = re.compile(r"[A-Za-z][A-Za-z_@=.\-]*[A-Za-z0-9]|[A-Za-z]")
CODE = re.compile(r"[a-z]+_[a-z_]+|\w+@\d+|\w+=\d+")  # snake_case ids, versioned refs, key=value
# Text a user or the catalog wrote, and what is not text at all, is not the UI's to translate.
SKIP = re.compile(r"<(script|style|code|pre|textarea|svg|template)\b.*?</\1>|<[^>]+>", re.S)
# The API reference is English by design (design §7); the training material is quoted as written.
USER_TEXT_PAGES = {"/docs", "/api/docs", "/sources/{name}"}


def _visible_text(page: str) -> str:
    body = page[page.find("<body"):]
    return PLACEHOLDER.sub(" ", URL.sub(" ", html.unescape(SKIP.sub(" ", body))))


def _attributes(page: str) -> list[str]:
    """What a user reads outside the text: titles, placeholders, labels, button values."""
    return [html.unescape(v) for v in re.findall(r'\s(?:title|placeholder|aria-label|alt)="([^"]*)"', page)]


def _english_ui_words() -> frozenset[str]:
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="en")
    words = set()
    for message in catalog:
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", "", text or ""))}
    return frozenset(words)


ENGLISH_UI = _english_ui_words()
_CATEGORIES = "|".join(map(re.escape, VIOLATION_SEVERITY))
VOCABULARY_CODE = re.compile(rf"^(?:{_CATEGORIES})$|^[a-z_]+=\d+$")


def english_words(page: str, usernames: set[str]) -> set[str]:
    found = set()
    for text in [_visible_text(page), *_attributes(page)]:
        for word in WORD.findall(text):
            if (word in ALLOWED or STAGE.match(word) or CERTIFICATE_CODE.match(word) or word.lower() in usernames
                    or len(word) < 2):
                continue
            if word.isupper() and len(word) <= 4:  # an abbreviation such as PTP or a case code letter
                continue
            found.add(word)
    return found


PAGES = sorted(p for (m, p) in ROUTE_MATRIX if m == "GET" and not is_api(p) and p not in USER_TEXT_PAGES
               and not p.startswith(("/static", "/healthz", "/readyz", "/metrics", "/lang", "/verify/")))


def _catalog_ids() -> frozenset[str]:
    from simulator.catalog.loader import load_catalog
    from tests.conftest import PROJECT_ROOT

    catalog = load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
    return frozenset({*catalog.personas, *catalog.scenarios, *catalog.rubrics, *catalog.rule_packs,
                      *(p.archetype for p in catalog.personas.values())})


CATALOG_IDS = _catalog_ids()


def staff_problems(words: set[str]) -> set[str]:
    """Of the Latin words on a staff page, those that are English UI or a vocabulary code (the ids
    trainers author are theirs to read)."""
    return {w for w in words if w not in CATALOG_IDS and (
        VOCABULARY_CODE.match(w) or (w.isalpha() and w.lower() in ENGLISH_UI and not w.isupper()))}


@pytest.mark.parametrize("role", list(ACTORS))
def test_no_zh_page_shows_english_or_internal_codes(shared_world, role):
    username = ACTORS[role]
    usernames = {u.lower() for u in shared_world.users} | {"demo", "trainee", "trainer", "admin", "hr"}
    problems = {}
    for path in PAGES:
        expect = ROUTE_MATRIX[("GET", path)]
        if expect.for_role(role) != 200:
            continue
        res = send(shared_world, "GET", path, expect, username)
        if res.status_code != 200 or "text/html" not in res.headers.get("content-type", ""):
            continue
        words = english_words(res.text, usernames)
        if role != "trainee":
            words = staff_problems(words)
        if words:
            problems[fill(path, expect, shared_world)] = sorted(words)[:15]
    assert not problems, "\n".join(f"{p}: {w}" for p, w in problems.items())


def test_a_trainee_s_own_debriefs_show_no_english_or_codes(shared_world):
    """The pages a trainee reads most: their own ended chat and call, with the debrief on top."""
    chat = shared_world.play_call("alice", mode="chat")
    shared_world.browse_as("alice")
    usernames = {u.lower() for u in shared_world.users}
    problems = {}
    for url in (f"/practice/{chat}", f"/call/{shared_world.ids['session_id']}", "/sessions", "/path", "/scenarios"):
        res = shared_world.client.get(url)
        assert res.status_code == 200, url
        words = english_words(res.text, usernames)
        if words:
            problems[url] = sorted(words)
    assert 'id="debrief-top"' in shared_world.client.get(f"/practice/{chat}").text
    assert not problems, problems


def test_the_scanner_sees_english_and_codes():
    page = ('<body><p>Start the call · 开始</p><span title="third_party_disclosure">x</span>'
            '<small>default@1</small><code>ignored_code</code><p>M2 · CSV · {amount} · https://x.test/verify</p></body>')
    assert english_words(page, set()) == {"Start", "the", "call", "third_party_disclosure", "default@1"}
    assert staff_problems({"Start", "legality=80", "third_party_disclosure", "provocative-m1", "v1"}) == {
        "Start", "legality=80", "third_party_disclosure"}
