"""The admin's audit log: every action has a name in both languages, the page filters by action and pages
through older entries, and account administration from the command line is logged."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from simulator.accounts import service as accounts
from simulator.admin import audit
from simulator.db.audit import record as record_audit
from simulator.web.i18n import label


def _log(client, n: int, action: str = "catalog.publish") -> None:
    with Session(client.app.state.engine) as db:
        for i in range(n):
            record_audit(db, None, action, "persona", f"p{i}", after={"version": i})
        db.commit()


def test_every_action_has_a_chinese_and_an_english_name():
    for action in audit.ACTIONS:
        zh, en = label("action", action, "zh"), label("action", action, "en")
        assert zh != action and en != action and zh != en, f"{action} needs a label (web/labels.py) and both texts"


def test_an_action_outside_the_list_is_refused(client):
    with Session(client.app.state.engine) as db, pytest.raises(ValueError, match="catalog.delete"):
        record_audit(db, None, "catalog.delete", "persona", "x")


def test_the_api_pages_with_before(client, admin):
    _log(client, 7)
    first = client.get("/api/admin/audit", params={"limit": 3}, headers=admin).json()
    second = client.get("/api/admin/audit", params={"limit": 3, "before": first[-1]["id"]}, headers=admin).json()
    ids = [e["id"] for e in first + second]
    assert len(ids) == 6 and ids == sorted(ids, reverse=True) and len(set(ids)) == 6
    assert client.get("/api/admin/audit", params={"before": 0}, headers=admin).status_code == 422


def test_the_page_shows_a_hundred_and_links_to_the_older_ones(client, admin, browser_login, make_user):
    _log(client, audit.PAGE_SIZE + 5)
    browser_login("adam")
    page = client.get("/admin/audit")
    assert page.status_code == 200 and page.text.count("<tr data-action=") == audit.PAGE_SIZE
    assert "发布新版本" in page.text and "action_catalog" not in page.text  # a name, not the key
    older = re.search(r'id="audit-older" href="([^"]+)"|href="([^"]+)" id="audit-older"', page.text)
    href = (older.group(1) or older.group(2)).replace("&amp;", "&")
    rest = client.get(href)
    assert rest.text.count("<tr data-action=") == 5 and 'id="audit-older"' not in rest.text
    assert 'id="audit-newest"' in rest.text


def test_the_page_filters_by_action(client, admin, browser_login):
    _log(client, 3)
    _log(client, 2, "catalog.rollback")
    browser_login("adam")
    page = client.get("/admin/audit", params={"action": "catalog.rollback"})
    assert page.text.count('<tr data-action="catalog.rollback"') == 2 and 'data-action="catalog.publish"' not in page.text
    assert '<option value="catalog.rollback" selected>' in page.text
    unknown = client.get("/admin/audit", params={"action": "<script>"})
    assert unknown.status_code == 200 and unknown.text.count("<tr data-action=") == 5  # unknown: no filter


def test_account_administration_is_logged_without_secrets(client, admin, make_user):
    make_user("wang", "trainee")
    with Session(client.app.state.engine) as db:
        accounts.sign_out_account(db, "wang")
        accounts.set_active(db, "wang", False)
        accounts.reset_password(db, "wang", "a-brand-new-pw-7")
        db.commit()
    entries = client.get("/api/admin/audit", headers=admin).json()
    assert [e["action"] for e in entries[:3]] == ["account.password_reset", "account.deactivate", "account.sign_out"]
    assert entries[1]["before"] == {"username": "wang", "is_active": True} and entries[1]["after"] == {"is_active": False}
    assert all(e["actor_name"] is None for e in entries[:3])  # the command line, not a logged-in user
    assert "a-brand-new-pw-7" not in str(entries) and "argon2" not in str(entries)
