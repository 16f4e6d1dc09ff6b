"""Grades: computed at the end of a call, stored with the rubric version, re-computable by trainers."""

from __future__ import annotations

GOOD_LINES = [
    "您好,我是安信消费金融贷后服务部的小陈,工号0917,请问是本人吗?",
    "您先别着急,有什么不满您慢慢说,我在听。",
    "我理解您的心情,被催确实挺烦的。",
]


def played_session(client, headers, lines=GOOD_LINES, scenario="provocative-m1") -> str:
    sid = client.post("/api/sessions", json={"scenario_id": scenario}, headers=headers).json()["id"]
    for line in lines:
        assert client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers).status_code == 200
    return sid


def test_ending_a_call_returns_the_grade_object(client, trainee):
    sid = played_session(client, trainee)
    res = client.post(f"/api/sessions/{sid}/end", headers=trainee)
    assert res.status_code == 200
    grade = res.json()
    assert grade["rubric"] == "default@1" and grade["mode"] == "rules_only"
    assert set(grade["dimensions"]) == {"courtesy", "legality", "pressure_calibration", "emotional_control"}
    assert isinstance(grade["passed"], bool) and 0 <= grade["overall"] <= 100
    assert grade["session"]["collector_turns"] == 3


def test_ending_twice_returns_the_same_stored_grade(client, trainee):
    sid = played_session(client, trainee)
    first = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    second = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert first["grade_id"] == second["grade_id"]


def test_the_session_read_back_carries_its_grade(client, trainee):
    sid = played_session(client, trainee)
    client.post(f"/api/sessions/{sid}/end", headers=trainee)
    detail = client.get(f"/api/sessions/{sid}", headers=trainee).json()
    assert detail["grade"]["rubric"] == "default@1"


def test_a_red_line_in_practice_fails_the_grade(client, trainee):
    sid = played_session(client, trainee, ["您好,我是安信消费金融的小陈。", "再不还钱,小心你走夜路的时候出点什么事。"])
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert grade["passed"] is False
    assert grade["violations"][0]["category"] == "threat"
    assert grade["violations"][0]["suggestion"]


def test_a_call_with_no_collector_turn_is_incomplete_not_an_error(client, trainee):
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert grade["mode"] == "incomplete" and grade["passed"] is False


def coach_of_alice(client, make_user) -> dict[str, str]:
    """A trainer who coaches alice: trainers read and re-grade only their cohorts' sessions."""
    hr = make_user("hana", "hr")
    trainer = make_user("tina", "trainer")
    cid = client.post("/api/hr/cohorts", json={"name": "一期"}, headers=hr).json()["id"]
    for username, role in (("tina", "trainer"), ("alice", "trainee")):
        client.post(f"/api/hr/cohorts/{cid}/members", json={"username": username, "role": role}, headers=hr)
    return trainer


def test_a_trainer_can_regrade_and_the_original_is_kept(client, trainee, make_user):
    trainer = coach_of_alice(client, make_user)
    sid = played_session(client, trainee)
    first = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    again = client.post(f"/api/sessions/{sid}/grade", headers=trainer)
    assert again.status_code == 200
    assert again.json()["grade_id"] != first["grade_id"]
    assert client.post(f"/api/sessions/{sid}/grade", headers=trainee).status_code == 403


def test_regrading_an_active_session_is_a_conflict(client, trainee, make_user):
    trainer = coach_of_alice(client, make_user)
    sid = played_session(client, trainee)
    assert client.post(f"/api/sessions/{sid}/grade", headers=trainer).status_code == 409


def test_a_trainer_grades_an_uploaded_transcript(client, trainee, make_user):
    trainer = make_user("tina", "trainer")
    transcript = {"id": "real-1", "stage": "M1", "turns": [
        {"speaker": "debtor", "text": "喂?"},
        {"speaker": "collector", "text": "你这种老赖就是社会的垃圾。"},
    ]}
    res = client.post("/api/grades", json=transcript, headers=trainer)
    assert res.status_code == 200
    assert res.json()["violations"][0]["category"] == "insult"
    assert client.post("/api/grades", json=transcript, headers=trainee).status_code == 403


def test_a_malformed_uploaded_transcript_names_the_field(client, make_user):
    trainer = make_user("tina", "trainer")
    res = client.post("/api/grades", json={"turns": [{"speaker": "boss", "text": "hi"}]}, headers=trainer)
    assert res.status_code == 422
    assert "turns.0.speaker" in res.json()["detail"]


def test_the_debrief_is_shown_on_the_practice_page(client, trainee):
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "alice", "password": "correct-horse-9", "csrf_token": token})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/scenarios").text).group(1)
    h = {"X-CSRF-Token": csrf}
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=h).json()["id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": "你这种老赖就是不要脸。"}, headers=h)
    client.post(f"/api/sessions/{sid}/end", headers=h)
    html = client.get(f"/practice/{sid}").text
    assert 'id="grade"' in html and "建议说法" in html and "侮辱谩骂" in html
    # the debrief: dimension bars, the mood curve, per-turn annotations, the study note, print button
    assert 'class="dim-bars"' in html and 'id="mood-chart"' in html
    assert 'class="chip pressure-3"' in html and 'class="chip sev-major">侮辱谩骂<' in html
    assert 'id="print-debrief"' in html


def test_a_plain_text_transcript_is_graded(client, make_user):
    trainer = make_user("tina", "trainer")
    text = "客户: 喂?\n催收员: 您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?\n客户: 是我。\n催收员: 你这种老赖就是不要脸。"
    res = client.post("/api/grades/text", json={"text": text, "stage": "M1"}, headers=trainer)
    assert res.status_code == 200
    body = res.json()
    assert [t["speaker"] for t in body["turns"]] == ["debtor", "collector", "debtor", "collector"]
    assert body["violations"][0]["category"] == "insult" and body["violations"][0]["turn"] == 3


def test_a_plain_text_transcript_without_speakers_names_the_line(client, make_user):
    trainer = make_user("tina", "trainer")
    res = client.post("/api/grades/text", json={"text": "您好\n喂"}, headers=trainer)
    assert res.status_code == 422
    assert res.json()["detail"].startswith("text: line 1")


def test_the_upload_form_grades_a_pasted_call(client, make_user):
    import re

    from tests.conftest import PASSWORD

    make_user("tom", "trainer")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "tom", "password": PASSWORD, "csrf_token": token})
    form = client.get("/trainer/grade")
    assert form.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    res = client.post("/trainer/grade", data={"text": "客户: 喂?\n催收员: 再不还钱,小心你家里人出点什么事。",
                                               "stage": "M1", "csrf_token": csrf})
    assert res.status_code == 200 and 'id="grade"' in res.text and "威胁恐吓" in res.text
    bad = client.post("/trainer/grade", data={"text": "没有说话人", "stage": "M1", "csrf_token": csrf})
    assert bad.status_code == 422 and "line 1" in bad.text


def test_trainees_cannot_open_the_upload_form(client, trainee):
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "alice", "password": "correct-horse-9", "csrf_token": token})
    assert client.get("/trainer/grade").status_code == 403
