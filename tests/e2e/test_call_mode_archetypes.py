"""The "done when" of call mode (issue 7), as a new user would try it: for each of the seven archetypes,
open the M1 scenario's call from the scenario list in a browser with no speech APIs, dial, type the
coping script of the training material, and read the debrief with its call metrics."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from simulator.catalog.schema import ARCHETYPES
from tests.e2e.test_call_mode import NO_SPEECH, dial, start_call
from tests.unit.engine.scripts import coping_script

pytestmark = pytest.mark.e2e


def answered(page):
    """Debtor lines stored in full (the streamed reply gets its turn number when it is done)."""
    return page.locator("#transcript .msg-debtor[data-turn]:not(.hidden)")


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_each_archetype_can_be_called_to_an_agreement_with_the_text_fallback(page, server, catalog, archetype):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(NO_SPEECH)
    scenario = catalog.scenario(f"{archetype}-m1")
    start_call(page, server, scenario.id)
    dial(page)
    expect(page.locator("#speech-notes")).to_contain_text("请在下方输入文字")
    lines = coping_script(scenario)
    for i, line in enumerate(lines):
        if page.locator("#call").get_attribute("data-call-state") != "live":
            break
        page.fill("#call-input", line)
        page.keyboard.press("Enter")
        expect(answered(page)).to_have_count(i + 2, timeout=8000)  # the whole reply is in (a user waits for it)
    if page.locator("#call").get_attribute("data-call-state") == "live":
        page.click("#hangup")
    page.wait_for_selector("#call-metrics", timeout=15000)
    outcome = page.locator("#summary .badge[class*=outcome-]").first
    expect(outcome).to_have_class(re.compile(r"outcome-(promise_to_pay|payment_plan)"))
    expect(page.locator("[data-metric=spoken_typed]")).to_have_text(f"0 / {len(lines)}")
    assert page.locator("[data-metric=duration]").inner_text().count(":") == 1
    expect(page.locator("#debrief-top .grade-score span")).to_have_text(re.compile(r"^[1-9]\d*$"))
    assert not errors, errors
