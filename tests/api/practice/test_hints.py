"""Sparse hints (issue 21, item 4): opt-in, practice only; a hint follows a reply when the call's state
calls for one, quotes the training material, shows in the debrief, and changes no score."""

from __future__ import annotations

from tests.api.practice.test_pages import csrf, login

NO_INTRO = "喂,你欠的钱什么时候还?"
CALL = [NO_INTRO, "逾期了就得还,按合同办。", "你必须今天还。", "别找借口。", "说个日期。"]


def _start(client, *, hints: bool, scenario: str = "provocative-m1") -> tuple[str, dict]:
    headers = {"X-CSRF-Token": csrf(client.get("/scenarios").text)}
    res = client.post("/api/sessions", json={"scenario_id": scenario, "hints": hints}, headers=headers)
    assert res.status_code == 201, res.text
    assert res.json()["hints"] is hints
    return res.json()["id"], headers


def _play(client, sid, headers, lines=CALL) -> list[dict]:
    return [client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers).json() for line in lines]


def test_no_hints_unless_the_trainee_opts_in(client, trainee):
    login(client)
    sid, headers = _start(client, hints=False)
    assert all(r["hint"] is None for r in _play(client, sid, headers))


def test_an_opted_in_trainee_is_told_to_verify_first_quoting_the_phone_rules(client, trainee):
    login(client)
    sid, headers = _start(client, hints=True)
    first = _play(client, sid, headers, [NO_INTRO])[0]
    hint = first["hint"]
    assert hint["kind"] == "verify_first" and "核实身份" in hint["text"]
    assert "除非已经核对了对方身份" in hint["coping"] and hint["source"].startswith("seeds/000_")


def test_hints_are_sparse_and_quote_the_archetype_s_coping_technique(client, catalog, trainee):
    login(client)
    sid, headers = _start(client, hints=True)
    replies = _play(client, sid, headers)
    given = [(n, r["hint"]) for n, r in enumerate(replies, start=1) if r["hint"]]
    assert [h["kind"] for _, h in given] == ["verify_first", "acknowledge"]
    lines = [n for n, _ in given]
    assert lines[1] - lines[0] >= 3  # at most one every few lines
    coping = given[1][1]["coping"]
    assert any(c.startswith(coping) for c in catalog.personas["provocative"].seed.coping)


def test_a_hint_is_kept_with_the_reply_and_listed_in_the_debrief_without_changing_the_score(client, trainee):
    login(client)
    plain, headers = _start(client, hints=False)
    _play(client, plain, headers)
    without = client.post(f"/api/sessions/{plain}/end", headers=headers).json()
    hinted, headers = _start(client, hints=True)
    _play(client, hinted, headers)
    transcript = client.get(f"/api/sessions/{hinted}").json()["transcript"]
    assert [t["hint"]["kind"] for t in transcript if t.get("hint")] == ["verify_first", "acknowledge"]
    with_hints = client.post(f"/api/sessions/{hinted}/end", headers=headers).json()
    assert with_hints["overall"] == without["overall"]  # same seed, same lines: hints cost nothing
    page = client.get(f"/practice/{hinted}").text
    used = page[page.index('id="hints-used"'):]
    assert 'data-count="2"' in page and "不影响评分" in used and "除非已经核对了对方身份" in used
    assert page.count('class="hint-card"') == 2  # and in the transcript, after the replies they followed
    assert 'id="hints-used"' not in client.get(f"/practice/{plain}").text


def test_hints_speak_english_to_an_english_reader(client, trainee):
    login(client)
    client.get("/lang/en", follow_redirects=False)
    sid, headers = _start(client, hints=True)
    replies = _play(client, sid, headers)
    first, second = [r["hint"] for r in replies if r["hint"]]
    assert first["text"].startswith("Verify first") and first["coping_en"].startswith("Keep the records confidential")
    assert second["coping_en"] == "Let the customer vent and explain the frustrations they have met"


def test_hints_can_be_switched_on_during_a_call_by_its_owner_only(client, trainee, other_trainee):
    login(client)
    sid, headers = _start(client, hints=False)
    res = client.post(f"/api/sessions/{sid}/hints", json={"on": True}, headers=headers)
    assert res.status_code == 200 and res.json() == {"hints": True}
    assert _play(client, sid, headers, [NO_INTRO])[0]["hint"]["kind"] == "verify_first"
    bad = client.post(f"/api/sessions/{sid}/hints", json={"on": "maybe"}, headers=headers)
    assert bad.status_code == 422 and "on" in bad.text
    client.post("/logout", data={"csrf_token": csrf(client.get("/scenarios").text)})
    login(client, "bob")
    other = {"X-CSRF-Token": csrf(client.get("/scenarios").text)}
    assert client.post(f"/api/sessions/{sid}/hints", json={"on": False}, headers=other).status_code == 404


def test_an_ended_call_takes_no_hints_setting(client, trainee):
    login(client)
    sid, headers = _start(client, hints=True)
    client.post(f"/api/sessions/{sid}/end", headers=headers)
    res = client.post(f"/api/sessions/{sid}/hints", json={"on": False}, headers=headers)
    assert res.status_code == 409 and "hints" in res.text


def test_the_chat_page_toggles_hints_with_a_form(client, trainee):
    login(client)
    sid, _ = _start(client, hints=False)
    page = client.get(f"/practice/{sid}").text
    assert 'id="hints-toggle"' in page and "开启提示" in page
    token = csrf(page)
    assert client.post(f"/practice/{sid}/hints", data={"on": "true"}, follow_redirects=False).status_code == 403
    res = client.post(f"/practice/{sid}/hints", data={"on": "true", "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == f"/practice/{sid}"
    assert "关闭提示" in client.get(f"/practice/{sid}").text
    bad = client.post(f"/practice/{sid}/hints", data={"on": "yes", "csrf_token": token}, follow_redirects=False)
    assert bad.status_code in (400, 422) and "on" in bad.text


def test_retry_keeps_the_hints_choice(client, trainee):
    login(client)
    sid, headers = _start(client, hints=True)
    client.post(f"/api/sessions/{sid}/end", headers=headers)
    token = csrf(client.get(f"/practice/{sid}").text)
    res = client.post(f"/practice/{sid}/retry", data={"csrf_token": token}, follow_redirects=False)
    new = res.headers["location"].rsplit("/", 1)[-1]
    assert client.get(f"/api/sessions/{new}").json()["hints"] is True


def test_the_coach_sees_the_hints_the_trainee_saw_in_english_too(client, trainee, trainer, coached, browser_login):
    login(client)
    sid, headers = _start(client, hints=True)
    _play(client, sid, headers)
    client.post(f"/api/sessions/{sid}/end", headers=headers)
    browser_login("tina")
    client.get("/lang/en", follow_redirects=False)
    page = client.get(f"/trainer/review/{sid}").text
    assert page.count('class="hint-card"') == 2
    assert "Let the customer vent and explain the frustrations they have met" in page
