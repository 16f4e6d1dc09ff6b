"""Persona provenance in a real browser (issue 21, item 6), at 1280×800 and 390×844: a coping line in the
handbook links to the line of the training material it quotes, which the source page highlights."""

from __future__ import annotations

import pytest

from tests.e2e.test_practice_flow import login

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_a_coping_line_opens_the_source_at_its_line(browser, server, size):
    ctx = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server)
    page.goto(server["base"] + "/guide")
    link = page.locator("#provocative li a.provenance").nth(1)
    quoted = page.locator("#provocative li").nth(1).inner_text().split(" ")[0].rstrip(";")
    link.click()
    page.wait_for_url("**/sources/*#L*")
    target = page.locator("#source li:target")
    assert target.count() == 1 and quoted in target.inner_text()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < SIZES[size]["height"]  # scrolled to the quoted line
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    assert not errors, errors
    ctx.close()
