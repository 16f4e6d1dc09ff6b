"""Who decides what passes (issue 18, finding 3): a trainer published a rubric with ``min_overall: 0`` and
``fail_on_critical: false``, re-graded, and HR's view of a threat call flipped from failed to passed.
Now such a change waits for HR or an admin, and a programme can pin the versions its certificates rest on."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from simulator.db.models import AuditLog

THREAT = "你再不还钱,我们就派人去你家,你自己掂量掂量。"


def body_of(client, headers, kind: str, object_id: str) -> str:
    return client.get(f"/api/authoring/{kind}/{object_id}", headers=headers).json()["body"]


def propose(client, headers, kind: str, object_id: str, body: str):
    assert client.put(f"/api/authoring/{kind}/{object_id}/draft", json={"body": body}, headers=headers).status_code == 200
    return client.post(f"/api/authoring/{kind}/{object_id}/publish", json={"note": "放宽"}, headers=headers)


LOOSE = {"min_overall: 70": "min_overall: 0", "fail_on_critical: true": "fail_on_critical: false"}


def loosened(body: str) -> str:
    for old, new in LOOSE.items():
        assert old in body
        body = body.replace(old, new)
    return body


@pytest.fixture
def threat_call(client, trainee) -> str:
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": THREAT}, headers=trainee)
    grade = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert not grade["passed"]
    return sid


def test_a_trainer_cannot_turn_a_red_line_call_into_a_pass(client, trainer, hr, admin, threat_call):
    res = propose(client, trainer, "rubric", "default", loosened(body_of(client, trainer, "rubric", "default")))
    assert res.status_code == 202 and "approval" in res.json()["detail"]
    regraded = client.post(f"/api/sessions/{threat_call}/grade", headers=admin).json()
    assert regraded["rubric"] == "default@1" and not regraded["passed"]  # nothing went live

    [pending] = client.get("/api/hr/approvals", headers=hr).json()
    assert (pending["kind"], pending["object_id"]) == ("rubric", "default")
    assert {(c["field"], c["before"], c["after"]) for c in pending["changes"]} == {
        ("pass_rules.min_overall", "70", "0"), ("pass_rules.fail_on_critical", "true", "false")}
    assert client.get("/api/hr/approvals", headers=trainer).status_code == 403

    sent_back = client.post("/api/hr/approvals/rubric/default/reject", json={"reason": "红线不能取消"}, headers=hr)
    assert sent_back.status_code == 200 and client.get("/api/hr/approvals", headers=hr).json() == []
    assert client.get("/api/authoring/rubric/default", headers=trainer).json()["is_draft"]  # the draft is kept
    with Session(client.app.state.engine) as db:
        actions = [a.action for a in db.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions[-2:] == ["catalog.approval_request", "catalog.approval_reject"]


def test_an_approved_change_goes_live_with_the_approver_on_record(client, trainer, hr):
    body = body_of(client, trainer, "rubric", "default").replace("min_overall: 70", "min_overall: 75")
    assert propose(client, trainer, "rubric", "default", body).status_code == 202
    res = client.post("/api/hr/approvals/rubric/default/approve", headers=hr)
    assert res.status_code == 201 and res.json()["version"] == 2
    assert client.app.state.live_catalog.get().rubric("default").pass_rules.min_overall == 75
    versions = client.get("/api/authoring/rubric/default/versions", headers=trainer).json()
    assert versions[-1]["note"].startswith("approved for tina")
    assert client.post("/api/hr/approvals/rubric/default/approve", headers=hr).status_code == 404  # nothing left


def test_changes_that_do_not_touch_pass_rules_publish_at_once(client, trainer):
    body = body_of(client, trainer, "rubric", "default")
    res = propose(client, trainer, "rubric", "default", body + "\n# 说明:措辞调整\n")
    assert res.status_code == 201 and res.json()["version"] == 2


def test_a_rule_pack_severity_change_waits_too_and_so_do_rollback_and_import(client, trainer, admin):
    cn = body_of(client, trainer, "rule_pack", "cn")
    softer = cn.replace("  threat:\n    severity: critical", "  threat:\n    severity: major", 1)
    assert propose(client, trainer, "rule_pack", "cn", softer).status_code == 202
    res = client.post("/api/authoring/import", files={"file": ("cn.yaml", softer.encode())}, headers=trainer)
    assert res.status_code == 409 and res.json()["detail"].startswith("pass rules:")
    stricter = body_of(client, admin, "rubric", "default").replace("min_overall: 70", "min_overall: 80")
    assert propose(client, admin, "rubric", "default", stricter).status_code == 201  # an admin publishes directly
    back = client.post("/api/authoring/rubric/default/rollback", json={"version": 1}, headers=trainer)
    assert back.status_code == 409


def test_the_approvals_page_approves_with_a_form(client, trainer, hr, browser_login):
    body = body_of(client, trainer, "rubric", "default").replace("min_overall: 70", "min_overall: 72")
    propose(client, trainer, "rubric", "default", body)
    csrf = browser_login("hana")
    page = client.get("/hr/approvals").text
    assert 'data-kind="rubric" data-object="default"' in page and 'data-field="pass_rules.min_overall"' in page
    assert "总分及格线" in page  # named for people, not as a YAML path
    res = client.post("/hr/approvals/rubric/default/approve", data={"csrf_token": csrf}, follow_redirects=False)
    assert res.status_code == 303
    assert "已批准" in client.get(res.headers["location"]).text


# -- programmes pin the versions their certificates rely on -------------------------------------------------
PINNED = {"name": "锁定版本", "rubric_version": 1, "rule_pack_version": 1,
          "requirements": [{"scenario": "victim-m1", "min_overall": 70}]}


def test_a_pinned_programme_counts_only_calls_graded_under_its_versions(client, hr, admin, trainee, play):
    assert client.post("/api/hr/programmes", json=PINNED, headers=hr).status_code == 201
    open_one = {**PINNED, "name": "任意版本", "rubric_version": None, "rule_pack_version": None}
    assert client.post("/api/hr/programmes", json=open_one, headers=hr).status_code == 201
    stricter = body_of(client, admin, "rubric", "default").replace("min_overall: 70", "min_overall: 71")
    assert propose(client, admin, "rubric", "default", stricter).status_code == 201  # default@2 is live now
    play(trainee, "victim-m1", "good")
    issued = {c["programme"] for c in client.get("/api/hr/certificates", headers=hr).json()}
    assert "任意版本" in issued and "锁定版本" not in issued  # graded under default@2: the pin holds


def test_a_pin_to_a_version_that_does_not_exist_is_refused(client, hr):
    res = client.post("/api/hr/programmes", json={**PINNED, "rubric_version": 9}, headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("rubric_version:")



def test_the_programme_list_says_when_a_pin_is_behind_the_live_version(client, hr, admin, browser_login):
    pid = client.post("/api/hr/programmes", json=PINNED, headers=hr).json()["id"]
    browser_login("hana")
    assert f'id="pin-behind-{pid}"' not in client.get("/hr/programmes").text
    stricter = body_of(client, admin, "rubric", "default").replace("min_overall: 70", "min_overall: 71")
    assert propose(client, admin, "rubric", "default", stricter).status_code == 201
    page = client.get("/hr/programmes").text
    assert f'id="pin-behind-{pid}"' in page and "请确认后更新锁定" in page
