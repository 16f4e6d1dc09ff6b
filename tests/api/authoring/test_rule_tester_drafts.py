"""The rule tester runs a draft rule pack's house rules without publishing anything."""

from __future__ import annotations

import yaml

from simulator.config import PROJECT_ROOT

PACK = yaml.safe_load((PROJECT_ROOT / "rubrics/rules/cn.yaml").read_text(encoding="utf-8"))
ULTIMATUM = {
    "id": "HOUSE-ULTIMATUM", "category": "misleading", "patterns": ["最后通牒"],
    "description": "公司禁止对客户说“最后通牒”。", "suggestion": "请您在月底前处理,有困难可以跟我说。",
}


def draft(*rules: dict) -> str:
    return yaml.safe_dump({**PACK, "custom_rules": list(rules)}, allow_unicode=True)


def test_a_draft_house_rule_fires_with_its_pattern_span_and_suggestion(client, trainer):
    line = "王先生,这是最后通牒。"
    res = client.post("/api/trainer/rule-test", json={"text": line, "rule_pack": draft(ULTIMATUM)}, headers=trainer)
    assert res.status_code == 200, res.text
    body = res.json()
    [hit] = body["violations"]
    assert (hit["source"], hit["rule"], hit["pattern"], hit["quote"]) == ("house", "HOUSE-ULTIMATUM", "最后通牒", "最后通牒")
    assert line[hit["start"]:hit["end"]] == "最后通牒"
    assert (hit["severity"], hit["suggestion"], hit["counted"]) == ("major", ULTIMATUM["suggestion"], True)
    assert body["house_rules"] == 1


def test_the_published_pack_is_untouched_by_a_draft_test(client, trainer):
    client.post("/api/trainer/rule-test", json={"text": "这是最后通牒", "rule_pack": draft(ULTIMATUM)}, headers=trainer)
    body = client.post("/api/trainer/rule-test", json={"text": "这是最后通牒"}, headers=trainer).json()
    assert body["violations"] == [] and body["house_rules"] == 0


def test_built_in_and_house_hits_are_told_apart(client, trainer):
    rule = ULTIMATUM | {"id": "HOUSE-COLLEAGUE-ACCOUNT", "category": "improper_fee", "patterns": ["同事的账户"]}
    body = client.post("/api/trainer/rule-test", json={"text": "您把钱转到我同事的账户上就行。",
                                                       "rule_pack": draft(rule)}, headers=trainer).json()
    sources = {(v["source"], v["counted"]) for v in body["violations"]}
    assert sources == {("built_in", True), ("house", False)}  # the grader counts the category once


def test_a_broken_draft_is_a_422_naming_the_field(client, trainer):
    bad = ULTIMATUM | {"match": "regex", "patterns": ["(最后"]}
    res = client.post("/api/trainer/rule-test", json={"text": "这是最后通牒", "rule_pack": draft(bad)}, headers=trainer)
    assert res.status_code == 422
    [problem] = res.json()["detail"]
    assert problem["field"] == "custom_rules[0].patterns[0]" and problem["line"] is not None
    assert problem["message"].startswith("invalid regular expression")
    res = client.post("/api/trainer/rule-test", json={"text": "好", "rule_pack": "spec: [unclosed"}, headers=trainer)
    assert res.status_code == 422 and "YAML syntax error" in res.json()["detail"][0]["message"]


def test_trainees_cannot_test_drafts(client, trainee):
    res = client.post("/api/trainer/rule-test", json={"text": "这是最后通牒", "rule_pack": draft(ULTIMATUM)},
                      headers=trainee)
    assert res.status_code == 403
