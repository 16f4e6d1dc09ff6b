"""Admin LLM pages and their JSON twins: role checks, the connection test, tokens and cost."""

from __future__ import annotations

import pytest

from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings
from tests.api.practice.test_pages import csrf, login
from tests.fakes.openai_server import FakeOpenAI, Reply


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def llm(tmp_path, fake):
    with llm_client(llm_settings(tmp_path, fake)) as c:
        yield c


def test_admin_pages_need_a_login(client):
    for path in ("/admin/llm", "/admin/sessions"):
        res = client.get(path, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login")


@pytest.mark.parametrize("role", ["trainee", "trainer", "hr"])
def test_other_roles_get_403_on_pages_and_api(client, make_user, role):
    headers = make_user("carol", role)
    for path in ("/api/admin/llm", "/api/admin/sessions"):
        assert client.get(path, headers=headers).status_code == 403
    assert client.post("/api/admin/llm/check", headers=headers).status_code == 403
    login(client, "carol")
    for path in ("/admin/llm", "/admin/sessions"):
        res = client.get(path)
        assert res.status_code == 403
    assert 'href="/admin/llm"' not in client.get("/scenarios").text


def test_the_offline_app_says_so(client, make_user):
    admin = make_user("root", "admin")
    status = client.get("/api/admin/llm", headers=admin).json()
    assert status["configured"] is False and status["provider"] == "offline"
    check = client.post("/api/admin/llm/check", headers=admin).json()
    assert check == {"ok": False, "provider": "offline", "model": None, "latency_ms": None, "reply": None,
                     "error": "no LLM is configured", "reason": "not_configured"}
    login(client, "root")
    page = client.get("/admin/llm")
    assert page.status_code == 200 and "离线引擎" in page.text


def test_the_admin_page_shows_provider_and_model_and_links_in_the_nav(llm):
    add_user(llm, "root", "admin")
    login(llm, "root")
    page = llm.get("/admin/llm")
    assert page.status_code == 200
    assert "fake-model" in page.text and "openai" in page.text and 'id="llm-check"' in page.text
    assert "/static/js/admin.js" in page.text and "<script>" not in page.text  # no inline script (CSP)
    assert 'href="/admin/llm"' in page.text
    assert "sk-test" not in page.text


def test_test_connection_reports_latency_or_the_error(llm, fake):
    admin = add_user(llm, "root", "admin")
    ok = llm.post("/api/admin/llm/check", headers=admin).json()
    assert ok["ok"] is True and ok["latency_ms"] >= 0 and ok["model"] == "fake-model"
    assert fake.chat_requests()[-1]["max_tokens"] == 8
    fake.queue(Reply(status=503), Reply(status=503))
    bad = llm.post("/api/admin/llm/check", headers=admin)
    assert bad.status_code == 200 and bad.json()["ok"] is False and bad.json()["reason"] == "http_503"


def test_the_browser_check_needs_the_csrf_header(llm):
    add_user(llm, "root", "admin")
    login(llm, "root")
    token = csrf(llm.get("/admin/llm").text.replace('name="csrf-token" content=', 'name="csrf_token" value='))
    assert llm.post("/api/admin/llm/check").status_code == 403
    assert llm.post("/api/admin/llm/check", headers={"X-CSRF-Token": token}).json()["ok"] is True


def test_tokens_and_cost_per_session(llm, fake):
    trainee = add_user(llm, "alice")
    admin = add_user(llm, "root", "admin")
    sid = llm.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    fake.queue("唉,我也不是不想还。", Reply(status=500), Reply(status=500))
    llm.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是安信消费金融的小陈。"}, headers=trainee)
    llm.post(f"/api/sessions/{sid}/turns", json={"text": "您慢慢说,我在听。"}, headers=trainee)
    report = llm.get("/api/admin/sessions", headers=admin).json()
    row = next(s for s in report["sessions"] if s["id"] == sid)
    assert row["username"] == "alice" and row["provider"] == "openai"
    assert row["llm_turns"] == 2 and row["fallbacks"] == 1
    assert row["prompt_tokens"] > 0 and row["completion_tokens"] == len("唉,我也不是不想还。")
    expected = round(row["prompt_tokens"] / 1000 * 0.002 + row["completion_tokens"] / 1000 * 0.008, 4)
    assert row["cost"] == pytest.approx(expected) and report["total_cost"] == pytest.approx(expected)
    assert row["avg_latency_ms"] is not None
    login(llm, "root")
    page = llm.get("/admin/sessions")
    assert page.status_code == 200 and sid in page.text and "alice" in page.text


def test_the_guard_report_counts_rejections_regenerations_and_fallbacks_by_reason(llm, fake):
    """A repeated line is rejected and regenerated; a line repeated twice falls back to the offline line;
    each reason is stored with the turn and counted for the admin, in the reader's language."""
    trainee = add_user(llm, "alice")
    admin = add_user(llm, "root", "admin")
    sid = llm.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    said = "唉,我也不是不想还,就是这个月真的太难了。"
    fake.queue(said)  # turn 1: shown
    fake.queue(said, "家里孩子刚住院,我实在是走不开。")  # turn 2: a repeat, then a new line
    fake.queue(said, said)  # turn 3: a repeat twice: the offline line answers
    for text in ("您好,我是安信消费金融的小陈。", "您慢慢说,我在听。", "孩子现在怎么样了?"):
        assert llm.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=trainee).status_code == 200
    turns = llm.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"]
    replies = [t for t in turns if t["speaker"] != "collector"][1:]
    assert [r["text"] for r in replies][:2] == [said, "家里孩子刚住院,我实在是走不开。"]
    assert replies[2]["fallback"] is True and replies[2]["fallback_reason"] == "out_of_character:repeats_line"
    assert replies[2]["text"] != said
    report = llm.get("/api/admin/llm/guard", headers=admin).json()
    assert (report["turns"], report["clean"], report["regenerated"], report["fallbacks"]) == (3, 1, 1, 1)
    repeat = next(r for r in report["reasons"] if r["reason"] == "repeats_line")
    assert repeat == {"reason": "repeats_line", "label": "重复了本通电话里说过的话", "rejected": 3, "fallbacks": 1}
    assert llm.get("/api/admin/llm/guard", headers=trainee).status_code == 403
    login(llm, "root")
    page = llm.get("/admin/llm")
    assert page.status_code == 200 and "输出把关" in page.text and "重复了本通电话里说过的话" in page.text
