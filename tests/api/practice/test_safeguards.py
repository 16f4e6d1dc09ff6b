"""Trainee safeguards (issue 21, item 5): a trainee leaves a call with one click and pays nothing for it; a
very hostile call ends with a word from the training material; a trainer sees who keeps meeting them."""

from __future__ import annotations

from tests.api.practice.test_pages import csrf, login

HOSTILE = ["喂,你欠的钱什么时候还?", "你这种老赖就是不要脸。", "借钱的时候怎么不想想?", "你再不还试试看。"]
CALM = ["您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?"]


def _call(client, headers, lines, scenario="provocative-m1") -> str:
    sid = client.post("/api/sessions", json={"scenario_id": scenario}, headers=headers).json()["id"]
    for line in lines:
        if client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers).status_code == 409:
            break  # the debtor hung up
    return sid


def test_leaving_ends_the_call_at_once_with_no_grade(client, trainee):
    sid = _call(client, trainee, CALM)
    res = client.post(f"/api/sessions/{sid}/leave", headers=trainee)
    assert res.status_code == 200 and res.json()["left"] is True and res.json()["graded"] is False
    detail = client.get(f"/api/sessions/{sid}", headers=trainee).json()
    assert detail["status"] == "ended" and detail["grade"] is None and detail["summary"]["left"] is True


def test_a_left_call_cannot_be_graded_afterwards_by_anyone(client, trainee, admin):
    sid = _call(client, trainee, CALM)
    client.post(f"/api/sessions/{sid}/leave", headers=trainee)
    end = client.post(f"/api/sessions/{sid}/end", headers=trainee)
    assert end.status_code == 409 and "left" in end.json()["detail"]
    assert client.post(f"/api/sessions/{sid}/grade", headers=admin).status_code == 409
    again = client.post(f"/api/sessions/{sid}/leave", headers=trainee)
    assert again.status_code == 409 and "ended" in again.json()["detail"]


def test_only_the_owner_can_leave(client, trainee, other_trainee):
    sid = _call(client, trainee, CALM)
    assert client.post(f"/api/sessions/{sid}/leave", headers=other_trainee).status_code == 404
    assert client.post("/api/sessions/nosuchsession/leave", headers=trainee).status_code == 404


def test_a_left_call_counts_for_nothing_towards_certification(client, trainee):
    def attempts() -> int:
        reqs = client.get("/api/me/path", headers=trainee).json()["progress"]["requirements"]
        return next(r["attempts"] for r in reqs if r["id"] == "provocative-m1")

    sid = _call(client, trainee, CALM)
    client.post(f"/api/sessions/{sid}/leave", headers=trainee)
    assert attempts() == 0
    ended = _call(client, trainee, CALM)
    client.post(f"/api/sessions/{ended}/end", headers=trainee)
    assert attempts() == 1  # the same call, ended rather than left, counts


def test_the_chat_page_leaves_with_one_click_and_says_it_is_not_graded(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers={"X-CSRF-Token": token}).json()["id"]
    page = client.get(f"/practice/{sid}").text
    assert 'id="leave-call"' in page and "离开通话" in page
    assert client.post(f"/practice/{sid}/leave", data={}, follow_redirects=False).status_code == 403
    res = client.post(f"/practice/{sid}/leave", data={"csrf_token": csrf(page)}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == f"/practice/{sid}"
    after = client.get(f"/practice/{sid}").text
    assert 'id="left-call"' in after and "不计入认证" in after and 'id="debrief-top"' not in after
    assert 'id="retry"' in after


def test_a_very_hostile_call_ends_with_a_word_from_the_training_material(client, trainee):
    login(client)
    token = csrf(client.get("/scenarios").text)
    headers = {"X-CSRF-Token": token}
    hostile = _call(client, headers, HOSTILE)
    graded = client.post(f"/api/sessions/{hostile}/end", headers=headers).json()
    assert graded["session"]["hostile"] is True and graded["session"]["peak_anger"] >= 0.9
    page = client.get(f"/practice/{hostile}").text
    note = page[page.index('id="decompress"'):]
    assert "先缓一缓" in note and "不能被他们的侮辱和激怒所影响" in note
    calm = _call(client, headers, CALM)
    client.post(f"/api/sessions/{calm}/end", headers=headers)
    assert 'id="decompress"' not in client.get(f"/practice/{calm}").text


def test_the_trainer_sees_each_trainee_s_exposure_to_hostile_calls(client, trainee, trainer, coached, browser_login):
    hostile = _call(client, trainee, HOSTILE)
    client.post(f"/api/sessions/{hostile}/end", headers=trainee)
    left = _call(client, trainee, CALM)
    client.post(f"/api/sessions/{left}/leave", headers=trainee)
    browser_login("tina")
    page = client.get("/trainer/review").text
    panel = page[page.index('id="exposure"'):page.index("</section>", page.index('id="exposure"'))]
    assert 'data-trainee="alice" data-hostile="1" data-left="1"' in panel
    table = page[page.index('id="review-table"'):]
    assert "中途离开" in table and "高强度" in table
