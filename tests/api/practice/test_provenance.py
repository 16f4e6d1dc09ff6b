"""Persona provenance (issue 21, item 6): every trait, example and coping line of a card links to the line
of the training material it quotes; the handbook and the editor show it; a field the material does not
contain is marked as authored."""

from __future__ import annotations

import re

from simulator.catalog.provenance import card_provenance, source_lines
from simulator.config import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
SEED_001 = "001_589a21ec576e5a99.txt"


def test_every_built_in_card_quotes_the_training_material_line_by_line(catalog):
    for card in catalog.personas.values():
        if card.seed is None:
            continue
        found = card_provenance(card.seed, SEEDS)
        assert found and all(not f["authored"] for f in found.values()), (card.id, found)
        lines = source_lines(SEEDS, card.seed.source)
        for f in found.values():
            assert lines[f["line"] - 1].strip() == f["text"]


def test_a_field_the_material_does_not_contain_is_authored(catalog):
    seed = catalog.personas["provocative"].seed.model_dump() | {"coping": ["找出敌对的动机;", "先给客户讲个笑话。"]}
    found = card_provenance(seed, SEEDS)
    assert found["seed.coping.0"]["authored"] is False and found["seed.coping.1"] == {"authored": True}


def test_the_api_gives_each_field_s_source_line(client, trainee):
    res = client.get("/api/personas/provocative/provenance", headers=trainee)
    assert res.status_code == 200
    fields = res.json()["fields"]
    assert fields["seed.coping.1"]["line"] > 0 and "让客户发泄" in fields["seed.coping.1"]["text"]
    source = client.get(f"/api/sources/{SEED_001}", headers=trainee).json()
    assert "让客户发泄" in source["lines"][fields["seed.coping.1"]["line"] - 1]


def test_unknown_sources_and_personas_are_404_naming_the_field(client, trainee):
    for url, field in (("/api/sources/config.py", "name"), ("/api/sources/999_0000000000000000.txt", "name"),
                       ("/api/personas/nobody/provenance", "persona_id")):
        res = client.get(url, headers=trainee)
        assert res.status_code == 404 and field in res.json()["detail"], url
    assert client.get(f"/api/sources/{SEED_001}").status_code == 401


def test_the_handbook_links_each_quote_to_its_line(client, trainee, browser_login):
    browser_login("alice")
    page = client.get("/guide").text
    links = re.findall(rf'href="/sources/{SEED_001}#L(\d+)"', page)
    assert len(links) >= 7 * 4  # features, example and coping lines of the seven archetypes
    source = client.get(f"/sources/{SEED_001}").text
    line = int(links[0])
    assert f'id="L{line}"' in source


def test_the_editor_marks_an_authored_field(client, trainer, browser_login):
    from tests.api.authoring.test_authoring_pages import as_data, form_of, replace

    browser_login("tina")
    page = client.get("/trainer/personas/provocative/edit").text
    panel = page[page.index('id="provenance"'):]
    assert 'data-field="seed.coping.0" data-authored="no"' in panel and "出处:第" in panel
    items = form_of(page, "persona-form")
    coping = dict(items)["seed.coping"]
    res = client.post("/trainer/personas/provocative/edit",
                      data=as_data(replace(items, "seed.coping", coping + "\n先给客户讲个笑话。") + [("action", "save")]),
                      follow_redirects=False)
    assert res.status_code == 303
    panel = client.get("/trainer/personas/provocative/edit").text
    assert 'data-field="seed.coping.5" data-authored="yes"' in panel and "自行编写" in panel
