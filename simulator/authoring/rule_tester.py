"""The rule tester (issue 5, item 3): a trainer types a collector line and sees what the analyzer
finds — moves, pressure level, violations — with each rule's description, legal basis and a better
phrasing, plus which of the rule pack's house pattern rules fire (the pattern, the matched span).

By default the pack is the one the default rubric grades with; the rule-pack editor passes its
unsaved draft instead, so an author sees what a house rule does before publishing. Nothing is stored.
"""

from __future__ import annotations

from typing import Any

from simulator.accounts.roles import ensure_reviewer
from simulator.analysis import analyze
from simulator.analysis import custom_rules as house
from simulator.authoring import service as authoring
from simulator.authoring.schemas import RuleHit, RuleTestResult
from simulator.catalog.loader import Catalog
from simulator.catalog.rubric import RulePack
from simulator.core.errors import InvalidInput, NotFound
from simulator.db.models import User
from simulator.practice.service import check_message


def _pack(catalog: Catalog) -> RulePack:
    rubric = catalog.rubric("default")
    pack = catalog.rule_packs.get(rubric.rule_pack if rubric else "cn") or catalog.rule_packs.get("cn")
    if pack is None:
        raise NotFound("rule_pack: no rule pack is loaded", field="rule_pack")
    return pack


def parse_draft_pack(catalog: Catalog, body: Any) -> RulePack:
    """A draft rule pack's YAML as a RulePack; a bad one is an AuthoringError (422) naming field and line."""
    if not isinstance(body, str) or not body.strip():
        raise InvalidInput("rule_pack: the draft rule pack is empty", field="rule_pack")
    pack = authoring.parse_body("rule_pack", body, catalog)
    assert isinstance(pack, RulePack)
    return pack


def _built_in_hits(pack: RulePack, findings) -> list[RuleHit]:
    hits = []
    for finding in findings:
        rule = pack.rule(finding.rule)
        cat = pack.categories[finding.category]
        hits.append(RuleHit(
            rule=finding.rule, known_rule=rule is not None, category=finding.category, category_name=cat.name,
            severity=cat.severity, quote=finding.quote,
            description=rule.description if rule else cat.description,
            basis=list(rule.basis if rule and rule.basis else cat.basis),
            suggestion=rule.suggestion if rule else cat.suggestion))
    return hits


def _house_hits(pack: RulePack, text: str, built_in_categories: set[str]) -> list[RuleHit]:
    texts = {r.id: r for r in pack.custom_rules}
    hits = []
    for hit in house.find(pack.house_rules(), text):
        rule, cat = texts[hit.rule], pack.categories[hit.category]
        hits.append(RuleHit(
            rule=hit.rule, known_rule=True, category=hit.category, category_name=cat.name, severity=cat.severity,
            quote=hit.quote, description=rule.description, basis=list(cat.basis), suggestion=rule.suggestion,
            source="house", pattern=hit.pattern, start=hit.start, end=hit.end,
            counted=hit.category not in built_in_categories))
    return hits


def check_line(catalog: Catalog, user: User, text: Any, *, max_chars: int, pack: RulePack | None = None,
               draft: Any = None) -> RuleTestResult:
    """Test one line against ``pack``, or a draft pack's YAML (``draft``), or the default rubric's pack."""
    ensure_reviewer(user)
    cleaned = check_message(text, max_chars=max_chars)
    if pack is None:
        pack = parse_draft_pack(catalog, draft) if draft is not None else _pack(catalog)
    analysis = analyze(cleaned)
    hits = _built_in_hits(pack, analysis.violations)
    hits += _house_hits(pack, cleaned, set(analysis.categories))
    return RuleTestResult(text=cleaned, rule_pack=f"{pack.id}@{pack.version}", moves=list(analysis.moves),
                          pressure=analysis.pressure, violations=hits, amounts=list(analysis.amounts),
                          dates=list(analysis.dates), house_rules=len(pack.custom_rules))
