"""The rule tester (issue 5, item 3): a trainer types a collector line and sees what the analyzer
finds — moves, pressure level, violations — with each rule's description, legal basis and a better
phrasing from the rule pack the default rubric grades with. Nothing is stored.
"""

from __future__ import annotations

from typing import Any

from simulator.analysis import analyze
from simulator.catalog.loader import Catalog
from simulator.persistence.models import User
from simulator.schemas_trainer import RuleHit, RuleTestResult
from simulator.services.errors import NotFound
from simulator.services.practice import check_message
from simulator.services.review import ensure_reviewer


def _pack(catalog: Catalog):
    rubric = catalog.rubric("default")
    pack = catalog.rule_packs.get(rubric.rule_pack if rubric else "cn") or catalog.rule_packs.get("cn")
    if pack is None:
        raise NotFound("rule_pack: no rule pack is loaded", field="rule_pack")
    return pack


def check_line(catalog: Catalog, user: User, text: Any, *, max_chars: int) -> RuleTestResult:
    ensure_reviewer(user)
    cleaned = check_message(text, max_chars=max_chars)
    pack = _pack(catalog)
    analysis = analyze(cleaned)
    hits = []
    for finding in analysis.violations:
        rule = pack.rule(finding.rule)
        cat = pack.categories[finding.category]
        hits.append(RuleHit(
            rule=finding.rule, known_rule=rule is not None, category=finding.category, category_name=cat.name,
            severity=finding.severity, quote=finding.quote,
            description=rule.description if rule else cat.description,
            basis=list(rule.basis if rule and rule.basis else cat.basis),
            suggestion=rule.suggestion if rule else cat.suggestion))
    return RuleTestResult(text=cleaned, rule_pack=f"{pack.id}@{pack.version}", moves=list(analysis.moves),
                          pressure=analysis.pressure, violations=hits, amounts=list(analysis.amounts),
                          dates=list(analysis.dates))
