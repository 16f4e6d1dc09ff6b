"""The debrief teaches (issue 20): its first screen is the verdict, the one change and 「再练一次」;
the objectives are ticked; the previous attempt at the same scenario stands beside this one; one
turn numbering (the trainee's n-th line) everywhere."""

from __future__ import annotations

import re

from tests.api.practice.test_pages import csrf, login

THREAT = "你再不还钱,我们就上门找你家人和单位,让你在村里抬不起头。"
POLITE = "您好,我是安信消费金融的小陈,请问是刘女士本人吗?"


def _call(client, lines, scenario="evasive-m1"):
    token = csrf(client.get("/scenarios").text)
    headers = {"X-CSRF-Token": token}
    sid = client.post("/api/sessions", json={"scenario_id": scenario}, headers=headers).json()["id"]
    for line in lines:
        client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers)
    grade = client.post(f"/api/sessions/{sid}/end", headers=headers).json()
    return sid, grade, token


def test_the_first_screen_is_the_verdict_the_one_change_and_the_retry(client, trainee):
    login(client)
    sid, grade, _ = _call(client, [POLITE, THREAT])
    page = client.get(f"/practice/{sid}").text
    top = page.index('id="debrief-top"')
    assert top < page.index('id="messages"')  # above the case file and the transcript
    head = page[top:page.index("</section>", top)]
    assert "未通过" in head and f"<span>{grade['overall']}</span>" in head
    change = re.search(r'<div class="one-change kind-(\w+)".*?data-line="(\d*)"', head, re.S)
    assert change.group(1) == "violation"
    assert "上门" in head and "建议说法:" in head  # the threat quoted, with what to say instead
    assert 'id="retry"' in head and f'action="/practice/{sid}/retry"' in head
    assert 'id="next-up"' in head


def test_the_one_change_cites_the_line_number_the_transcript_shows(client, trainee):
    """The threat is the trainee's 2nd line: the lesson says 第 2 句 and the bubble carries the same number."""
    login(client)
    sid, _, _ = _call(client, [POLITE, THREAT])
    page = client.get(f"/practice/{sid}").text
    assert re.search(r'id="one-change"[^>]*data-line="2"', page)
    assert "第 2 句" in page[page.index('id="one-change"'):]
    bubble = re.search(r'<div class="msg msg-collector" data-turn="\d+" data-line="2">.*?</div>\s*<div class="msg-text">(.*?)</div>',
                       page, re.S)
    assert bubble and "上门" in bubble.group(1)
    assert not re.search(r'<span class="muted">#\d+', page)


def test_a_trainee_never_sees_rule_ids_or_catalog_versions(client, trainee):
    login(client)
    sid, grade, _ = _call(client, [POLITE, THREAT])
    page = client.get(f"/practice/{sid}").text
    assert grade["rubric"] not in page and grade["rule_pack"] not in page
    assert all(v["rule"] not in page for v in grade["violations"])
    assert "未配置评审模型" not in page


def test_objectives_are_ticked_or_not(client, trainee):
    login(client)
    sid, grade, _ = _call(client, [POLITE])
    page = client.get(f"/practice/{sid}").text
    block = page[page.index('id="objectives-result"'):]
    for o in grade["objectives"]:
        state = "yes" if o["met"] else ("na" if o["met"] is None else "no")
        assert f'class="met-{state}" data-objective="{o["id"]}"' in block


def test_only_the_weakest_dimension_starts_open(client, trainee):
    login(client)
    sid, grade, _ = _call(client, [POLITE, THREAT])
    page = client.get(f"/practice/{sid}").text
    opened = re.findall(r'<details class="dim" data-dim="(\w+)" open>', page)
    weakest = min(grade["dimensions"].items(), key=lambda kv: kv[1]["score"])[0]
    assert opened == [weakest]


