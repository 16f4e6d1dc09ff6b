"""Rewind and retry from any line (issue 21, item 2): an ended call continues from just before one of the
trainee's lines, with the same seed and state; the branch's debrief sets both paths side by side; branches
never count towards certification."""

from __future__ import annotations

from tests.api.practice.test_pages import csrf, login

LINES = ["您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?麻烦报一下身份证后四位。",
         "王先生,您这期7376元已经逾期8天了。",
         "你这种人就是欠收拾,再不还我们就上门。",
         "那您看月底前能还多少?"]
BETTER = "王先生,我理解您生意上回款慢。您看这个月底前能先还一部分吗?"


def _ended_call(client, headers) -> tuple[str, list[dict]]:
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=headers).json()["id"]
    for line in LINES:
        if client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers).status_code == 409:
            break
    client.post(f"/api/sessions/{sid}/end", headers=headers)
    return sid, client.get(f"/api/sessions/{sid}", headers=headers).json()["transcript"]


def _mine(transcript, n: int) -> int:
    """The transcript index of the trainee's n-th line."""
    return [t["index"] for t in transcript if t["speaker"] == "collector"][n - 1]


def test_a_branch_replays_the_call_up_to_the_chosen_line_in_the_same_state(client, trainee):
    original, transcript = _ended_call(client, trainee)
    turn = _mine(transcript, 3)  # the insult
    res = client.post(f"/api/sessions/{original}/branch", json={"turn": turn}, headers=trainee)
    assert res.status_code == 201, res.text
    branch = res.json()
    assert branch["branch_of"] == original and branch["branch_turn"] == turn and branch["status"] == "active"
    replayed = client.get(f"/api/sessions/{branch['id']}", headers=trainee).json()["transcript"]
    assert [(t["speaker"], t["text"], t["state"]) for t in replayed] == \
        [(t["speaker"], t["text"], t["state"]) for t in transcript if t["index"] < turn]
    reply = client.post(f"/api/sessions/{branch['id']}/turns", json={"text": BETTER}, headers=trainee)
    assert reply.status_code == 200


def test_the_branch_s_debrief_sets_both_paths_side_by_side(client, trainee):
    login(client)
    headers = {"X-CSRF-Token": csrf(client.get("/scenarios").text)}
    original, transcript = _ended_call(client, headers)
    before = client.get(f"/api/sessions/{original}", headers=headers).json()["grade"]
    branch = client.post(f"/api/sessions/{original}/branch", json={"turn": _mine(transcript, 3)},
                         headers=headers).json()["id"]
    client.post(f"/api/sessions/{branch}/turns", json={"text": BETTER}, headers=headers)
    after = client.post(f"/api/sessions/{branch}/end", headers=headers).json()
    assert after["overall"] > before["overall"]  # the insult is gone from the branch
    page = client.get(f"/practice/{branch}").text
    compare = page[page.index('id="compare"'):]
    assert "和原来的通话相比" in compare and f'href="/practice/{original}"' in compare
    assert f">{before['overall']}<" in compare and f">{after['overall']}<" in compare
    assert 'id="branch-curves"' in page and 'id="mood-original"' in page and 'id="mood-branch"' in page
    assert 'id="branch-banner"' in page


def test_branches_never_count_towards_certification(client, trainee):
    def attempts() -> int:
        reqs = client.get("/api/me/path", headers=trainee).json()["progress"]["requirements"]
        return next(r["attempts"] for r in reqs if r["id"] == "provocative-m1")

    original, transcript = _ended_call(client, trainee)
    assert attempts() == 1
    branch = client.post(f"/api/sessions/{original}/branch", json={"turn": _mine(transcript, 3)},
                         headers=trainee).json()["id"]
    client.post(f"/api/sessions/{branch}/turns", json={"text": BETTER}, headers=trainee)
    assert client.post(f"/api/sessions/{branch}/end", headers=trainee).status_code == 200
    assert attempts() == 1


def test_a_rewind_to_a_line_that_does_not_exist_is_refused_naming_the_turn(client, trainee, other_trainee):
    original, transcript = _ended_call(client, trainee)
    debtor = next(t["index"] for t in transcript if t["speaker"] != "collector")
    for turn in (999, debtor):
        res = client.post(f"/api/sessions/{original}/branch", json={"turn": turn}, headers=trainee)
        assert res.status_code == 422 and "turn" in res.json()["detail"], turn
    for body in ({"turn": -1}, {"turn": "x"}, {}):
        res = client.post(f"/api/sessions/{original}/branch", json=body, headers=trainee)
        assert res.status_code == 422 and "turn" in res.text, body
    mine = _mine(transcript, 1)
    assert client.post(f"/api/sessions/{original}/branch", json={"turn": mine},
                       headers=other_trainee).status_code == 404
    active = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
    client.post(f"/api/sessions/{active}/turns", json={"text": LINES[0]}, headers=trainee)
    res = client.post(f"/api/sessions/{active}/branch", json={"turn": 1}, headers=trainee)
    assert res.status_code == 409


def test_each_of_your_lines_offers_a_rewind_on_the_ended_chat(client, trainee):
    login(client)
    headers = {"X-CSRF-Token": csrf(client.get("/scenarios").text)}
    original, transcript = _ended_call(client, headers)
    page = client.get(f"/practice/{original}").text
    mine = [t["index"] for t in transcript if t["speaker"] == "collector"]
    assert page.count('class="rewind-form no-print"') == len(mine)
    turn = mine[1]
    assert client.post(f"/practice/{original}/branch", data={"turn": str(turn)},
                       follow_redirects=False).status_code == 403
    res = client.post(f"/practice/{original}/branch", data={"turn": str(turn), "csrf_token": csrf(page)},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/practice/")
    branch_page = client.get(res.headers["location"]).text
    assert 'id="branch-banner"' in branch_page and 'id="composer"' in branch_page
    bad = client.post(f"/practice/{original}/branch", data={"turn": "abc", "csrf_token": csrf(page)},
                      follow_redirects=False)
    assert bad.status_code in (400, 422) and "turn" in bad.text
