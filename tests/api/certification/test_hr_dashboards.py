"""HR dashboards and their JSON twins: checklist, cohort matrix, trend chart, violations, at-risk list;
transcripts only with the admin's grant."""

from __future__ import annotations

import pytest

L1 = 1  # seeded: 新人上岗认证 L1


@pytest.fixture
def cohort(client, hr, trainee, other_trainee):
    cid = client.post("/api/hr/cohorts", json={"name": "一班", "programme_id": L1}, headers=hr).json()["id"]
    for name in ("alice", "bob"):
        client.post(f"/api/hr/cohorts/{cid}/members", json={"username": name}, headers=hr)
    return cid


def test_the_matrix_fills_in_as_trainees_practise(client, hr, trainee, other_trainee, cohort, play):
    empty = client.get(f"/api/hr/cohorts/{cohort}/dashboard", headers=hr).json()
    assert [r["username"] for r in empty["rows"]] == ["alice", "bob"]
    assert all(c["status"] == "not_started" for r in empty["rows"] for c in r["cells"])
    assert len(empty["programme"]["requirements"]) == 7
    play(trainee, "victim-m1", "good")
    play(trainee, "provocative-m1", "poor")
    board = client.get(f"/api/hr/cohorts/{cohort}/dashboard", headers=hr).json()
    alice = next(r for r in board["rows"] if r["username"] == "alice")
    cells = {c["id"]: c for c in alice["cells"]}
    assert cells["victim-m1"]["status"] == "done" and cells["victim-m1"]["best_score"] >= 70
    assert cells["provocative-m1"]["status"] == "in_progress"
    assert cells["evasive-m1"]["status"] == "not_started"
    assert alice["done"] == 1 and alice["total"] == 7
    assert board["violations"] and board["violations"][0]["count"] >= 1
    assert {p["username"] for p in board["at_risk"]} == {"bob"}  # never practised
    assert board["trend"]["points"] and set(board["trend"]["points"][0]["values"]) == {
        "legality", "courtesy", "pressure_calibration", "emotional_control"}


def test_the_cohort_page_draws_the_matrix_and_an_inline_svg_chart(client, hr, trainee, cohort, play, browser_login):
    play(trainee, "victim-m1", "good", days_ago=3)
    play(trainee, "evasive-m1", "fair", days_ago=1)
    browser_login("hana")
    page = client.get(f"/hr/cohorts/{cohort}")
    assert page.status_code == 200
    assert 'id="matrix"' in page.text and 'data-trainee="alice"' in page.text
    # the weekly cohort median over its middle half, one line per trainee (issue 20) …
    spread = page.text[page.text.index('id="cohort-spread"'):page.text.index("</figure>", page.text.index('id="cohort-spread"'))]
    assert '<polygon class="band"' in spread and 'data-person="alice"' in spread and spread.count("<polyline") == 2
    # … and the four dimensions' daily means, folded below it
    trend = page.text[page.text.index('id="cohort-trend"'):]
    assert '<svg viewBox="0 0 680 240"' in trend and trend[:trend.index("</figure>")].count("<polyline") == 4
    assert "<script>" not in page.text and "style=" not in page.text  # the CSP forbids both inline
    assert 'data-req="victim-m1" data-status="done"' in page.text


def test_the_at_risk_list_flags_idle_and_repeated_critical_and_falling(client, hr, trainee, other_trainee, cohort, play):
    play(other_trainee, "victim-m1", "good", days_ago=20)
    play(trainee, "victim-m1", "red_line", days_ago=2)
    play(trainee, "evasive-m1", "red_line", days_ago=1)
    board = client.get(f"/api/hr/cohorts/{cohort}/dashboard?inactive_days=10", headers=hr).json()
    flags = {p["username"]: {f["kind"]: f["value"] for f in p["flags"]} for p in board["at_risk"]}
    assert flags["bob"] == {"inactive": 20}
    assert flags["alice"] == {"critical": 2}
    top = board["violations"][0]
    assert top["category"] == "third_party_disclosure" and top["critical"] == 2


