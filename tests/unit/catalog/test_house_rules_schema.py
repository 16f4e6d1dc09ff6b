"""House pattern rules in a rule pack, and rubric weights: errors name the field an author must fix."""

from __future__ import annotations

import pytest
import yaml

from simulator.catalog.loader import CatalogError, parse_document
from simulator.catalog.rubric import Rubric, RulePack
from simulator.config import PROJECT_ROOT

PACK = yaml.safe_load((PROJECT_ROOT / "rubrics/rules/cn.yaml").read_text(encoding="utf-8"))
RUBRIC = yaml.safe_load((PROJECT_ROOT / "rubrics/default.yaml").read_text(encoding="utf-8"))

ULTIMATUM = {
    "id": "HOUSE-ULTIMATUM", "category": "misleading", "match": "phrase",
    "description": "公司禁止对客户说“最后通牒”。", "suggestion": "请您在月底前处理,有困难可以跟我说。",
    "patterns": ["最后通牒"], "should_fire": ["这是最后通牒,今天必须还。"],
    "should_not_fire": ["这不是最后通牒,只是提醒您。"],
}


def pack_with(*rules: dict) -> RulePack:
    return parse_document(yaml.safe_dump({**PACK, "custom_rules": list(rules)}, allow_unicode=True), RulePack,
                          "rules/cn.yaml")


def problems(*rules: dict) -> str:
    with pytest.raises(CatalogError) as err:
        pack_with(*rules)
    return str(err.value)


def test_the_shipped_pack_is_valid_and_has_no_house_rules():
    pack = parse_document(yaml.safe_dump(PACK, allow_unicode=True), RulePack, "rules/cn.yaml")
    assert pack.custom_rules == [] and pack.house_rules() == ()


def test_a_house_rule_with_its_examples_is_accepted_and_compiled():
    pack = pack_with(ULTIMATUM)
    assert [r.id for r in pack.house_rules()] == ["HOUSE-ULTIMATUM"]
    assert pack.custom_rules[0].applies_to == "collector"


def test_a_regex_that_does_not_compile_names_the_rule_and_the_pattern():
    bad = {**ULTIMATUM, "match": "regex", "patterns": ["最后通牒", "(最后"], "should_fire": [], "should_not_fire": []}
    message = problems(ULTIMATUM | {"id": "HOUSE-OK"}, bad)
    assert "custom_rules[1].patterns[1]: invalid regular expression" in message


@pytest.mark.parametrize("pattern, why", [
    ("(还钱+)+吧", "nested quantifiers"),
    ("(还|还钱)*吧", "alternatives inside a repeated group"),
    ("转到.*账户.*就行", "at most one unbounded repeat"),
    ("(a|b)\\1", "backreferences"),
    ("x" * 201, "longer than 200"),
    ("(通牒)?", "matches empty text"),
])
def test_catastrophic_or_empty_regexes_are_refused(pattern, why):
    rule = {**ULTIMATUM, "match": "regex", "patterns": [pattern], "should_fire": [], "should_not_fire": []}
    assert "custom_rules[0].patterns[0]: " in problems(rule) and why in problems(rule)


def test_an_unknown_category_is_refused():
    assert "custom_rules[0].category: unknown violation category 'rudeness'" in problems(ULTIMATUM | {"category": "rudeness"})


def test_ids_must_be_house_ids_and_unique_across_the_pack():
    assert "custom_rules[0].id" in problems(ULTIMATUM | {"id": "CN-THREAT-VIOLENCE"})
    assert "custom_rules[1].id: duplicate id HOUSE-ULTIMATUM" in problems(ULTIMATUM, ULTIMATUM)


def test_a_pattern_that_misses_its_own_example_cannot_be_saved():
    missed = ULTIMATUM | {"should_fire": ["这是最后通牒。", "这是最后一次机会。"]}
    assert "custom_rules[0].should_fire[1]: the rule does not fire on its own example" in problems(missed)


def test_a_pattern_that_fires_on_its_lawful_example_cannot_be_saved():
    fires = ULTIMATUM | {"banned_outright": True}  # now "这不是最后通牒" counts too
    assert "custom_rules[0].should_not_fire[0]: the rule fires on this lawful example" in problems(fires)


def test_unknown_fields_are_refused():
    assert "custom_rules[0].severity" in problems(ULTIMATUM | {"severity": "critical"})


def test_weights_that_do_not_sum_to_100_name_the_sum():
    data = {**RUBRIC, "dimensions": [dict(d) for d in RUBRIC["dimensions"]]}
    data["dimensions"][0]["weight"] += 5
    with pytest.raises(CatalogError, match=r"dimensions: weights must sum to 100 \(got 105\)"):
        parse_document(yaml.safe_dump(data, allow_unicode=True), Rubric, "default.yaml")
