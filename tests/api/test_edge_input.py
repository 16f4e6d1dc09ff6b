"""Input that used to answer 500 (issue 18, finding 4): ids too large for the database, far-future
dates, control characters in a message, a YAML syntax error on the editor page. Each is now a 4xx
that names the field, and nothing is stored."""

from __future__ import annotations

import re

import pytest

HUGE = 2**63  # SQLite: OverflowError
PAST_PG = 2**31  # PostgreSQL INTEGER: "integer out of range"


@pytest.mark.parametrize("value", [HUGE, PAST_PG, -(2**63) - 1])
@pytest.mark.parametrize(("path", "field"), [
    ("/api/hr/cohorts/{v}", "cohort_id"), ("/api/hr/programmes/{v}", "programme_id"),
    ("/api/hr/trainees/{v}", "user_id"), ("/api/hr/cohorts/{v}/dashboard", "cohort_id"),
    ("/api/hr/trainees/{v}/record", "user_id"), ("/api/authoring/rubric/default/versions/{v}", "version"),
])
def test_an_id_too_large_for_the_database_is_a_422_naming_it(client, hr, admin, path, field, value):
    res = client.get(path.format(v=value), headers=admin)
    assert res.status_code == 422, res.text
    assert res.json()["detail"].startswith(f"{field}:")


def test_query_parameters_and_pages_are_checked_too(client, admin, browser_login):
    res = client.get(f"/api/admin/audit?before={HUGE}", headers=admin)
    assert res.status_code == 422 and res.json()["detail"].startswith("before:")
    browser_login("adam")
    page = client.get(f"/hr/cohorts/{HUGE}")
    assert page.status_code == 422 and "cohort_id" in page.text


def test_a_number_too_large_inside_a_body_is_a_422(client, hr):
    res = client.post("/api/hr/cohorts", json={"name": "大号", "programme_id": HUGE}, headers=hr)
    assert res.status_code == 422 and "number" in res.json()["detail"]
    assert "大号" not in {c["name"] for c in client.get("/api/hr/cohorts", headers=hr).json()}


@pytest.mark.parametrize("export", ["attempts.csv", "certificates.csv", "xapi.json"])
@pytest.mark.parametrize(("field", "value"), [("date_to", "9999-12-31"), ("date_from", "0001-01-01")])
def test_export_dates_outside_a_sane_range_are_named(client, hr, export, field, value):
    res = client.get(f"/api/hr/exports/{export}", params={field: value}, headers=hr)
    assert res.status_code == 422 and res.json()["detail"].startswith(f"{field}:")


@pytest.mark.parametrize("text", ["您好\x00请问是本人吗?", "\x1b[31m还钱", "喂\x7f"])
def test_control_characters_in_a_message_are_refused_and_nothing_is_stored(client, trainee, text):
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": text}, headers=trainee)
    assert res.status_code == 422 and res.json()["detail"].startswith("text:")
    assert len(client.get(f"/api/sessions/{sid}", headers=trainee).json()["transcript"]) == 1
    ok = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,\n请问是本人吗?\t"}, headers=trainee)
    assert ok.status_code == 200  # line breaks and tabs are fine


@pytest.mark.parametrize("path", ["/trainer/personas/victim/edit", "/trainer/scenarios/victim-m1/edit"])
@pytest.mark.parametrize("body", ["id: [x", "id:\t[x"])
def test_a_yaml_syntax_error_on_the_editor_page_is_shown_not_a_500(client, trainer, browser_login, path, body):
    csrf = browser_login("tina")
    res = client.post(path, data={"csrf_token": csrf, "mode": "yaml", "body": body, "action": "save"})
    assert res.status_code == 422
    assert re.search(r"YAML", res.text) and 'id="yaml-body"' in res.text