def test_the_trainee_dashboard_has_the_checklist_sessions_and_trend(client, hr, trainee, cohort, play, browser_login):
    play(trainee, "victim-m1", "good")
    uid = client.get(f"/api/hr/cohorts/{cohort}", headers=hr).json()["members"][0]["user_id"]
    data = client.get(f"/api/hr/trainees/{uid}", headers=hr).json()
    assert data["progress"]["programme_name"] == "新人上岗认证 L1" and data["progress"]["done"] == 1
    assert data["sessions"][0]["scenario_id"] == "victim-m1" and data["transcripts"] is False
    assert len(data["trend"]["points"]) == 1
    browser_login("hana")
    page = client.get(f"/hr/trainees/{uid}")
    assert page.status_code == 200 and 'id="checklist"' in page.text and "已达成" in page.text
    l2 = client.get(f"/api/hr/trainees/{uid}?programme_id=2", headers=hr).json()
    assert l2["progress"]["total"] == 13 and l2["progress"]["done"] == 0


def test_hr_sees_the_grade_but_not_the_transcript_until_an_admin_grants_it(client, hr, admin, trainee, play, browser_login):
    sid = play(trainee, "victim-m1", "red_line")["session_id"]
    data = client.get(f"/api/hr/sessions/{sid}", headers=hr).json()
    assert data["grade"]["overall"] >= 0 and data["transcript"] is None and data["transcript_allowed"] is False
    assert all(v["quote"] != "今天不还,我就把你欠钱的事发到你通讯录里每一个人手机上。" for v in data["grade"]["violations"])
    browser_login("hana")
    page = client.get(f"/hr/sessions/{sid}")
    assert 'id="transcript-hidden"' in page.text and "通讯录里每一个人" not in page.text
    hr_id = next(u for u in client.get("/api/hr/access", headers=admin).json() if u["username"] == "hana")["user_id"]
    assert client.put(f"/api/hr/access/{hr_id}", json={"transcripts": True}, headers=admin).status_code == 200
    granted = client.get(f"/api/hr/sessions/{sid}", headers=hr).json()
    assert granted["transcript"] and "通讯录里每一个人" in granted["grade"]["violations"][0]["quote"]
    assert "通讯录里每一个人" in client.get(f"/hr/sessions/{sid}").text


def test_trainers_see_their_cohorts_trainees_only(client, hr, trainer, trainee, other_trainee, play):
    cid = client.post("/api/hr/cohorts", json={"name": "带教班"}, headers=hr).json()["id"]
    client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice"}, headers=hr)
    client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "tina", "role": "trainer"}, headers=hr)
    bob_sid = play(other_trainee, "victim-m1")["session_id"]
    board = client.get(f"/api/hr/cohorts/{cid}/dashboard", headers=trainer).json()
    alice_id = board["rows"][0]["user_id"]
    assert client.get(f"/api/hr/trainees/{alice_id}", headers=trainer).status_code == 200
    assert client.get(f"/api/hr/sessions/{bob_sid}", headers=trainer).status_code == 404


def test_overview_summarises_each_cohort(client, hr, trainee, cohort, play, browser_login):
    play(trainee, "victim-m1")
    data = client.get("/api/hr/overview", headers=hr).json()
    row = data["cohorts"][0]
    assert row["name"] == "一班" and row["trainees"] == 2 and row["at_risk"] == 1 and row["avg_percent"] == 7
    browser_login("hana")
    assert 'id="cohort-cards"' in client.get("/hr").text


def test_the_dashboards_switch_to_english(client, hr, trainee, cohort, play, browser_login):
    play(trainee, "victim-m1", "good")
    browser_login("hana")
    client.get("/lang/en")
    for path, text in ((f"/hr/cohorts/{cohort}", "Progress matrix"), ("/hr", "Training dashboard"),
                       ("/hr/programmes/1", "Requirements"), ("/hr/exports", "Attempts CSV"),
                       ("/hr/certificates", "Certificates"), ("/hr/cohorts", "New cohort")):
        page = client.get(path)
        assert page.status_code == 200 and text in page.text, path
