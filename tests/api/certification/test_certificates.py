"""Certificates: issued automatically, printable, publicly verifiable, revocable, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from simulator.db.models import Certificate, utcnow

ONE = {"name": "单项认证", "validity_days": 30,
       "requirements": [{"scenario": "victim-m1", "min_overall": 70, "window_days": 30}]}


@pytest.fixture
def single(client, hr) -> int:
    return client.post("/api/hr/programmes", json=ONE, headers=hr).json()["id"]


def _certs(client, hr, **params):
    return client.get("/api/hr/certificates", params=params, headers=hr).json()


def _set(client, code: str, **fields) -> None:
    with Session(client.app.state.engine) as db:
        from sqlmodel import select

        cert = db.exec(select(Certificate).where(Certificate.code == code)).one()
        for k, v in fields.items():
            setattr(cert, k, v)
        db.add(cert)
        db.commit()


def test_a_certificate_is_issued_when_every_requirement_is_met(client, hr, trainee, single, play):
    play(trainee, "victim-m1", "poor")
    assert _certs(client, hr) == []
    play(trainee, "victim-m1", "good")
    certs = _certs(client, hr)
    assert len(certs) == 1 and certs[0]["programme"] == "单项认证" and certs[0]["status"] == "valid"
    assert certs[0]["holder"] == "alice" and certs[0]["code"].startswith("CS-")
    play(trainee, "victim-m1", "good")  # still valid: no second certificate
    assert len(_certs(client, hr)) == 1


def test_the_full_l1_programme_certifies_after_all_seven_archetypes(client, hr, trainee, play, catalog):
    for sid in ("provocative-m1", "evasive-m1", "victim-m1", "confident-m1", "stubborn-m1", "sophisticated-m1"):
        play(trainee, sid, "good")
    assert not [c for c in _certs(client, hr) if c["programme"] == "新人上岗认证 L1"]
    play(trainee, "promiser-m1", "good")
    l1 = [c for c in _certs(client, hr) if c["programme"] == "新人上岗认证 L1"]
    assert len(l1) == 1
    detail = client.get(f"/api/certificates/{l1[0]['code']}", headers=hr).json()["certificate"]
    assert detail["evidence"]["rubric_versions"] == ["default@1"]
    # the certificate states the rule-pack edition it was graded under, with its effective date
    assert detail["evidence"]["rule_packs"] == [{"ref": "cn@1", "id": "cn", "version": 1, "effective_from": "2026-01-30"}]
    assert len(detail["evidence"]["requirements"]) == 7
    assert all(r["attempts"][0]["overall"] >= 70 for r in detail["evidence"]["requirements"])
    assert detail["expires_at"] is not None  # L1 is valid for 180 days


def test_a_critical_violation_blocks_the_certificate(client, hr, trainee, single, play):
    grade = play(trainee, "victim-m1", "red_line")
    assert any(v["severity"] == "critical" for v in grade["violations"])
    assert _certs(client, hr) == []


def test_public_verification_shows_name_programme_date_and_status_only(client, hr, trainee, single, play):
    play(trainee, "victim-m1", "good")
    code = _certs(client, hr)[0]["code"]
    client.cookies.clear()
    res = client.get(f"/api/verify/{code}")  # no login
    assert res.status_code == 200
    assert set(res.json()) == {"code", "name", "programme", "issued_at", "expires_at", "status"}
    assert res.json()["status"] == "valid"
    assert client.get(f"/api/verify/{code.lower().replace('-', '')}").json()["code"] == code  # typed loosely
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200 and "单项认证" in page.text and 'data-status="valid"' in page.text
    assert "victim-m1" not in page.text and "session" not in page.text.lower().replace("sim_session", "")
    assert client.get("/verify/CS-0000-0000-0000").status_code == 404
    assert client.get("/api/verify/nope").status_code == 404


def test_revocation_with_a_reason_and_no_silent_reissue(client, hr, trainee, single, play):
    play(trainee, "victim-m1", "good")
    cert = _certs(client, hr)[0]
    res = client.post(f"/api/hr/certificates/{cert['id']}/revoke", json={"reason": "考试作弊"}, headers=hr)
    assert res.status_code == 200 and res.json()["status"] == "revoked"
    assert client.get(f"/api/verify/{cert['code']}").json()["status"] == "revoked"
    again = client.post(f"/api/hr/certificates/{cert['id']}/revoke", json={"reason": "再次"}, headers=hr)
    assert again.status_code == 409
    play(trainee, "victim-m1", "poor")  # a new grade triggers the check, but the old pass does not count
    assert [c["status"] for c in _certs(client, hr)] == ["revoked"]
    play(trainee, "victim-m1", "good")  # fresh evidence after the revocation
    assert sorted(c["status"] for c in _certs(client, hr)) == ["revoked", "valid"]
    assert client.post(f"/api/hr/certificates/{cert['id']}/revoke", json={"reason": ""}, headers=hr).status_code == 422


def test_an_expired_certificate_shows_expired_and_recertification_needs_new_practice(client, hr, trainee, single, play):
    play(trainee, "victim-m1", "good", days_ago=10)
    cert = _certs(client, hr)[0]
    _set(client, cert["code"], issued_at=utcnow() - timedelta(days=40), expires_at=utcnow() - timedelta(days=10))
    assert client.get(f"/api/verify/{cert['code']}").json()["status"] == "expired"
    assert [c["code"] for c in _certs(client, hr, status="expired")] == [cert["code"]]
    play(trainee, "victim-m1", "good")
    statuses = sorted(c["status"] for c in _certs(client, hr))
    assert statuses == ["expired", "valid"]


def test_the_printable_certificate_is_for_its_holder_and_hr(client, hr, trainee, other_trainee, single, play, browser_login):
    play(trainee, "victim-m1", "good")
    code = _certs(client, hr)[0]["code"]
    assert client.get(f"/api/certificates/{code}", headers=other_trainee).status_code == 404
    mine = client.get(f"/api/certificates/{code}", headers=trainee).json()
    assert mine["holder"]["username"] == "alice"
    browser_login("alice")
    page = client.get(f"/certificates/{code}")
    assert page.status_code == 200 and code in page.text and f"/verify/{code}" in page.text
    assert 'id="certificate"' in page.text


def test_hr_revokes_in_the_browser(client, hr, trainee, single, play, browser_login):
    play(trainee, "victim-m1", "good")
    cert = _certs(client, hr)[0]
    token = browser_login("hana")
    assert cert["code"] in client.get("/hr/certificates").text
    bad = client.post(f"/hr/certificates/{cert['id']}/revoke", data={"reason": "", "csrf_token": token})
    assert bad.status_code == 422 and "reason" in bad.text
    res = client.post(f"/hr/certificates/{cert['id']}/revoke", data={"reason": "离职", "csrf_token": token},
                      follow_redirects=False)
    assert res.status_code == 303
    assert "离职" in client.get("/hr/certificates?status=revoked").text


def test_a_failing_certificate_check_never_loses_the_grade(client, trainee, single, play, monkeypatch):
    from simulator.certification import service as certification

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(certification, "check_and_issue", broken)
    grade = play(trainee, "victim-m1", "good")
    assert grade["passed"] is True and grade["grade_id"]


def test_certificate_routes_need_the_right_role(client, trainee, trainer):
    assert client.get("/api/hr/certificates", headers=trainee).status_code == 403
    assert client.get("/api/hr/certificates", headers=trainer).status_code == 403
    assert client.post("/api/hr/certificates/1/revoke", json={"reason": "x y"}, headers=trainee).status_code == 403
    assert client.get("/api/hr/certificates").status_code == 401
