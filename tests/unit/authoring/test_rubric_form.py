"""The rubric and rule-pack editor forms are lossless, and bad input names the field to fix."""

from __future__ import annotations

import yaml
from starlette.datastructures import MultiDict

from simulator.authoring import rubric_form
from simulator.catalog.loader import read_yaml
from simulator.catalog.rubric import Rubric, RulePack
from simulator.config import PROJECT_ROOT

RUBRIC = read_yaml((PROJECT_ROOT / "rubrics/default.yaml").read_text(encoding="utf-8"))
PACK = read_yaml((PROJECT_ROOT / "rubrics/rules/cn.yaml").read_text(encoding="utf-8"))
HOUSE_ROW = {"id": "HOUSE-ULTIMATUM", "category": "misleading", "match": "phrase", "patterns": "最后通牒\n最后期限通知",
             "unless": "", "banned_outright": "no", "description": "公司禁止说“最后通牒”。",
             "suggestion": "请您在月底前处理,有困难可以跟我说。", "should_fire": "这是最后通牒。",
             "should_not_fire": "这不是最后通牒。"}


def rubric_post(view: dict, **changes: str) -> MultiDict:
    """What the browser posts for the rubric form rendered from ``view`` (as the template names inputs)."""
    items = [("name.zh", view["name_zh"]), ("name.en", view["name_en"]), ("rule_pack", view["rule_pack"]),
             ("trainer_notes", view["trainer_notes"]), ("pass_rules.min_overall", view["min_overall"])]
    if view["fail_on_critical"]:
        items.append(("pass_rules.fail_on_critical", "on"))
    items += [("pass_rules.critical_categories", c) for c in view["categories"] if c in view["critical"]]
    for n, dim in enumerate(view["dimensions"]):
        items += [(f"dimensions.{n}.name.zh", dim["name_zh"]), (f"dimensions.{n}.name.en", dim["name_en"]),
                  (f"dimensions.{n}.weight", dim["weight"]), (f"dimensions.{n}.description", dim["description"]),
                  (f"pass_rules.min_dimension.{dim['id']}", dim["floor"])]
        items += [(f"dimensions.{n}.anchors.{level}", text) for level, text in dim["anchors"]]
    items = [(k, changes.get(k, v)) for k, v in items]
    return MultiDict(items + [(k, v) for k, v in changes.items() if k not in dict(items)])


def pack_post(view: dict, *extra_rows: dict) -> MultiDict:
    items = [("name.zh", view["name_zh"]), ("name.en", view["name_en"])]
    for cat in view["categories"]:
        items += [(f"categories.{cat['id']}.{k}", cat[k]) for k in ("name", "description", "basis", "suggestion")]
    for row in [*view["house_rules"], *extra_rows]:
        items += [(f"custom_rules.{k}", row[k]) for k in rubric_form.HOUSE_COLUMNS]
    return MultiDict(items)


def test_the_default_rubric_posted_back_unchanged_is_the_same_document():
    doc = rubric_form.rubric_from_form(RUBRIC, rubric_post(rubric_form.rubric_view(RUBRIC)))
    body, problems = rubric_form.to_body("rubric", doc)
    assert problems == []
    assert Rubric.model_validate(read_yaml(body)) == Rubric.model_validate(RUBRIC)
    assert rubric_form.rubric_view(RUBRIC)["total"] == 100


def test_a_changed_weight_that_breaks_the_sum_names_the_sum():
    view = rubric_form.rubric_view(RUBRIC)
    doc = rubric_form.rubric_from_form(RUBRIC, rubric_post(view, **{"dimensions.0.weight": "40"}))
    assert rubric_form.weights_total(doc) == 105
    body, problems = rubric_form.to_body("rubric", doc)
    assert body is None and problems == [("dimensions", "weights must sum to 100 (got 105)")]


def test_critical_categories_floors_and_a_bad_number_land_on_their_fields():
    view = rubric_form.rubric_view(RUBRIC)
    post = rubric_post(view, **{"pass_rules.min_dimension.legality": "80"})
    post = MultiDict([*post.multi_items(), ("pass_rules.critical_categories", "insult")])
    body, problems = rubric_form.to_body("rubric", rubric_form.rubric_from_form(RUBRIC, post))
    rubric = Rubric.model_validate(read_yaml(body))
    assert "insult" in rubric.pass_rules.critical_categories and rubric.pass_rules.min_dimension == {"legality": 80}
    bad = rubric_form.rubric_from_form(RUBRIC, rubric_post(view, **{"pass_rules.min_overall": "七十"}))
    assert [f for f, _ in rubric_form.to_body("rubric", bad)[1]] == ["pass_rules.min_overall"]


def test_the_rule_pack_posted_back_unchanged_is_the_same_document():
    doc = rubric_form.pack_from_form(PACK, pack_post(rubric_form.pack_view(PACK)))
    body, problems = rubric_form.to_body("rule_pack", doc)
    assert problems == []
    assert RulePack.model_validate(read_yaml(body)) == RulePack.model_validate(PACK)
    assert "custom_rules" not in read_yaml(body)  # no empty table is added to a pack that has none


def test_a_house_rule_row_becomes_a_custom_rule_and_the_built_in_rules_survive():
    body, problems = rubric_form.to_body("rule_pack", rubric_form.pack_from_form(
        PACK, pack_post(rubric_form.pack_view(PACK), HOUSE_ROW)))
    assert problems == []
    pack = RulePack.model_validate(yaml.safe_load(body))
    [rule] = pack.custom_rules
    assert rule.patterns == ["最后通牒", "最后期限通知"] and rule.should_fire == ["这是最后通牒。"]
    assert len(pack.rules) == len(PACK["rules"]) and pack.extensions == PACK.get("extensions", {})
    again = rubric_form.pack_view(yaml.safe_load(body))["house_rules"]
    assert again[0]["patterns"] == HOUSE_ROW["patterns"] and again[-1]["id"] == ""  # plus a blank row


def test_a_bad_regex_in_the_second_row_names_row_and_line():
    second = HOUSE_ROW | {"id": "HOUSE-BAD", "match": "regex", "patterns": "还钱\n(最后", "should_fire": "",
                          "should_not_fire": ""}
    doc = rubric_form.pack_from_form(PACK, pack_post(rubric_form.pack_view(PACK), HOUSE_ROW, second))
    body, problems = rubric_form.to_body("rule_pack", doc)
    assert body is None
    assert [f for f, _ in problems] == ["custom_rules.1.patterns.1"]
