"""The trainee's own path: requirements, what is done, the recommended next scenario; nobody else's."""

from __future__ import annotations


def test_my_path_lists_the_l1_requirements_and_a_first_scenario(client, trainee):
    data = client.get("/api/me/path", headers=trainee).json()
    assert data["programme"]["name"] == "新人上岗认证 L1"
    assert data["progress"]["total"] == 7 and data["progress"]["done"] == 0
    assert data["next"]["scenario_id"].endswith("-m1") and data["next"]["dimension"] is None


def test_the_next_scenario_aims_at_the_weakest_dimension(client, trainee, play):
    play(trainee, "victim-m1", "good")
    play(trainee, "evasive-m1", "good")
    data = client.get("/api/me/path", headers=trainee).json()
    done = {r["id"] for r in data["progress"]["requirements"] if r["status"] == "done"}
    assert {"victim-m1", "evasive-m1"} <= done
    nxt = data["next"]
    assert nxt["requirement_id"] not in done and nxt["dimension"] in {
        "courtesy", "legality", "pressure_calibration", "emotional_control"}
    assert nxt["dimension_name"]


def test_the_path_page_shows_the_checklist_and_starts_the_recommended_call(client, trainee, play, browser_login):
    play(trainee, "victim-m1", "good")
    token = browser_login("alice")
    page = client.get("/path")
    assert page.status_code == 200 and 'id="checklist"' in page.text and 'id="next-up"' in page.text
    assert 'data-req="victim-m1" data-status="done"' in page.text
    scenario = client.get("/api/me/path").json()["next"]["scenario_id"]
    res = client.post("/practice", data={"scenario_id": scenario, "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/practice/")
    l2 = client.get("/path?programme_id=2")
    assert "进阶认证 L2" in l2.text


def test_only_trainees_have_a_path_and_only_their_own(client, hr, trainer, trainee, other_trainee, play, browser_login):
    play(other_trainee, "victim-m1", "good")
    assert client.get("/api/me/path", headers=trainee).json()["progress"]["done"] == 0  # bob's pass is not alice's
    assert client.get("/api/me/path", headers=hr).status_code == 403
    assert client.get("/api/me/path", headers=trainer).status_code == 403
    assert client.get("/api/me/path").status_code == 401
    assert client.get("/api/me/path?programme_id=99", headers=trainee).status_code == 404
    browser_login("hana")
    assert client.get("/path").status_code == 403


def test_the_nav_links_follow_the_role(client, trainee, hr, admin, browser_login):
    browser_login("alice")
    nav = client.get("/scenarios").text
    assert 'href="/path"' in nav and 'href="/hr"' not in nav
    client.cookies.clear()
    browser_login("hana")
    nav = client.get("/hr").text
    assert 'href="/hr/programmes"' in nav and 'href="/path"' not in nav and 'href="/hr/access"' not in nav
    client.cookies.clear()
    browser_login("adam")
    assert 'href="/hr/access"' in client.get("/hr").text
