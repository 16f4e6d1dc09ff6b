"""Multi-call cases (issue 21, item 3): a debtor called again days and weeks later. Each call starts from what
the previous one left (a promise kept or broken, the amount owed, the debtor's mood), the case has its own
debrief across calls, and case calls never count towards certification."""

from __future__ import annotations

from tests.api.practice.test_pages import csrf, login

CASE = "promiser-three-dates"
HELLO = "您好,我是鑫源小额贷款有限公司贷后服务部的小陈,工号0917,请问是吴志刚先生本人吗?"
# Accepts "下周四,我保证" and never pins an amount: polite, and hollow.
HOLLOW = [HELLO, "我理解您的难处。", "您看什么时候能还上?", "好的,那就这样。"]
# Pins what he can pay, says why the promise matters, repeats it back.
PINNED = [HELLO, "吴先生,这期是因为什么原因没还上呢?钱从哪里来?",
          "我理解您的难处。每一次约定都会记录在案,按时兑现对您的信用很重要。",
          "您看下周四前先还2000元,可以吗?",
          "那我跟您确认一下:下周四前,还款2000元,通过官方APP还,到时候我会跟进确认,对吗?"]


def _play(client, headers, sid: str, lines: list[str]) -> dict:
    for line in lines:
        res = client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers)
        if res.status_code == 409 or res.json()["ended"]:
            break
    return client.post(f"/api/sessions/{sid}/end", headers=headers).json()


