"""Cohorts: HR and admins manage them (API and pages); trainers see their own; trainees see none."""

from __future__ import annotations


def test_hr_creates_a_cohort_and_assigns_trainees_and_a_trainer(client, hr, trainee, other_trainee, trainer):
    res = client.post("/api/hr/cohorts", json={"name": "2026春季班", "description": "新人"}, headers=hr)
    assert res.status_code == 201, res.text
    cid = res.json()["id"]
    for username, role in (("alice", "trainee"), ("bob", "trainee"), ("tina", "trainer")):
        res = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": username, "role": role}, headers=hr)
        assert res.status_code == 201, res.text
    detail = client.get(f"/api/hr/cohorts/{cid}", headers=hr).json()
    assert detail["trainees"] == 2 and detail["trainers"] == 1
    assert {m["username"] for m in detail["members"]} == {"alice", "bob", "tina"}
    listed = client.get("/api/hr/cohorts", headers=hr).json()
    assert [c["name"] for c in listed] == ["2026春季班"]


def test_membership_checks_name_the_field(client, hr, trainee, trainer):
    cid = client.post("/api/hr/cohorts", json={"name": "A班"}, headers=hr).json()["id"]
    res = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "nobody"}, headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("username:")
    res = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "tina", "role": "trainee"}, headers=hr)
    assert res.status_code == 422 and "trainer" in res.json()["detail"]
    res = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice", "role": "boss"}, headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("role:")
    assert client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice"}, headers=hr).status_code == 201
    again = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice"}, headers=hr)
    assert again.status_code == 409


def test_duplicate_names_conflict_and_rename_and_delete(client, admin):
    a = client.post("/api/hr/cohorts", json={"name": "A班"}, headers=admin).json()["id"]
    b = client.post("/api/hr/cohorts", json={"name": "B班"}, headers=admin).json()["id"]
    assert client.post("/api/hr/cohorts", json={"name": "A班"}, headers=admin).status_code == 409
    assert client.patch(f"/api/hr/cohorts/{b}", json={"name": "A班"}, headers=admin).status_code == 409
    res = client.patch(f"/api/hr/cohorts/{b}", json={"name": "C班", "programme_id": 1}, headers=admin)
    assert res.status_code == 200 and res.json()["programme_id"] == 1
    assert client.patch(f"/api/hr/cohorts/{b}", json={"programme_id": 999}, headers=admin).status_code == 422
    assert client.delete(f"/api/hr/cohorts/{a}", headers=admin).status_code == 204
    assert client.get(f"/api/hr/cohorts/{a}", headers=admin).status_code == 404


def test_removing_a_member(client, hr, trainee):
    cid = client.post("/api/hr/cohorts", json={"name": "A班"}, headers=hr).json()["id"]
    uid = client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice"}, headers=hr).json()["user_id"]
    assert client.delete(f"/api/hr/cohorts/{cid}/members/{uid}", headers=hr).status_code == 204
    assert client.delete(f"/api/hr/cohorts/{cid}/members/{uid}", headers=hr).status_code == 404


def test_trainers_see_only_the_cohorts_they_coach_and_cannot_manage(client, hr, trainer):
    mine = client.post("/api/hr/cohorts", json={"name": "带教班"}, headers=hr).json()["id"]
    other = client.post("/api/hr/cohorts", json={"name": "别的班"}, headers=hr).json()["id"]
    client.post(f"/api/hr/cohorts/{mine}/members", json={"username": "tina", "role": "trainer"}, headers=hr)
    assert [c["id"] for c in client.get("/api/hr/cohorts", headers=trainer).json()] == [mine]
    assert client.get(f"/api/hr/cohorts/{other}", headers=trainer).status_code == 404
    assert client.post("/api/hr/cohorts", json={"name": "X"}, headers=trainer).status_code == 403
    assert client.delete(f"/api/hr/cohorts/{mine}", headers=trainer).status_code == 403


def test_trainees_and_strangers_are_kept_out(client, trainee):
    assert client.get("/api/hr/cohorts", headers=trainee).status_code == 403
    assert client.post("/api/hr/cohorts", json={"name": "X"}, headers=trainee).status_code == 403
    assert client.get("/api/hr/cohorts").status_code == 401


def test_cohort_pages_create_and_add_members(client, hr, trainee, browser_login):
    token = browser_login("hana")
    page = client.get("/hr/cohorts")
    assert page.status_code == 200 and "培训班组" in page.text
    res = client.post("/hr/cohorts", data={"name": "页面班", "description": "", "programme_id": "1",
                                           "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303
    members_url = res.headers["location"]
    res = client.post(members_url, data={"username": "alice", "role": "trainee", "csrf_token": token},
                      follow_redirects=False)
    assert res.status_code == 303
    html = client.get(members_url).text
    assert 'data-member="alice"' in html and "新人上岗认证 L1" in html
    bad = client.post(members_url, data={"username": "ghost", "role": "trainee", "csrf_token": token})
    assert bad.status_code == 422 and "username" in bad.text
    forged = client.post("/hr/cohorts", data={"name": "X", "csrf_token": "forged"})
    assert forged.status_code == 403


def test_cohort_pages_are_for_hr_and_admins_only(client, trainee, browser_login):
    browser_login("alice")
    assert client.get("/hr/cohorts").status_code == 403
    client.cookies.clear()
    assert client.get("/hr/cohorts", follow_redirects=False).status_code == 303
