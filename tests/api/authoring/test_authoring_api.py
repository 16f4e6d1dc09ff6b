"""The catalog authoring API (issue 5, items 4 and 6) and what versioning means for sessions and grades."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from simulator.app import create_app
from simulator.db.models import Cohort, CohortMember, User

MARK = "【新版】"


def v2_body(body: str) -> str:
    """Every line of the utterance bank marked, so a reply shows which version spoke it."""
    return re.sub(r'(?m)^(      - ")', rf"\g<1>{MARK}", body)


def publish(client: TestClient, headers: dict, kind: str, object_id: str, body: str) -> dict:
    res = client.put(f"/api/authoring/{kind}/{object_id}/draft", json={"body": body}, headers=headers)
    assert res.status_code == 200, res.text
    res = client.post(f"/api/authoring/{kind}/{object_id}/publish", json={"note": "测试"}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def body_of(client: TestClient, headers: dict, kind: str, object_id: str) -> str:
    return client.get(f"/api/authoring/{kind}/{object_id}", headers=headers).json()["body"]


def start(client: TestClient, headers: dict, scenario_id: str = "provocative-m1") -> dict:
    res = client.post("/api/sessions", json={"scenario_id": scenario_id}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def say(client: TestClient, headers: dict, sid: str, text: str) -> dict:
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=headers)
    assert res.status_code == 200, res.text
    return res.json()


def test_the_app_imports_the_builtins_and_lists_them(client, trainer):
    rows = client.get("/api/authoring/persona", headers=trainer).json()
    prov = next(r for r in rows if r["object_id"] == "provocative")
    assert (prov["latest_version"], prov["source"], prov["has_draft"]) == (1, "builtin", False)
    assert {r["object_id"] for r in client.get("/api/authoring/rule_pack", headers=trainer).json()} == {"cn"}
    assert client.get("/api/authoring/nonsense", headers=trainer).status_code == 404


def test_a_running_session_keeps_its_persona_version_after_a_publish(client, trainer, trainee):
    old = start(client, trainee)
    assert (old["persona_version"], old["scenario_version"]) == (1, 1) and MARK not in old["opening"]

    publish(client, trainer, "persona", "provocative", v2_body(body_of(client, trainer, "persona", "provocative")))

    new = start(client, trainee)
    assert new["persona_version"] == 2 and MARK in new["opening"]
    for line in ("您好,我是安信消费金融的小陈,请问是王先生吗?", "这笔欠款已经逾期了,您看什么时候能处理一下?"):
        assert MARK not in say(client, trainee, old["id"], line)["debtor"]
        assert MARK in say(client, trainee, new["id"], line)["debtor"]
    detail = client.get(f"/api/sessions/{old['id']}", headers=trainee).json()
    assert detail["persona_version"] == 1


def test_a_session_resumed_after_a_restart_plays_the_version_it_started_with(settings):
    settings = settings.model_copy(update={"database_url": f"sqlite:///{settings.data_dir / 'sim.db'}"})
    with TestClient(create_app(settings)) as first:
        with Session(first.app.state.engine, expire_on_commit=False) as db:
            from simulator.accounts.service import hash_password
            from simulator.core.security import issue_token

            users = [User(username=n, role=r, password_hash=hash_password("pw-123456789")) for n, r in
                     (("tina", "trainer"), ("alice", "trainee"))]
            db.add_all(users)
            db.commit()
        secret = settings.resolved_secret_key()
        admin = {"Authorization": f"Bearer {issue_token(secret, users[0].id, users[0].password_hash)}"}
        alice = {"Authorization": f"Bearer {issue_token(secret, users[1].id, users[1].password_hash)}"}
        sid = start(first, alice)["id"]
        publish(first, admin, "persona", "provocative", v2_body(body_of(first, admin, "persona", "provocative")))
    with TestClient(create_app(settings)) as second:  # a restart: new process state, same database
        assert MARK not in say(second, alice, sid, "您好,我是安信消费金融的小陈")["debtor"]
        assert MARK in start(second, alice)["opening"]


def test_grades_record_the_rubric_version_live_at_grading_time(client, trainer, admin, trainee):
    first = start(client, trainee)
    say(client, trainee, first["id"], "您好,我是安信消费金融的小陈")
    assert client.post(f"/api/sessions/{first['id']}/end", headers=trainee).json()["rubric"] == "default@1"

    rubric = body_of(client, trainer, "rubric", "default")
    # pass rules change what passes: admins (and HR, by approval) publish those directly
    publish(client, admin, "rubric", "default", rubric.replace("min_overall: 70", "min_overall: 75"))
    second = start(client, trainee)
    say(client, trainee, second["id"], "您好,我是安信消费金融的小陈")
    grade = client.post(f"/api/sessions/{second['id']}/end", headers=trainee).json()
    assert (grade["rubric"], grade["rule_pack"]) == ("default@2", "cn@1")

    publish(client, admin, "rubric", "default", rubric.replace("min_overall: 70", "min_overall: 80"))
    regraded = client.post(f"/api/sessions/{first['id']}/grade", headers=admin).json()
    assert regraded["rubric"] == "default@3"


def test_versions_diff_and_rollback_over_the_api(client, trainer, admin):
    trainer = admin  # the rubric's pass mark changes: an admin publishes and rolls back without approval
    v1 = body_of(client, trainer, "rubric", "default")
    publish(client, trainer, "rubric", "default", v1.replace("min_overall: 70", "min_overall: 75"))
    versions = client.get("/api/authoring/rubric/default/versions", headers=trainer).json()
    assert [(v["version"], v["source"]) for v in versions] == [(1, "builtin"), (2, "authored")]
    assert client.get("/api/authoring/rubric/default/versions/1", headers=trainer).json()["body"] == v1
    diff = client.get("/api/authoring/rubric/default/diff", params={"a": 1, "b": 2}, headers=trainer).json()["diff"]
    assert "-  min_overall: 70" in diff and "+  min_overall: 75" in diff

    res = client.post("/api/authoring/rubric/default/rollback", json={"version": 1}, headers=trainer)
    assert res.status_code == 201 and (res.json()["version"], res.json()["source"]) == (3, "rollback")
    assert client.get("/api/authoring/rubric/default/versions/3", headers=trainer).json()["body"] == v1
    assert client.get("/api/authoring/rubric/default/versions/9", headers=trainer).status_code == 404


def test_an_invalid_draft_answers_422_with_field_line_and_message(client, trainer):
    body = body_of(client, trainer, "rubric", "default").replace("weight: 35", "weight: 30", 1)
    res = client.put("/api/authoring/rubric/default/draft", json={"body": body}, headers=trainer)
    assert res.status_code == 422
    [problem] = res.json()["detail"]
    assert problem["field"] == "dimensions" and problem["line"] > 1 and "got 95" in problem["message"]
    assert client.get("/api/authoring/rubric/default", headers=trainer).json()["is_draft"] is False


def test_clone_then_publish_a_new_persona(client, trainer):
    res = client.post("/api/authoring/persona/provocative/clone", json={"new_id": "provocative-lite"}, headers=trainer)
    assert res.status_code == 201, res.text
    view = client.get("/api/authoring/persona/provocative-lite", headers=trainer).json()
    assert view["is_draft"] and view["version"] is None and "id: provocative-lite" in view["body"]
    assert client.post("/api/authoring/persona/provocative-lite/publish", headers=trainer).json()["version"] == 1
    dup = client.post("/api/authoring/persona/provocative/clone", json={"new_id": "provocative-lite"}, headers=trainer)
    assert dup.status_code == 422 and dup.json()["detail"][0]["field"] == "id"


def test_export_and_import_round_trip(client, trainer):
    bundle = client.get("/api/authoring/export", headers=trainer)
    assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "personas/scenarios/provocative-m1.yaml" in names and "rubrics/rules/cn.yaml" in names

    one = client.get("/api/authoring/export", params={"item": "rubric:default", "format": "yaml"}, headers=trainer)
    assert one.headers["content-type"].startswith("application/yaml") and one.text.startswith("spec:")

    res = client.post("/api/authoring/import", files={"file": ("catalog.zip", bundle.content)}, headers=trainer)
    assert res.status_code == 201 and res.json() == []  # nothing changed
    edited = one.text.replace("min_overall: 70", "min_overall: 78")
    res = client.post("/api/authoring/import", files={"file": ("default.yaml", edited.encode())}, headers=trainer)
    assert res.status_code == 409 and "pass rules" in res.json()["detail"]  # a trainer's import may not move the pass mark
    edited = one.text.replace("不用担心", "别担心", 1) if "不用担心" in one.text else one.text + "\n# 注释\n"
    res = client.post("/api/authoring/import", files={"file": ("default.yaml", edited.encode())}, headers=trainer)
    assert res.status_code == 201 and [(v["object_id"], v["version"], v["source"]) for v in res.json()] == [
        ("default", 2, "import")]
    bad = client.post("/api/authoring/import", files={"file": ("default.yaml", b"spec: [")}, headers=trainer)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"].startswith("default.yaml")


def _cohort_with(client: TestClient, username: str) -> int:
    with Session(client.app.state.engine, expire_on_commit=False) as db:
        cohort = Cohort(name="受害者专项班")
        db.add(cohort)
        db.commit()
        user = db.exec(select(User).where(User.username == username)).one()
        db.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
        coach = db.exec(select(User).where(User.username == "tina")).first()  # the trainer fixture coaches it
        if coach is not None:
            db.add(CohortMember(cohort_id=cohort.id, user_id=coach.id, role="trainer"))
        db.commit()
        return cohort.id


def test_a_scenario_assigned_to_a_cohort_is_offered_only_to_its_members(client, trainer, trainee, other_trainee):
    cohort_id = _cohort_with(client, "alice")
    res = client.put("/api/authoring/scenario/victim-m1/cohorts", json={"cohort_ids": [cohort_id]}, headers=trainer)
    assert res.status_code == 200 and res.json() == {"scenario_id": "victim-m1", "cohort_ids": [cohort_id]}

    def offered(headers: dict) -> set[str]:
        return {s["id"] for s in client.get("/api/scenarios", headers=headers).json()}

    assert "victim-m1" in offered(trainee) and "victim-m1" not in offered(other_trainee)
    assert "provocative-m1" in offered(other_trainee)  # unassigned scenarios stay open to all
    assert "victim-m1" in offered(trainer)
    assert client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=other_trainee).status_code == 404
    assert client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).status_code == 201
    bad = client.put("/api/authoring/scenario/victim-m1/cohorts", json={"cohort_ids": [999]}, headers=trainer)
    assert bad.status_code == 422


def test_trainees_never_see_hidden_truths_or_drafts(client, trainer, trainee):
    body = body_of(client, trainer, "scenario", "victim-m1")
    publish(client, trainer, "scenario", "victim-m1", body + "# 修订:只改注释\n")
    client.put("/api/authoring/scenario/victim-m1/draft", json={"body": body + "# 草稿\n"}, headers=trainer)
    listing = client.get("/api/scenarios", headers=trainee).text
    session = start(client, trainee, "victim-m1")
    assert session["scenario_version"] == 2
    detail = client.get(f"/api/sessions/{session['id']}", headers=trainee).text
    for text in (listing, detail):
        assert "hidden_truth" not in text and "real_reason" not in text and "trainer_notes" not in text
        assert "草稿" not in text


P = {"kind": "persona", "object_id": "provocative", "version": "1", "scenario_id": "victim-m1"}
AUTHORING_ROUTES = [  # (method, route, extra query, request options)
    ("GET", "/api/authoring/{kind}", "", {}),
    ("GET", "/api/authoring/{kind}/{object_id}", "", {}),
    ("PUT", "/api/authoring/{kind}/{object_id}/draft", "", {"json": {"body": "x"}}),
    ("DELETE", "/api/authoring/{kind}/{object_id}/draft", "", {}),
    ("POST", "/api/authoring/{kind}/{object_id}/publish", "", {"json": {}}),
    ("POST", "/api/authoring/{kind}/{object_id}/clone", "", {"json": {"new_id": "p2"}}),
    ("GET", "/api/authoring/{kind}/{object_id}/versions", "", {}),
    ("GET", "/api/authoring/{kind}/{object_id}/versions/{version}", "", {}),
    ("GET", "/api/authoring/{kind}/{object_id}/diff", "?a=1&b=1", {}),
    ("POST", "/api/authoring/{kind}/{object_id}/rollback", "", {"json": {"version": 1}}),
    ("GET", "/api/authoring/export", "", {}),
    ("POST", "/api/authoring/import", "", {"files": {"file": ("a.yaml", b"spec: x")}}),
    ("GET", "/api/authoring/scenario/{scenario_id}/cohorts", "", {}),
    ("PUT", "/api/authoring/scenario/{scenario_id}/cohorts", "", {"json": {"cohort_ids": []}}),
    ("POST", "/api/authoring/from-call/text", "", {"json": {"text": "催收员: 您好\n客户: 喂?"}}),
    ("POST", "/api/authoring/from-call", "", {"json": {"turns": [{"speaker": "debtor", "text": "喂?"}]}}),
]


@pytest.mark.parametrize(("method", "route", "query", "options"), AUTHORING_ROUTES)
def test_trainees_and_hr_get_403_on_every_authoring_route(client, trainee, hr, method, route, query, options):
    url = route.format(**P) + query
    for headers in (trainee, hr):
        assert client.request(method, url, headers=headers, **options).status_code == 403
    assert client.request(method, url, **options).status_code == 401


def test_every_authoring_route_is_in_the_403_test(client):
    served = {(method, context.path) for context in iter_route_contexts(client.app.routes)
              if context.path.startswith("/api/authoring") for method in context.methods or ()}
    assert served == {(method, route) for method, route, _, _ in AUTHORING_ROUTES}


def test_the_debrief_and_the_review_show_the_versions_used(client, browser_login, admin, trainee):
    rubric = body_of(client, admin, "rubric", "default")
    publish(client, admin, "rubric", "default", rubric.replace("min_overall: 70", "min_overall: 75"))
    sid = start(client, trainee)["id"]
    say(client, trainee, sid, "您好,我是安信消费金融的小陈")
    client.post(f"/api/sessions/{sid}/end", headers=trainee)
    browser_login("alice")
    page = client.get(f"/practice/{sid}").text  # a trainee never sees versions (issue 20); the reviewer does
    assert 'id="debrief-top"' in page and "default@2" not in page and "人设 v1" not in page
    client.cookies.clear()
    browser_login("adam")
    assert "人设 v1 · 场景 v1 · 评分标准 default@2 · cn@1" in client.get(f"/trainer/review/{sid}").text


def test_the_scenario_page_hides_scenarios_of_other_cohorts(client, browser_login, trainer, trainee, other_trainee):
    cohort_id = _cohort_with(client, "alice")
    client.put("/api/authoring/scenario/victim-m1/cohorts", json={"cohort_ids": [cohort_id]}, headers=trainer)
    browser_login("bob")
    page = client.get("/scenarios").text
    assert 'value="victim-m1"' not in page and 'value="provocative-m1"' in page
    client.cookies.clear()
    browser_login("alice")
    assert 'value="victim-m1"' in client.get("/scenarios").text


def test_a_running_session_keeps_its_third_party_card_version_after_a_publish(client, trainer, trainee):
    old = start(client, trainee, "third-party-answers")
    assert old["third_party_version"] == 1 and "【新版】" not in old["opening"]
    body = body_of(client, trainer, "third_party", "third_party")
    publish(client, trainer, "third_party", "third_party", re.sub(r'^(\s+- ".*)"$', r'\1【新版】"', body, flags=re.M))

    new = start(client, trainee, "third-party-answers")
    assert new["third_party_version"] == 2 and "【新版】" in new["opening"]
    line = "您好,我是安信消费金融的客服小陈,请问这是周先生的电话吗?"
    assert "【新版】" not in say(client, trainee, old["id"], line)["debtor"]
    assert "【新版】" in say(client, trainee, new["id"], line)["debtor"]


def test_a_rule_pack_diff_says_what_changed_rule_by_rule(client, admin):
    trainer = admin  # a severity change alters pass or fail: an admin publishes it directly
    """Issue 17: the pack carries its effective date; a trainer sees added rules, changed severities
    and new legal basis between two versions, not only the YAML diff."""
    v1 = body_of(client, trainer, "rule_pack", "cn")
    assert "effective_from: 2026-01-30" in v1
    v2 = (v1.replace("effective_from: 2026-01-30", "effective_from: 2027-01-01", 1)
            .replace("  insult:\n    severity: major", "  insult:\n    severity: critical", 1))
    publish(client, trainer, "rule_pack", "cn", v2)
    out = client.get("/api/authoring/rule_pack/cn/diff", params={"a": 1, "b": 2}, headers=trainer).json()
    found = {(c["kind"], c["subject"], c["id"]): c for c in out["changes"]}
    assert found[("changed", "pack", "cn")]["after"] == {"effective_from": "2027-01-01"}
    assert found[("changed", "category", "insult")]["before"] == {"severity": "major"}
    assert found[("changed", "category", "insult")]["after"] == {"severity": "critical"}
    assert len(found) == 2
    rubric_diff = client.get("/api/authoring/rubric/default/diff", headers=trainer).json()
    assert rubric_diff["changes"] is None  # rule-level changes are for rule packs only
