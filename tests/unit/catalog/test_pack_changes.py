"""What changed between two rule-pack versions (issue 17): rule by rule, the way a compliance officer
reads it, not as a text diff."""

from __future__ import annotations

from datetime import date

from simulator.catalog.loader import load_catalog
from simulator.catalog.pack_changes import changes
from simulator.catalog.rubric import RuleInfo, RulePack
from simulator.config import PROJECT_ROOT


def pack() -> RulePack:
    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics").rule_packs["cn"]


def test_the_built_in_pack_names_its_effective_date():
    assert pack().effective_from == date(2026, 1, 30)


def test_the_same_pack_has_no_changes():
    assert changes(pack(), pack()) == []


def test_added_removed_and_changed_rules_and_basis_are_listed():
    old = pack()
    rules = [r for r in old.rules if r.id != "CN-BORROW-TO-REPAY"]
    threat = next(i for i, r in enumerate(rules) if r.id == "CN-THREAT-VIOLENCE")
    rules[threat] = rules[threat].model_copy(update={"suggestion": "新的更好说法。"})
    rules.append(RuleInfo(id="CN-HOUSE-NEW", category="insult", description="新规则。", suggestion="这样说。"))
    cats = dict(old.categories)
    cats["harassment"] = cats["harassment"].model_copy(update={"basis": [*cats["harassment"].basis[1:], "新的依据"]})
    new = old.model_copy(update={"rules": rules, "categories": cats, "effective_from": date(2027, 1, 1)})
    found = {(c.kind, c.subject, c.id): c for c in changes(old, new)}
    assert found[("changed", "pack", "cn")].after == {"effective_from": "2027-01-01"}
    assert ("added", "rule", "CN-HOUSE-NEW") in found
    assert ("removed", "rule", "CN-BORROW-TO-REPAY") in found
    assert found[("changed", "rule", "CN-THREAT-VIOLENCE")].fields == ("suggestion",)
    harassment = found[("changed", "category", "harassment")]
    assert harassment.basis_added == ("新的依据",) and harassment.basis_removed == (old.categories["harassment"].basis[0],)
    # a rule that cites its category's basis changes with it
    night = found[("changed", "rule", "CN-HARASS-FREQUENCY")]
    assert night.fields == ("basis",) and night.basis_added == ("新的依据",)
