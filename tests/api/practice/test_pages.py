"""Browser pages: login with CSRF, scenario picker, chat page, my sessions, escaping."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without a CSRF token"
    return match.group(1)


def login(client: TestClient, username: str = "alice", password: str = "correct-horse-9"):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf(page.text),
                                       "next": "/scenarios"}, follow_redirects=False)


def test_pages_redirect_to_login_when_logged_out(client):
    res = client.get("/scenarios", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/login")


def test_login_form_requires_csrf(client, trainee):
    client.get("/login")
    res = client.post("/login", data={"username": "alice", "password": "correct-horse-9", "csrf_token": "forged"})
    assert res.status_code == 403


def test_login_with_a_wrong_password_shows_a_friendly_error(client, trainee):
    page = client.get("/login")
    res = client.post("/login", data={"username": "alice", "password": "wrong-pass", "csrf_token": csrf(page.text)})
    assert res.status_code == 401
    assert "用户名或密码不正确" in res.text


def test_scenario_picker_shows_cards_in_chinese_by_default(client, trainee):
    assert login(client).status_code == 303
    page = client.get("/scenarios")
    assert page.status_code == 200
    assert "选择一个练习场景" in page.text
    assert page.text.count('class="scenario-card') >= 19
    assert "hidden_truth" not in page.text


def test_english_switch(client, trainee):
    login(client)
    client.get("/lang/en")
    assert "Pick a practice scenario" in client.get("/scenarios").text


def test_start_practice_then_the_chat_page_shows_the_case_file_not_the_hidden_truth(client, catalog, trainee):
    login(client)
    page = client.get("/scenarios")
    res = client.post("/practice", data={"scenario_id": "victim-m1", "csrf_token": csrf(page.text)}, follow_redirects=False)
    assert res.status_code == 303
    chat = client.get(res.headers["location"])
    scenario = catalog.scenario("victim-m1")
    assert scenario.case_file.debtor_name in chat.text
    assert scenario.hidden_truth.real_reason not in chat.text
    for secret in scenario.hidden_truth.what_moves_them:
        assert secret not in chat.text
    assert 'id="composer"' in chat.text


def test_start_practice_without_csrf_is_refused(client, trainee):
    login(client)
    res = client.post("/practice", data={"scenario_id": "victim-m1", "csrf_token": "nope"})
    assert res.status_code == 403


def test_cookie_api_calls_need_the_csrf_header(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    res = client.post("/api/sessions", json={"scenario_id": "victim-m1"})
    assert res.status_code == 403 and res.json()["detail"].startswith("csrf")
    res = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers={"X-CSRF-Token": token})
    assert res.status_code == 201


def test_trainee_text_is_escaped_on_the_transcript_page(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers={"X-CSRF-Token": token}).json()["id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": "<script>alert(1)</script>您好"}, headers={"X-CSRF-Token": token})
    page = client.get(f"/practice/{sid}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_my_sessions_page_lists_the_session(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers={"X-CSRF-Token": token}).json()["id"]
    page = client.get("/sessions")
    assert sid in page.text


def test_my_sessions_shows_each_graded_session_s_score(client, trainee):
    """我的练习 has a score column (issue 20): the current grade of an ended session, a dash for one still open."""
    login(client)
    token = csrf(client.get("/scenarios").text)
    headers = {"X-CSRF-Token": token}
    open_sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=headers).json()["id"]
    ended = client.post("/api/sessions", json={"scenario_id": "evasive-m1"}, headers=headers).json()["id"]
    client.post(f"/api/sessions/{ended}/turns", json={"text": "您好,我是安信消费金融的小陈,请问是刘女士本人吗?"}, headers=headers)
    grade = client.post(f"/api/sessions/{ended}/end", headers=headers).json()
    page = client.get("/sessions").text
    row = re.search(rf'<tr data-session="{ended}">.*?</tr>', page, re.S).group(0)
    assert f'data-score="{grade["overall"]}"' in row and ("通过" in row or "未通过" in row)
    row = re.search(rf'<tr data-session="{open_sid}">.*?</tr>', page, re.S).group(0)
    assert 'data-score=""' in row and "—" in row


def test_a_chat_debrief_states_no_call_duration(client, trainee):
    """Duration is a phone-call metric; a chat session's summary said 「通话时长 3秒」 (issue 20)."""
    login(client)
    token = csrf(client.get("/scenarios").text)
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers={"X-CSRF-Token": token}).json()["id"]
    client.post(f"/api/sessions/{sid}/end", headers={"X-CSRF-Token": token})
    page = client.get(f"/practice/{sid}").text
    assert "通话时长" not in page


def test_another_trainees_chat_page_is_not_found(client, trainee, other_trainee):
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=other_trainee).json()["id"]
    login(client)
    assert client.get(f"/practice/{sid}").status_code == 404


def test_security_headers_forbid_inline_script(client):
    res = client.get("/login")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert "unsafe-inline" not in res.headers["content-security-policy"]
    assert res.headers["x-frame-options"] == "DENY"
    assert "<script>" not in res.text  # no inline script anywhere in templates


def test_guide_quotes_the_seed(client, catalog, trainee):
    login(client)
    page = client.get("/guide")
    assert catalog.personas["provocative"].seed.coping[0] in page.text


def test_the_english_handbook_gives_the_coping_technique_in_english(client, catalog, trainee):
    """Issue 20: coping notes are catalog content with their English; the seed's own words stay in Chinese
    (features, the customer's words) as the source quoted."""
    login(client)
    client.get("/lang/en", follow_redirects=False)
    page = client.get("/guide").text
    card = catalog.personas["provocative"]
    assert card.seed.coping_en and card.seed.coping_en[-1].replace("'", "&#39;") in page
    assert f"<li>{card.seed.coping[-1]}" not in page  # the list says it in English (the source link's title quotes it)
    assert all(p.seed.coping_en for p in catalog.personas.values() if p.seed is not None)