def _start(client, headers, case=CASE) -> dict:
    res = client.post(f"/api/cases/{case}/runs", json={}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def test_the_cases_on_offer_name_their_debtor_and_the_calls_of_their_timeline(client, trainee):
    cases = client.get("/api/cases", headers=trainee).json()
    assert len(cases) >= 3 and "promiser" in {c["archetype"] for c in cases}
    promiser = next(c for c in cases if c["id"] == CASE)
    assert promiser["debtor_name"] == "吴志刚"
    assert [(c["day"], c["stage"]) for c in promiser["calls"]] == [(3, "M1"), (20, "M1"), (45, "M2")]


def test_a_case_starts_with_its_first_call_on_the_day_of_the_timeline(client, trainee):
    started = _start(client, trainee)
    assert started["number"] == 1
    session = client.get(f"/api/sessions/{started['session_id']}", headers=trainee).json()
    assert session["case_run_id"] == started["run_id"] and session["stage"] == "M1"
    run = client.get(f"/api/case-runs/{started['run_id']}", headers=trainee).json()
    assert run["status"] == "open" and [c["status"] for c in run["calls"]] == ["active"] and run["next"] is None


def test_the_next_call_waits_for_the_current_one_to_end(client, trainee):
    started = _start(client, trainee)
    res = client.post(f"/api/case-runs/{started['run_id']}/calls", headers=trainee)
    assert res.status_code == 409 and "run_id" in res.text


def test_a_vague_promise_comes_back_broken_and_the_next_debtor_is_warier(client, trainee):
    started = _start(client, trainee)
    first = client.get(f"/api/sessions/{started['session_id']}", headers=trainee).json()
    _play(client, trainee, started["session_id"], HOLLOW)
    second = client.post(f"/api/case-runs/{started['run_id']}/calls", headers=trainee)
    assert second.status_code == 201 and second.json()["number"] == 2
    call2 = client.get(f"/api/sessions/{second.json()['session_id']}", headers=trainee).json()
    assert call2["stage"] == "M1"
    assert call2["transcript"][0]["state"]["trust"] < first["transcript"][0]["state"]["trust"]
    run = client.get(f"/api/case-runs/{started['run_id']}", headers=trainee).json()
    promise = run["calls"][0]["promise"]
    assert promise["vague"] and promise["kept"] is False and "模糊保证" in promise["why"]


def test_a_pinned_promise_is_kept_and_lowers_what_is_owed(client, trainee):
    started = _start(client, trainee)
    _play(client, trainee, started["session_id"], PINNED)
    run = client.get(f"/api/case-runs/{started['run_id']}", headers=trainee).json()
    assert run["calls"][0]["promise"]["amount"] == 2000
    assert run["calls"][0]["promise"]["kept"] is None  # known when the day comes: at the next call
    assert run["next"]["number"] == 2 and run["next"]["day"] == 20
    client.post(f"/api/case-runs/{started['run_id']}/calls", headers=trainee)
    run = client.get(f"/api/case-runs/{started['run_id']}", headers=trainee).json()
    assert run["calls"][0]["promise"]["kept"] is True


def test_after_the_last_call_the_case_has_its_own_debrief(client, trainee):
    started = _start(client, trainee)
    run_id, sid = started["run_id"], started["session_id"]
    for number in (1, 2, 3):
        _play(client, trainee, sid, HOLLOW)
        res = client.post(f"/api/case-runs/{run_id}/calls", headers=trainee)
        if number < 3:
            sid = res.json()["session_id"]
    assert res.status_code == 409  # the case is over
    run = client.get(f"/api/case-runs/{run_id}", headers=trainee).json()
    assert run["status"] == "closed" and len(run["calls"]) == 3
    summary = run["summary"]
    assert summary["promises"] >= 2 and summary["kept"] == 0 and summary["recovered"] == 0
    assert "不接受模糊保证" in summary["lesson"]
    # the broken promises made the later calls the 屡次爽约 situation, which asks more of the collector
    assert run["calls"][1]["score"] < run["calls"][0]["score"]
    sessions = [client.get(f"/api/sessions/{c['session_id']}", headers=trainee).json() for c in run["calls"]]
    assert [s["stage"] for s in sessions] == ["M1", "M1", "M2"]


def test_case_calls_never_count_towards_certification_nor_are_retried_alone(client, trainee):
    def attempts() -> int:
        reqs = client.get("/api/me/path", headers=trainee).json()["progress"]["requirements"]
        return next(r["attempts"] for r in reqs if r["id"] == "promiser-m1")

    started = _start(client, trainee)
    _play(client, trainee, started["session_id"], PINNED)
    assert attempts() == 0
    login(client)
    page = client.get(f"/practice/{started['session_id']}")
    retry = client.post(f"/practice/{started['session_id']}/retry", data={"csrf_token": csrf(page.text)})
    assert retry.status_code == 409


def test_bad_input_is_named(client, trainee):
    res = client.post("/api/cases/no-such-case/runs", json={}, headers=trainee)
    assert res.status_code == 404 and "case_id" in res.text
    res = client.post(f"/api/cases/{CASE}/runs", json={"mode": "fax"}, headers=trainee)
    assert res.status_code == 422 and "mode" in res.text
    res = client.get("/api/case-runs/nope", headers=trainee)
    assert res.status_code == 404 and "run_id" in res.text


def test_another_trainee_s_case_is_not_found(client, trainee, other_trainee):
    started = _start(client, trainee)
    assert client.get(f"/api/case-runs/{started['run_id']}", headers=other_trainee).status_code == 404
    assert client.post(f"/api/case-runs/{started['run_id']}/calls", headers=other_trainee).status_code == 404
    assert client.get(f"/api/sessions/{started['session_id']}", headers=other_trainee).status_code == 404


def test_the_trainee_s_coach_reads_the_case_but_cannot_make_its_calls(client, trainee, trainer, coached):
    started = _start(client, trainee)
    _play(client, trainee, started["session_id"], HOLLOW)
    read = client.get(f"/api/case-runs/{started['run_id']}", headers=trainer)
    assert read.status_code == 200 and read.json()["owner"] is False and len(read.json()["calls"]) == 1
    assert client.post(f"/api/case-runs/{started['run_id']}/calls", headers=trainer).status_code == 404


def test_the_case_pages_start_a_case_go_on_call_by_call_and_show_the_debrief(client, trainee):
    login(client)
    page = client.get("/cases").text
    assert "多通电话的案件" in page and f'data-start-case="{CASE}"' in page
    res = client.post(f"/cases/{CASE}/start", data={"csrf_token": csrf(page)}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/practice/")
    sid = res.headers["location"].rsplit("/", 1)[1]
    chat = client.get(f"/practice/{sid}").text
    assert 'id="case-banner"' in chat and "案件第 1 通" in chat and 'id="switch-to-call"' not in chat
    headers = {"X-CSRF-Token": csrf(chat)}
    _play(client, headers, sid, HOLLOW)
    debrief = client.get(f"/practice/{sid}").text
    assert 'id="case-next"' in debrief and 'id="retry"' not in debrief
    run_id = client.get(f"/api/sessions/{sid}", headers=headers).json()["case_run_id"]
    for _ in range(2):
        res = client.post(f"/cases/runs/{run_id}/next", data={"csrf_token": csrf(debrief)}, follow_redirects=False)
        sid = res.headers["location"].rsplit("/", 1)[1]
        _play(client, headers, sid, HOLLOW)
    res = client.post(f"/cases/runs/{run_id}/next", data={"csrf_token": csrf(debrief)}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == f"/cases/runs/{run_id}#case-debrief"
    case_page = client.get(f"/cases/runs/{run_id}").text
    summary = client.get(f"/api/case-runs/{run_id}", headers=headers).json()["summary"]
    assert 'id="case-debrief"' in case_page and "案件复盘" in case_page
    assert f"0 / {summary['promises']}" in case_page and "未兑现" in case_page
    assert case_page.count('class="case-call"') == 3
    client.get("/lang/en")
    english = client.get(f"/cases/runs/{run_id}").text
    assert "Case debrief" in english and "promises kept" in english and "do not accept vague assurances" in english


def test_the_case_forms_need_their_csrf_token(client, trainee):
    login(client)
    res = client.post(f"/cases/{CASE}/start", data={"csrf_token": "forged"}, follow_redirects=False)
    assert res.status_code == 403
