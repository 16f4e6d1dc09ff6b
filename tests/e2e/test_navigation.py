"""Each role lands on its home, and the top bar fits the screen with the current page marked (issue 20):
every role at 1280×800 and at 390×844, on a first-run server with the demo accounts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

HOMES = {"trainee": "/path", "trainer": "/trainer/review", "hr": "/hr", "admin": "/admin"}
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _login(page, server, username: str) -> None:
    sign_in(page, server, username)
    page.wait_for_url(re.compile(r".*/(path|trainer/review|hr|admin)$"))


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: the page is {width}px wide on a {viewport}px screen"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", HOMES)
def test_each_role_lands_on_its_home_and_the_top_bar_fits(browser, first_run_server, role, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, first_run_server, role)
    assert page.url.endswith(HOMES[role])
    current = page.locator('nav a[aria-current="page"]')
    assert current.count() == 1 and current.get_attribute("href") == HOMES[role]
    _fits(page)
    if size == "desktop":  # the bar is one line: the brand, the links and the logout do not wrap
        assert page.locator(".topbar").bounding_box()["height"] <= 60
        for selector in (".brand", ".topbar-right"):
            assert page.locator(selector).bounding_box()["height"] <= 40, selector
    groups = page.locator("nav details.nav-group")
    if role == "trainee":
        assert groups.count() == 0  # one group: its links are shown flat
    else:
        assert groups.count() >= 2
        for i in range(groups.count()):  # every menu opens on screen, and opening one closes the others
            groups.nth(i).locator("summary").click()
            expect(page.locator("nav details.nav-group[open]")).to_have_count(1)
            box = groups.nth(i).locator(".nav-menu").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"] + 1
        page.keyboard.press("Escape")
        expect(page.locator("nav details.nav-group[open]")).to_have_count(0)
    assert not problems, problems
    ctx.close()


def test_my_sessions_fits_a_phone_with_its_score_column(browser, first_run_server):
    """我的练习 on a phone: the table becomes stacked cards, nothing scrolls sideways (issue 20)."""
    ctx = browser.new_context(viewport=SIZES["phone"], locale="zh-CN")
    page = ctx.new_page()
    _login(page, first_run_server, "trainee")
    page.click("#start-next")  # the path's next recommended scenario
    page.wait_for_url("**/practice/*")
    page.goto(first_run_server["base"] + "/sessions")
    rows = page.locator("#sessions-table tbody tr")
    assert rows.count() >= 1
    assert rows.first.locator("td[data-score]").inner_text().strip() == "—"  # not graded yet
    _fits(page)
    ctx.close()
