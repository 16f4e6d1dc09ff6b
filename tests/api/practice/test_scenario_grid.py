"""The scenario grid (issue 20): sorted by level, with what the trainee has practised marked, the
difficulty in words, and filters that never lead to an empty grid without a message."""

from __future__ import annotations

import re

from tests.api.practice.test_pages import csrf, login

STAGES = {"M1": 1, "M2": 2, "M3": 3, "M4": 4}


def _cards(page: str) -> list[tuple[str, str, int]]:
    return [(sid, stage, int(d)) for sid, stage, d in re.findall(
        r'<article class="scenario-card[^"]*" data-scenario="([^"]+)"[^>]*data-stage="(M\d)".*?data-difficulty="(\d)"',
        page, re.S)]


def test_cards_run_from_the_first_stage_and_the_easiest_up(client, trainee):
    login(client)
    cards = _cards(client.get("/scenarios").text)
    assert len(cards) >= 19
    keys = [(STAGES[stage], d) for _, stage, d in cards]
    assert keys == sorted(keys) and cards[0][1] == "M1"


def test_difficulty_is_labelled_in_words(client, trainee):
    login(client)
    page = client.get("/scenarios").text
    assert "难度:入门" in page and 'class="difficulty-label"' in page
    client.get("/lang/en")
    assert "Difficulty: basic" in client.get("/scenarios").text


def test_a_practised_scenario_carries_its_attempts_and_best_score(client, trainee):
    login(client)
    headers = {"X-CSRF-Token": csrf(client.get("/scenarios").text)}
    scores = []
    for _ in range(2):
        sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=headers).json()["id"]
        client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是安信消费金融的小陈,请问是刘女士本人吗?"},
                    headers=headers)
        scores.append(client.post(f"/api/sessions/{sid}/end", headers=headers).json()["overall"])
    page = client.get("/scenarios").text
    card = re.search(r'<article class="scenario-card[^"]*done[^"]*" data-scenario="victim-m1".*?</article>', page, re.S)
    assert card, "the practised card is marked done"
    assert f'data-best="{max(scores)}"' in card.group(0) and "练过 2 次" in card.group(0)
    others = re.findall(r'<article class="scenario-card[^"]*" data-scenario="(?!victim-m1)[^"]+"', page)
    assert all("done" not in o for o in others)


def test_every_filter_chip_has_cards_behind_it_and_an_empty_result_says_so(client, trainee):
    login(client)
    page = client.get("/scenarios").text
    cards = re.findall(r'data-scenario="[^"]+" data-persona="([^"]+)" data-stage="(M\d)" data-situation="([^"]+)"', page)
    for kind, value in re.findall(r'<button type="button" class="chip[^"]*" data-filter="(persona|stage):([^"]+)"', page):
        if kind == "persona":
            assert any(p == value and s == "none" for p, _, s in cards), value
        else:
            assert any(st == value for _, st, _ in cards), value
    assert 'id="no-match"' in page  # shown by the page's script when a filter leaves nothing


def test_a_cloned_persona_without_scenarios_adds_no_filter_chip(client, make_user, trainee, browser_login):
    make_user("tina", "trainer")
    token = browser_login("tina")
    res = client.post("/trainer/personas/clone", data={"source": "evasive", "new_id": "property-fee",
                                                        "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303
    client.post("/logout", data={"csrf_token": token})
    login(client)
    page = client.get("/scenarios").text
    assert 'data-filter="persona:evasive"' in page
    assert 'data-filter="persona:property-fee"' not in page
