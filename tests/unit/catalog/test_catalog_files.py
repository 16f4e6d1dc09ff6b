"""Contract test over every persona and scenario file (the same code `collector-sim validate` runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.analysis.vocabulary import MOVES, VIOLATIONS
from simulator.catalog.loader import CatalogError, load_catalog, parse_document
from simulator.catalog.schema import ARCHETYPES, DEBTOR_INTENTS, PersonaCard, Scenario, ThirdPartyCard
from simulator.config import PROJECT_ROOT

PERSONAS = PROJECT_ROOT / "personas"
CARD_FILES = sorted(p for p in PERSONAS.glob("*.yaml") if not p.stem.startswith("third_party"))
SCENARIO_FILES = sorted((PERSONAS / "scenarios").glob("*.yaml"))


def test_there_is_one_card_per_archetype():
    assert sorted(p.stem for p in CARD_FILES) == sorted(ARCHETYPES)


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_persona_card_is_valid_and_rich(path: Path):
    card = parse_document(path.read_text(encoding="utf-8"), PersonaCard, path)
    assert card.id == card.archetype == path.stem
    assert card.line_count() >= 60
    missing = [i for i in DEBTOR_INTENTS if not any(card.bank.get(i, {}).values())]
    assert not missing, f"intents without lines: {missing}"
    covered = {r.on for r in card.reactions}
    assert set(VIOLATIONS) - {"privacy_breach", "duty_of_care"} <= covered  # transcript-level
    assert {"empathy", "listen", "offer_plan", "request_commitment"} <= covered
    assert card.seed.coping, "the seed's coping techniques are the trainee's study notes"


def test_no_two_cards_share_a_line():
    seen: dict[str, str] = {}
    for path in CARD_FILES:
        card = parse_document(path.read_text(encoding="utf-8"), PersonaCard, path)
        for by_mood in card.bank.values():
            for lines in by_mood.values():
                for line in lines:
                    assert seen.setdefault(line, card.id) == card.id, f"{line!r} in {seen[line]} and {card.id}"


def test_third_party_card_is_valid():
    path = PERSONAS / "third_party.yaml"
    card = parse_document(path.read_text(encoding="utf-8"), ThirdPartyCard, path)
    assert sum(len(v) for m in card.bank.values() for v in m.values()) >= 40


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_is_valid(path: Path):
    sc = parse_document(path.read_text(encoding="utf-8"), Scenario, path)
    assert sc.id == path.stem
    assert sc.hidden_truth.what_moves_them and sc.objectives


def test_scenarios_cover_every_archetype_at_m1_and_m3_and_the_five_situations(catalog):
    pairs = {(s.persona, s.stage) for s in catalog.scenarios.values() if s.situation == "none"}
    for arche in ARCHETYPES:
        assert (arche, "M1") in pairs and (arche, "M3") in pairs, arche
    situations = {s.situation for s in catalog.scenarios.values()}
    assert {"broken_promises", "complaint", "deceased", "third_party"} <= situations
    assert situations & {"no_ability_short", "no_ability_long"}
    assert len(catalog.scenarios) >= 19


def test_reaction_keys_are_the_analyzers_vocabulary():
    assert "empathy" in MOVES and "threat" in VIOLATIONS


BASE = {
    "spec": "collector-sim/scenario", "spec_version": 1, "id": "x-m1", "persona": "victim", "stage": "M1",
    "difficulty": 1, "title": {"zh": "标题", "en": "Title"}, "brief": {"zh": "简介", "en": "Brief"},
    "case_file": {"debtor_name": "王芳", "gender": "female", "age": 33, "phone": "138****0000", "id_last4": "1234",
                  "lender": "安信消费金融", "product": "信用贷", "principal": 10000, "overdue_amount": 1200,
                  "days_overdue": 5, "due_date": "2026年11月18日"},
    "hidden_truth": {"real_reason": "失业", "ability_to_pay": "partial", "willingness": "medium", "can_pay_now": 500,
                     "earliest_date": "下周五", "what_moves_them": ["被理解"]},
    "objectives": [{"id": "verify_identity", "zh": "核实身份", "en": "Verify identity"}],
}


def test_a_malformed_scenario_names_the_file_and_the_field():
    bad = yaml.safe_dump({**BASE, "case_file": {**BASE["case_file"], "age": 7}}, allow_unicode=True)
    with pytest.raises(CatalogError) as err:
        parse_document(bad, Scenario, "personas/scenarios/x-m1.yaml")
    assert str(err.value).startswith("personas/scenarios/x-m1.yaml: case_file.age:")


def test_an_unknown_field_is_an_error():
    bad = yaml.safe_dump({**BASE, "surprise": 1}, allow_unicode=True)
    with pytest.raises(CatalogError, match="surprise"):
        parse_document(bad, Scenario, "x.yaml")


def test_yaml_syntax_errors_give_the_line():
    with pytest.raises(CatalogError, match=r"x.yaml: line 2"):
        parse_document("id: a\n  bad: [unclosed\n", Scenario, "x.yaml")


def test_load_catalog_rejects_a_scenario_with_an_unknown_persona(tmp_path):
    (tmp_path / "scenarios").mkdir()
    for card in CARD_FILES:
        (tmp_path / card.name).write_text(card.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "third_party.yaml").write_text((PERSONAS / "third_party.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "scenarios" / "x-m1.yaml").write_text(yaml.safe_dump({**BASE, "persona": "ghost"}), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"x-m1.yaml: persona: unknown persona id 'ghost'"):
        load_catalog(tmp_path)


def test_the_shipped_catalog_loads(catalog):
    assert len(catalog.personas) == 7


def test_every_debtor_intent_has_a_name_in_both_languages():
    from simulator.catalog.schema import DEBTOR_INTENTS
    from simulator.web.i18n import label

    for intent in DEBTOR_INTENTS:
        assert label("intent", intent, "zh") != intent and label("intent", intent, "en") != intent, intent