def test_retry_starts_the_same_scenario_with_a_new_seed(client, trainee):
    login(client)
    sid, _, token = _call(client, [POLITE])
    res = client.post(f"/practice/{sid}/retry", data={"csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/practice/")
    new = res.headers["location"].rsplit("/", 1)[1]
    sessions = {s["id"]: s for s in client.get("/api/sessions").json()}
    assert new != sid and sessions[new]["scenario_id"] == sessions[sid]["scenario_id"] == "evasive-m1"
    assert sessions[new]["status"] == "active"


def test_retry_needs_the_form_token_and_the_owner(client, trainee, other_trainee, browser_login):
    login(client)
    sid, _, token = _call(client, [POLITE])
    assert client.post(f"/practice/{sid}/retry", data={"csrf_token": "forged"}, follow_redirects=False).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    other = browser_login("bob")
    res = client.post(f"/practice/{sid}/retry", data={"csrf_token": other}, follow_redirects=False)
    assert res.status_code == 404


def test_the_second_attempt_stands_beside_the_first(client, trainee):
    login(client)
    first, before, _ = _call(client, [POLITE, THREAT])
    second, now, _ = _call(client, [POLITE, "刘女士,您这笔欠款已经逾期了,今天能先还一部分吗?"])
    page = client.get(f"/practice/{second}").text
    block = page[page.index('id="compare"'):]
    assert "和上一次相比" in block and f'href="/practice/{first}"' in block
    row = re.search(r'<tr class="overall">(.*?)</tr>', block, re.S).group(1)
    assert f">{before['overall']}<" in row and f">{now['overall']}<" in row
    for dim in now["dimensions"]:
        assert f'data-dim="{dim}"' in block
    # last time's one change was the threat; this call made none, so the change was made
    assert 'data-made="yes"' in block and "上门" in block
    assert 'id="compare"' not in client.get(f"/practice/{first}").text  # nothing before the first attempt


def test_the_debrief_speaks_english(client, trainee):
    login(client)
    sid, _, _ = _call(client, [POLITE, THREAT])
    client.get("/lang/en", follow_redirects=False)
    page = client.get(f"/practice/{sid}").text
    head = page[page.index('id="debrief-top"'):]
    assert "Not passed" in head and "The one thing to change" in head and "Practise this again" in head
    assert "line 2" in head and "Say instead:" in head


def test_the_chat_s_call_mode_button_asks_first_and_is_gone_once_the_chat_ends(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    sid = client.post("/api/sessions", json={"scenario_id": "evasive-m1"}, headers={"X-CSRF-Token": token}).json()["id"]
    page = client.get(f"/practice/{sid}").text
    assert re.search(r'id="switch-to-call" data-confirm="[^"]*结束这次文字练习', page)
    client.post(f"/api/sessions/{sid}/end", headers={"X-CSRF-Token": token})
    assert 'id="switch-to-call"' not in client.get(f"/practice/{sid}").text


def _explanations(page: str) -> list[str]:
    """The grader's own words on a debrief page: notes, summaries, verdict, the one change's why, the
    violations' descriptions (quotes and what to say are the call's Chinese and are left out)."""
    out = []
    for cls in ("verdict-why", "one-change-why"):
        out += re.findall(rf'<p class="{cls}">(.*?)</p>', page, re.S)
    out += re.findall(r'<span class="dim-score">\d+</span><span class="muted small">(.*?)</span>', page, re.S)
    out += [re.sub(r"“[^”]*”", "", m) for m in re.findall(r"</span> “[^”]*” — (.*?)\n", page)]
    out += re.findall(r'<div class="quote">.*?</div>\s*<div>(.*?)</div>', page, re.S)
    return [o.strip() for o in out if o.strip()]


def test_the_grader_explains_itself_in_english_too(client, trainee):
    """Issue 20: the grader's notes, dimension summaries, fail reasons and violation explanations are said
    again in the reader's language; Chinese is left only inside the quoted lines."""
    login(client)
    sid, _, _ = _call(client, [POLITE, "林女士您欠了3000块钱,好像是上个月的吧,具体多少我也看不清。", THREAT,
                               "再见。"])
    zh = _explanations(client.get(f"/practice/{sid}").text)
    client.get("/lang/en", follow_redirects=False)
    en = _explanations(client.get(f"/practice/{sid}").text)
    assert len(en) == len(zh) and len(en) >= 8
    assert all(re.search(r"[\u4e00-\u9fff]", z) for z in zh)  # the Chinese page says it in Chinese
    chinese = [e for e in en if re.search(r"[\u4e00-\u9fff]", re.sub(r"“[^”]*”|「[^」]*」", "", e))]
    assert not chinese, chinese
    assert any("Pressure level" in e or "pressure" in e.lower() for e in en)
    assert any("Threat" in e or "threat" in e.lower() for e in en)


def test_a_grade_stored_before_the_grader_spoke_english_is_shown_as_it_was(client, trainee):
    """A grade stored with Chinese text only (no ``note_said``) still renders, in Chinese, in English mode."""
    from sqlmodel import Session, select

    from simulator.db.models import Grade

    login(client)
    sid, _, _ = _call(client, [POLITE, THREAT])
    engine = client.app.state.engine
    with Session(engine) as db:
        row = db.exec(select(Grade).where(Grade.session_id == sid)).first()
        data = dict(row.result)
        strip = lambda d: {k: v for k, v in d.items() if not k.endswith("_said")}  # noqa: E731
        data = strip(data)
        data["dimensions"] = {k: strip(d) | {"evidence": [strip(e) for e in d["evidence"]]}
                              for k, d in data["dimensions"].items()}
        data["violations"] = [strip(v) for v in data["violations"]]
        row.result = data
        db.add(row)
        db.commit()
    client.get("/lang/en", follow_redirects=False)
    page = client.get(f"/practice/{sid}")
    assert page.status_code == 200
    assert "没有催收员发言" not in page.text and "Not passed" in page.text
