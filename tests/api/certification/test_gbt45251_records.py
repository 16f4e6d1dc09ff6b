"""GB/T 45251-2025 certification records (issue 17): pre-job and annual programme templates, HR's
re-assessment due list, and each collector's yearly training and assessment record (CSV and a
printable page)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from simulator.certification.rules.evaluate import matches
from simulator.certification.rules.spec import check_against, parse_programme
from simulator.certification.rules.templates import TEMPLATES, template
from simulator.db.models import Certificate, Cohort, utcnow
from tests.unit.certification.helpers import attempt


@pytest.fixture
def hr_login(client, hr, browser_login) -> str:
    return browser_login("hana")


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_each_template_is_a_valid_programme_whose_requirements_meet_real_scenarios(template_id, catalog):
    doc = template(template_id)
    spec = parse_programme(doc)
    check_against(spec, rubrics={r.id: [d.id for d in r.dimensions] for r in catalog.rubrics.values()},
                  archetypes={p.archetype for p in catalog.personas.values()}, scenarios=catalog.scenarios)
    for req in spec.requirements:
        assert any(matches(req, attempt(s.id, archetype=catalog.personas[s.persona].archetype, stage=s.stage,
                                        difficulty=s.difficulty)) for s in catalog.scenarios.values()), req.id
    assert spec.assessment in ("pre_job", "annual")


def test_hr_creates_a_programme_from_a_template_once(client, hr, trainer):
    listed = client.get("/api/hr/programmes/templates", headers=hr).json()
    assert {t["id"]: t["assessment"] for t in listed} == {"gbt45251-pre-job": "pre_job", "gbt45251-annual": "annual"}
    made = client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-annual"}, headers=hr)
    assert made.status_code == 201, made.text
    assert (made.json()["assessment"], made.json()["validity_days"]) == ("annual", 365)
    # an assessment for an audit rests on named versions: the live rubric and rule pack are pinned
    assert (made.json()["rubric_version"], made.json()["rule_pack_version"]) == (1, 1)
    again = client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-annual"}, headers=hr)
    assert again.status_code == 409 and "template" in again.json()["detail"]
    bad = client.post("/api/hr/programmes/from-template", json={"template": "nope"}, headers=hr)
    assert bad.status_code == 422 and "template" in bad.json()["detail"]
    assert client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-pre-job"},
                       headers=trainer).status_code == 403


def test_the_programmes_page_offers_the_templates(client, hr_login):
    page = client.get("/hr/programmes")
    assert 'id="programme-templates"' in page.text and "岗前培训考核(GB/T 45251)" in page.text
    res = client.post("/hr/programmes/from-template", data={"csrf_token": hr_login, "template": "gbt45251-pre-job"},
                      follow_redirects=False)
    assert res.status_code == 303
    form = client.get(res.headers["location"]).text
    assert 'value="pre_job" selected' in form
    assert "只计入锁定的评分标准和规则包版本下的成绩" in form  # the policy line matches the pins
    assert 'id="flash"' in form  # and the page says it was saved


def _issue(client, user_id: int, programme_id: int, *, days_ago: int, revoked: bool = False) -> str:
    with Session(client.app.state.engine) as db:
        from simulator.db.models import Programme
        programme = db.get(Programme, programme_id)
        cert = Certificate(code=f"CS-TEST-{programme_id:04d}-{user_id:02d}{days_ago:02d}"[:17], user_id=user_id,
                           programme_id=programme_id, programme_version=1, programme_name=programme.name,
                           issued_at=utcnow() - timedelta(days=days_ago),
                           revoked_at=utcnow() if revoked else None, evidence={})
        db.add(cert)
        db.commit()
        return cert.code


def _user_id(client, username: str) -> int:
    with Session(client.app.state.engine) as db:
        from simulator.db.models import User
        return db.exec(select(User).where(User.username == username)).one().id


def test_the_due_list_shows_who_is_due_overdue_and_never_assessed(client, hr, trainee, other_trainee):
    annual = client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-annual"}, headers=hr).json()
    alice, bob = _user_id(client, "alice"), _user_id(client, "bob")
    _issue(client, alice, annual["id"], days_ago=340)  # due in 25 days
    rows = {r["user_id"]: r for r in client.get("/api/hr/reassessment", params={"within": 30}, headers=hr).json()}
    assert (rows[alice]["status"], rows[alice]["window"], rows[alice]["days_left"]) == ("due", 30, 25)
    assert rows[bob]["status"] == "never"
    _issue(client, bob, annual["id"], days_ago=400)
    rows = {r["user_id"]: r for r in client.get("/api/hr/reassessment", headers=hr).json()}
    assert rows[bob]["status"] == "overdue" and rows[bob]["days_left"] == -35
    assert client.get("/api/hr/reassessment", params={"within": 45}, headers=hr).status_code == 422
    assert client.get("/api/hr/reassessment", params={"cohort_id": "x"}, headers=hr).status_code == 422
    assert client.get("/api/hr/reassessment", headers=trainee).status_code == 403


def test_the_due_page_lists_and_links_to_the_record(client, hr, hr_login, trainee):
    annual = client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-annual"}, headers=hr).json()
    alice = _user_id(client, "alice")
    _issue(client, alice, annual["id"], days_ago=350)
    page = client.get("/hr/reassessment?within=30&cohort_id=")
    assert page.status_code == 200
    assert f'data-user="{alice}" data-status="due"' in page.text and "15 天后到期" in page.text
    assert f"/hr/trainees/{alice}/record?year=" in page.text


def test_a_collectors_yearly_record_lists_calls_and_certificates(client, hr, hr_login, trainee, play):
    play(trainee, "victim-m1", "good")
    pre_job = client.post("/api/hr/programmes/from-template", json={"template": "gbt45251-pre-job"}, headers=hr).json()
    alice = _user_id(client, "alice")
    code = _issue(client, alice, pre_job["id"], days_ago=0)
    year = utcnow().year
    rec = client.get(f"/api/hr/trainees/{alice}/record", params={"year": year}, headers=hr).json()
    assert rec["totals"]["calls"] == 1 and rec["calls"][0]["scenario_id"] == "victim-m1"
    assert rec["calls"][0]["rule_pack"].startswith("cn@")
    assert [c["code"] for c in rec["certificates"]] == [code] and rec["certificates"][0]["assessment"] == "pre_job"
    assert client.get(f"/api/hr/trainees/{alice}/record", params={"year": year - 1}, headers=hr).json()["calls"] == []
    assert client.get(f"/api/hr/trainees/{alice}/record", params={"year": year + 1}, headers=hr).status_code == 422
    assert client.get(f"/api/hr/trainees/{alice}/record", params={"year": year}, headers=trainee).status_code == 403

    page = client.get(f"/hr/trainees/{alice}/record?year={year}")
    assert page.status_code == 200 and 'id="training-record"' in page.text and code in page.text
    assert 'id="print-debrief"' in page.text and "培训负责人签字" in page.text

    text = client.get("/api/hr/exports/training-record.csv", params={"year": year, "cohort_id": ""}, headers=hr).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["record"], r["scenario_id"] or r["certificate_code"]) for r in rows if r["username"] == "alice"] == [
        ("certificate", code), ("practice_call", "victim-m1")]
    assert client.get("/api/hr/exports/training-record.csv", params={"year": "x"}, headers=hr).status_code == 422


def test_csv_cells_that_look_like_formulas_are_neutralised(client, hr, trainee, play):
    """A cohort named like a spreadsheet formula must not run when HR opens the export."""
    play(trainee, "victim-m1", "good")
    cohort = client.post("/api/hr/cohorts", json={"name": '=HYPERLINK("http://x.invalid","点我")'}, headers=hr).json()
    client.post(f"/api/hr/cohorts/{cohort['id']}/members", json={"username": "alice"}, headers=hr)
    for url in ("/api/hr/exports/training-record.csv?year=" + str(utcnow().year), "/api/hr/exports/attempts.csv"):
        text = client.get(url, headers=hr).text
        assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text
    with Session(client.app.state.engine) as db:
        assert db.exec(select(Cohort).where(Cohort.name.startswith("="))).first() is not None  # stored as typed


def test_the_seeded_l1_programme_counts_as_the_pre_job_assessment(client, hr, trainee):
    """Migration 0011 marks 新人上岗认证 L1 as pre-job, so its holders have a due date, not "never"."""
    l1 = next(p for p in client.get("/api/hr/programmes", headers=hr).json() if p["name"] == "新人上岗认证 L1")
    assert l1["assessment"] == "pre_job"
    alice = _user_id(client, "alice")
    _issue(client, alice, l1["id"], days_ago=300)
    row = next(r for r in client.get("/api/hr/reassessment", headers=hr).json() if r["user_id"] == alice)
    assert (row["status"], row["last_kind"], row["window"]) == ("due", "pre_job", 90)
