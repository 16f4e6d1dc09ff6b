"""Each role lands on its own home and sees its own top bar, with the current page marked (issue 20, item 2)."""

from __future__ import annotations

import re

import pytest

from simulator.web.navigation import HOMES, NAV


@pytest.mark.parametrize(("username", "role"), [("alice", "trainee"), ("tina", "trainer"), ("hana", "hr"),
                                                ("adam", "admin")])
def test_each_role_lands_on_its_home(client, trainee, trainer, hr, admin, browser_login, username, role):
    browser_login(username)
    res = client.get("/", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == HOMES[role]
    home = client.get(HOMES[role])
    assert home.status_code == 200
    assert f'href="{HOMES[role]}" aria-current="page"' in home.text  # the home's own link is marked


def test_a_trainee_sees_one_flat_group_with_the_page_marked(client, trainee, browser_login):
    browser_login("alice")
    page = client.get("/sessions").text
    nav = re.search(r'<nav class="nav[^"]*".*?</nav>', page, re.S).group(0)
    assert "nav-group" not in nav and "nav-grouped" not in nav
    assert re.findall(r'href="([^"]+)"', nav) == ["/path", "/scenarios", "/cases", "/exams", "/sessions", "/guide"]
    assert nav.count('aria-current="page"') == 1 and 'href="/sessions" aria-current="page"' in nav


def test_an_admin_sees_every_group_and_the_current_one_is_marked(client, admin, browser_login):
    browser_login("adam")
    page = client.get("/hr/cohorts").text
    nav = re.search(r'<nav class="nav[^"]*".*?</nav>', page, re.S).group(0)
    assert nav.count('<details class="nav-group"') == len(NAV)
    current = re.findall(r'<details class="nav-group" data-current="yes">\s*<summary>([^<]+)</summary>', nav)
    assert current == ["认证"]
    assert 'href="/hr/cohorts" aria-current="page"' in nav and nav.count('aria-current="page"') == 1
    assert 'href="/path"' not in nav  # trainees' own path only


def test_the_deepest_link_is_the_current_one(client, admin, browser_login):
    """``/hr/cohorts/3`` belongs to 班组, not to the overview at ``/hr``."""
    from simulator.web.navigation import menu

    groups = menu("admin", "/hr/cohorts/3")
    current = [li["href"] for g in groups for li in g["links"] if li["current"]]
    assert current == ["/hr/cohorts"]
    assert [li["href"] for g in menu("admin", "/hr") for li in g["links"] if li["current"]] == ["/hr"]


def test_a_trainer_has_no_hr_management_or_system_links(client, trainer, browser_login):
    browser_login("tina")
    nav = re.search(r'<nav class="nav[^"]*".*?</nav>', client.get("/trainer/review").text, re.S).group(0)
    hrefs = set(re.findall(r'href="([^"]+)"', nav))
    assert {"/trainer/review", "/trainer/personas", "/hr"} <= hrefs
    assert not hrefs & {"/hr/cohorts", "/hr/access", "/admin", "/admin/audit", "/path"}


def test_the_system_status_page_reports_each_check_and_the_usage(client, admin, trainee, browser_login):
    browser_login("adam")
    page = client.get("/admin").text
    for check in ("database", "migrations", "catalog"):
        assert f'data-check="{check}" data-ok="yes"' in page
    assert "运行正常" in page and 'data-count="active"' in page
    client.cookies.set("lang", "en")
    assert "Ready" in client.get("/admin").text


def test_trainer_root_is_the_review_queue(client, trainer, browser_login):
    browser_login("tina")
    res = client.get("/trainer", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/trainer/review"
