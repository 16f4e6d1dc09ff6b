"""Exports: CSV and xAPI by cohort and date range, validated against docs/schemas/*.json."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from simulator.config import PROJECT_ROOT

SCHEMAS = PROJECT_ROOT / "docs" / "schemas"


def schema(name: str) -> dict:
    doc = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


def rows(text: str, schema_name: str) -> list[dict[str, str]]:
    """Check the BOM and the header against the schema's columns; validate every row."""
    assert text.startswith("\ufeff"), "Excel/WPS need the BOM to read UTF-8"
    doc = schema(schema_name)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert reader.fieldnames == doc["x-columns"] == doc["required"]
    out = list(reader)
    validator = jsonschema.Draft202012Validator(doc, format_checker=jsonschema.FormatChecker())
    for row in out:
        validator.validate(row)
    return out


@pytest.fixture
def data(client, hr, trainee, other_trainee, play):
    cid = client.post("/api/hr/cohorts", json={"name": "导出班"}, headers=hr).json()["id"]
    client.post(f"/api/hr/cohorts/{cid}/members", json={"username": "alice"}, headers=hr)
    client.post("/api/hr/programmes", json={"name": "单项", "requirements": [{"scenario": "victim-m1"}]}, headers=hr)
    play(trainee, "victim-m1", "good", days_ago=10)
    play(trainee, "provocative-m1", "red_line", days_ago=2)
    play(other_trainee, "evasive-m1", "fair", days_ago=1)
    return cid


def test_attempts_csv_matches_its_schema_and_filters_by_cohort_and_date(client, hr, data):
    res = client.get("/api/hr/exports/attempts.csv", headers=hr)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"]
    all_rows = rows(res.text, "attempts.csv.schema.json")
    assert {r["username"] for r in all_rows} == {"alice", "bob"} and len(all_rows) == 3
    red = next(r for r in all_rows if r["scenario_id"] == "provocative-m1")
    assert red["critical_violations"] != "0" and "third_party_disclosure" in red["violation_categories"]
    assert red["cohorts"] == "导出班" and red["rubric"] == "default@1"
    cohort_rows = rows(client.get(f"/api/hr/exports/attempts.csv?cohort_id={data}", headers=hr).text,
                       "attempts.csv.schema.json")
    assert {r["username"] for r in cohort_rows} == {"alice"}
    from datetime import date, timedelta

    since = (date.today() - timedelta(days=3)).isoformat()
    recent = rows(client.get(f"/api/hr/exports/attempts.csv?date_from={since}", headers=hr).text,
                  "attempts.csv.schema.json")
    assert sorted(r["scenario_id"] for r in recent) == ["evasive-m1", "provocative-m1"]
    until = (date.today() - timedelta(days=5)).isoformat()
    old = rows(client.get(f"/api/hr/exports/attempts.csv?date_to={until}", headers=hr).text, "attempts.csv.schema.json")
    assert [r["scenario_id"] for r in old] == ["victim-m1"]


def test_certificates_csv_matches_its_schema(client, hr, data):
    got = rows(client.get("/api/hr/exports/certificates.csv", headers=hr).text, "certificates.csv.schema.json")
    assert [(r["username"], r["programme"], r["status"], r["rubric_versions"]) for r in got] == [
        ("alice", "单项", "valid", "default@1")]
    empty = rows(client.get("/api/hr/exports/certificates.csv?date_from=2001-01-01&date_to=2001-01-02", headers=hr).text,
                 "certificates.csv.schema.json")
    assert empty == []


def test_xapi_statements_match_the_schema(client, hr, data):
    res = client.get("/api/hr/exports/xapi.json", headers=hr)
    assert res.status_code == 200
    statements = res.json()
    jsonschema.Draft202012Validator(schema("xapi-statement.schema.json")).validate(statements)
    verbs = [s["verb"]["display"]["en-US"] for s in statements]
    assert verbs.count("earned") == 1 and "passed" in verbs and "failed" in verbs
    attempt = next(s for s in statements if s["verb"]["display"]["en-US"] == "failed")
    assert attempt["result"]["score"]["scaled"] == attempt["result"]["score"]["raw"] / 100
    assert attempt["actor"]["account"]["homePage"] == "http://testserver"
    again = client.get("/api/hr/exports/xapi.json", headers=hr).json()
    assert [s["id"] for s in again] == [s["id"] for s in statements]  # stable ids: re-imports are idempotent
    only = client.get(f"/api/hr/exports/xapi.json?cohort_id={data}", headers=hr).json()
    assert {s["actor"]["account"]["name"] for s in only} == {"alice"}


def test_a_broken_statement_fails_the_schema():
    bad = [{"id": "x", "actor": {"objectType": "Agent"}, "verb": {}, "object": {}, "timestamp": "yesterday",
            "version": "1.0.3"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema("xapi-statement.schema.json")).validate(bad)


def test_bad_filters_name_the_field(client, hr):
    res = client.get("/api/hr/exports/attempts.csv?date_from=31/05/2026", headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("date_from")
    res = client.get("/api/hr/exports/attempts.csv?date_from=2026-05-02&date_to=2026-05-01", headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith("date_to")
    assert client.get("/api/hr/exports/xapi.json?cohort_id=999", headers=hr).status_code == 422


def test_exports_are_for_hr_and_admins(client, trainee, trainer, browser_login, hr):
    for path in ("attempts.csv", "certificates.csv", "xapi.json"):
        assert client.get(f"/api/hr/exports/{path}", headers=trainee).status_code == 403
        assert client.get(f"/api/hr/exports/{path}", headers=trainer).status_code == 403
    browser_login("hana")
    page = client.get("/hr/exports")
    assert page.status_code == 200 and 'formaction="/api/hr/exports/xapi.json"' in page.text
    assert client.get("/api/hr/exports/attempts.csv?cohort_id=&date_from=&date_to=").status_code == 200  # the empty form
