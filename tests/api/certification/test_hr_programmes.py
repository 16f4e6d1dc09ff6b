"""Programmes: seeded defaults, HR edits (API and the browser form), errors that name the field."""

from __future__ import annotations

REQ = {"archetype": "victim", "stage": "M1", "difficulty": 1, "min_overall": 75, "window_days": 14}


def test_the_two_default_programmes_are_seeded(client, hr):
    names = [p["name"] for p in client.get("/api/hr/programmes", headers=hr).json()]
    assert names == ["新人上岗认证 L1", "进阶认证 L2"]


def test_hr_creates_and_edits_a_programme_and_the_version_goes_up(client, hr):
    body = {"name": "试点认证", "validity_days": 90, "requirements": [REQ]}
    res = client.post("/api/hr/programmes", json=body, headers=hr)
    assert res.status_code == 201, res.text
    created = res.json()
    assert created["version"] == 1 and created["requirements"][0]["id"] == "victim"
    pid = created["id"]
    same = client.put(f"/api/hr/programmes/{pid}", json=body, headers=hr).json()
    assert same["version"] == 1  # nothing changed
    body["requirements"].append({"scenario": "broken-promises", "min_overall": 80, "min_dimensions": {"legality": 90}})
    changed = client.put(f"/api/hr/programmes/{pid}", json=body, headers=hr).json()
    assert changed["version"] == 2 and len(changed["requirements"]) == 2


def test_programme_errors_name_the_field(client, hr):
    bad = {"name": "坏", "requirements": [REQ, {"archetype": "victim", "min_overall": 170}]}
    res = client.post("/api/hr/programmes", json=bad, headers=hr)
    assert res.status_code == 422 and "requirements.1.min_overall" in res.json()["detail"]
    res = client.post("/api/hr/programmes", json={"name": "坏", "requirements": [{"scenario": "nope"}]}, headers=hr)
    assert res.status_code == 422 and "requirements.0.scenario" in res.json()["detail"]
    res = client.post("/api/hr/programmes", json={"name": "坏", "rubric": "nope", "requirements": [REQ]}, headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("rubric")
    res = client.post("/api/hr/programmes", json={"name": "新人上岗认证 L1", "requirements": [REQ]}, headers=hr)
    assert res.status_code == 409


def test_a_programme_in_use_cannot_be_deleted(client, hr):
    pid = client.post("/api/hr/programmes", json={"name": "临时", "requirements": [REQ]}, headers=hr).json()["id"]
    client.post("/api/hr/cohorts", json={"name": "A班", "programme_id": pid}, headers=hr)
    assert client.delete(f"/api/hr/programmes/{pid}", headers=hr).status_code == 409
    other = client.post("/api/hr/programmes", json={"name": "临时2", "requirements": [REQ]}, headers=hr).json()["id"]
    assert client.delete(f"/api/hr/programmes/{other}", headers=hr).status_code == 204


def test_roles_on_programmes(client, trainee, trainer):
    assert client.get("/api/hr/programmes", headers=trainer).status_code == 200
    assert client.post("/api/hr/programmes", json={"name": "X", "requirements": [REQ]}, headers=trainer).status_code == 403
    assert client.get("/api/hr/programmes", headers=trainee).status_code == 403
    assert client.put("/api/hr/programmes/1", json={"name": "X", "requirements": [REQ]}, headers=trainee).status_code == 403
    assert client.get("/api/hr/programmes").status_code == 401


def _row(i: int, **fields) -> dict[str, str]:
    return {f"r{i}_{k}": v for k, v in fields.items()}


def test_hr_builds_a_programme_in_the_browser_form(client, hr, browser_login):
    token = browser_login("hana")
    page = client.get("/hr/programmes/new")
    assert page.status_code == 200 and 'id="requirements"' in page.text
    form = {"csrf_token": token, "rows": "3", "name": "表单认证", "rubric": "default", "validity_days": "180",
            "active": "on", "description": "",
            **_row(0, archetype="victim", stage="M1", difficulty="1", min_overall="70", min_attempts="1",
                   no_critical="on", window_days="30", min_dimensions="合法合规=80, courtesy=60"),
            **_row(1, scenario="deceased-relative", min_overall="80", min_attempts="2", window_days=""),
            **_row(2, archetype="", scenario="")}
    res = client.post("/hr/programmes/new", data=form, follow_redirects=False)
    assert res.status_code == 303, res.text
    pid = int(res.headers["location"].split("/")[-1].split("?")[0])
    saved = client.get(f"/api/hr/programmes/{pid}").json()
    assert [r["min_dimensions"] for r in saved["requirements"]] == [{"legality": 80, "courtesy": 60}, {}]
    assert saved["requirements"][1]["no_critical"] is False and saved["requirements"][1]["min_attempts"] == 2
    edit = client.get(f"/hr/programmes/{pid}")
    # typed by the dimensions' names (or ids), shown by their names (issue 20)
    assert "合法合规=80, 礼貌规范=60" in edit.text and 'value="表单认证"' in edit.text


def test_the_form_marks_the_wrong_cell_and_names_the_field(client, hr, browser_login):
    token = browser_login("hana")
    form = {"csrf_token": token, "rows": "2", "name": "错误示例", "rubric": "default", "validity_days": "",
            **_row(0, archetype="victim", min_overall="70"),
            **_row(1, archetype="evasive", min_overall="abc", window_days="30")}
    res = client.post("/hr/programmes/new", data=form)
    assert res.status_code == 422
    assert "requirements.1.min_overall" in res.text
    assert 'data-row="1" class="row-invalid"' in res.text
    assert 'value="abc"' in res.text  # what HR typed is kept


def test_more_rows_adds_blank_rows_without_saving(client, hr, browser_login):
    token = browser_login("hana")
    form = {"csrf_token": token, "rows": "1", "name": "未保存", "more_rows": "1", **_row(0, archetype="victim")}
    res = client.post("/hr/programmes/new", data=form)
    assert res.status_code == 200 and 'data-row="5"' in res.text
    assert "未保存" not in [p["name"] for p in client.get("/api/hr/programmes").json()]


def test_programme_pages_are_hr_only(client, trainee, browser_login):
    browser_login("alice")
    assert client.get("/hr/programmes").status_code == 403
    assert client.get("/hr/programmes/1").status_code == 403
