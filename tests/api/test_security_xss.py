"""XSS probes: markup in a persona name, a scenario title, a trainee's message, a trainer's comment and
override reason, a cohort name, a display name and the LLM's reply is rendered as inert text on every
page that shows it — escaped in the raw HTML, never as a tag or a ``javascript:`` link."""

from __future__ import annotations

import re

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlmodel import Session

from simulator.app import create_app
from simulator.db.models import User
from simulator.llm.scripted import ScriptedProvider
from tests.api.security_world import World, build_world

pytestmark = pytest.mark.security

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_LINK = '<a href="javascript:alert(3)">点我</a>'
PROBE = SCRIPT + IMG  # 53 characters: fits every name field
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
LIVE = re.compile(r"<script>alert|<img src=x|<a href=\"?javascript:|href=\"javascript:|onerror=alert\(2\)>(?!&)", re.I)


def assert_inert(html: str, where: str, *, shown: bool = True) -> None:
    live = LIVE.search(html.replace("&lt;img src=x onerror=alert(2)&gt;", ""))
    assert live is None, f"{where}: live markup {live.group(0)!r} in the page"
    if shown:
        assert ESCAPED in html, f"{where}: the probe is not on the page (so this check proves nothing)"


def publish_with_probe(world: World, kind: str, object_id: str, edit) -> None:
    admin = world.bearer("adam")
    body = world.client.get(f"/api/authoring/{kind}/{object_id}", headers=admin).json()["body"]
    doc = yaml.safe_load(body)
    edit(doc)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    res = world.client.put(f"/api/authoring/{kind}/{object_id}/draft", json={"body": text}, headers=admin)
    assert res.status_code == 200, res.text
    res = world.client.post(f"/api/authoring/{kind}/{object_id}/publish", json={"note": "xss probe"}, headers=admin)
    assert res.status_code == 201, res.text


@pytest.fixture
def probed(world_factory) -> World:
    """A world where every field a user or an author controls carries the probe."""
    world = world_factory()
    c = world.client

    def title(doc):
        doc["title"]["zh"] = "挑衅型" + PROBE

    def name(doc):
        doc["name"]["zh"] = "挑衅型" + PROBE

    publish_with_probe(world, "scenario", "provocative-m1", title)
    publish_with_probe(world, "persona", "provocative", name)
    with Session(c.app.state.engine) as db:
        alice = db.get(User, world.users["alice"].id)
        alice.display_name = "爱丽丝" + PROBE
        db.add(alice)
        db.commit()
    alice = world.bearer("alice")
    sid = c.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
    for text in ("您好" + PROBE, "请点这里 " + JS_LINK):
        assert c.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=alice).status_code == 200
    assert c.post(f"/api/sessions/{sid}/end", headers=alice).status_code == 200
    tina = world.bearer("tina")
    assert c.post(f"/api/trainer/sessions/{sid}/comments", json={"turn": 1, "text": "注意" + PROBE + JS_LINK},
                  headers=tina).status_code == 201
    assert c.post(f"/api/trainer/sessions/{sid}/override",
                  json={"overall": 75, "passed": True, "reason": "复核" + PROBE}, headers=tina).status_code == 201
    assert c.patch(f"/api/hr/cohorts/{world.ids['cohort_id']}", json={"name": "一期" + PROBE},
                   headers=world.bearer("hana")).status_code == 200
    assert c.put(f"/api/hr/access/{world.ids['hana_id']}", json={"transcripts": True},
                 headers=world.bearer("adam")).status_code == 200
    world.ids["probe_session_id"] = sid
    return world


# (who, page, whether the probe must be on it)
PAGES = [
    ("alice", "/scenarios", True),
    ("alice", "/practice/{probe_session_id}", True),
    ("alice", "/call/{probe_session_id}", True),
    ("alice", "/sessions", True),
    ("alice", "/guide", True),
    ("alice", "/certificates/{code}", True),
    ("tina", "/trainer/review", True),
    ("tina", "/trainer/review/{probe_session_id}", True),
    ("tina", "/hr", True),
    ("tina", "/hr/cohorts/{cohort_id}", True),
    ("tina", "/hr/trainees/{alice_id}", True),
    ("hana", "/hr/cohorts", True),
    ("hana", "/hr/cohorts/{cohort_id}/members", True),
    ("hana", "/hr/sessions/{probe_session_id}", True),
    ("hana", "/hr/exports", True),
    ("hana", "/hr/certificates", True),
    ("adam", "/admin/audit", True),
    ("adam", "/admin/sessions", False),
    ("adam", "/trainer/personas", True),
    ("adam", "/trainer/scenarios", True),
]


def test_every_page_renders_the_probes_as_text(probed):
    for who, page, shown in PAGES:
        url = page.format(**probed.ids)
        probed.browse_as(who)
        res = probed.client.get(url)
        assert res.status_code == 200, (url, res.status_code)
        assert_inert(res.text, f"{url} as {who}", shown=shown)


def test_json_carries_the_text_verbatim_for_clients_to_escape(probed):
    """The API returns data, not HTML: the probe comes back as the string it was, with a JSON type."""
    res = probed.client.get(f"/api/sessions/{probed.ids['probe_session_id']}", headers=probed.bearer("alice"))
    assert res.headers["content-type"].startswith("application/json")
    assert any(PROBE in t["text"] for t in res.json()["transcript"])


def test_error_pages_do_not_echo_markup_from_the_url(world_factory):
    world = world_factory()
    world.browse_as("alice")
    for url in (f"/practice/{SCRIPT}", f"/certificates/{IMG}", f"/verify/{SCRIPT}", f"/login?next=/{SCRIPT}"):
        res = world.client.get(url)
        assert LIVE.search(res.text) is None, url


def test_the_llms_reply_is_rendered_as_text(settings):
    """Enough Chinese around the markup that the output guard keeps it (it only drops "(1)" and "(2)" as
    stage directions), so the page really has to escape what the model said."""
    lead = "我都跟你们说了多少遍了,这个月手头真的一分钱都没有"
    provider = ScriptedProvider([f"{lead}。"] * 40)  # the world's own calls
    with TestClient(create_app(settings, provider=provider)) as client:
        world = build_world(client)
        provider.replies.clear()
        provider.queue(f"{lead}{SCRIPT}别再打了。", f"{lead}{IMG}别再打了。")
        alice = world.bearer("alice")
        sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
        said = []
        for line in ("您好,我是安信消费金融的小陈", "王先生,您的账单已经逾期了"):
            res = client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=alice)
            assert res.status_code == 200 and not res.json()["fallback"], res.json()
            said.append(res.json()["debtor"])
        assert "<script>alert</script>" in said[0] and "<img src=x onerror=alert>" in said[1], said
        for who, page in (("alice", f"/practice/{sid}"), ("alice", f"/call/{sid}"), ("tina", f"/trainer/review/{sid}")):
            world.browse_as(who)
            html = client.get(page).text
            assert "<script>alert" not in html and "<img src=x" not in html, page
            assert "&lt;script&gt;alert&lt;/script&gt;" in html and "&lt;img src=x onerror=alert&gt;" in html, page
