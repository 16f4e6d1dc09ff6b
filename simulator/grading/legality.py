"""Legality: the analyzer's per-turn violations plus transcript-level privacy breaches."""

from __future__ import annotations

from simulator.analysis.vocabulary import VIOLATION_SEVERITY
from simulator.catalog.rubric import RulePack
from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence, ViolationRecord

MAJOR_PENALTY = 25
PRIVACY_PENALTY = 20
LAWFUL_FIRMNESS = {"explain_consequence", "legal_process", "payment_channel"}


def _record(pack: RulePack, category: str, rule_id: str, view: TurnView, quote: str) -> ViolationRecord:
    cat = pack.categories[category]
    rule = pack.rule(rule_id)
    return ViolationRecord(
        category=category,
        severity=cat.severity,
        turn=view.index,
        quote=quote,
        rule=rule_id,
        suggestion=(rule.suggestion if rule else cat.suggestion),
        description=(rule.description if rule else cat.description),
        basis=(rule.basis if rule and rule.basis else cat.basis),
    )


def find_violations(views: list[TurnView], pack: RulePack) -> list[ViolationRecord]:
    found: list[ViolationRecord] = []
    for view in collector_views(views):
        assert view.analysis is not None
        for f in view.analysis.violations:
            found.append(_record(pack, f.category, f.rule, view, f.quote or view.text))
        if "disclose_debt" in view.analysis.moves and not view.verified_before:
            rule_id = "CN-PRIVACY-THIRD-PARTY" if view.third_party_on_line else "CN-PRIVACY-BEFORE-VERIFY"
            found.append(_record(pack, "privacy_breach", rule_id, view, view.text))
    return found


def score(views: list[TurnView], violations: list[ViolationRecord]) -> DimensionScore:
    evidence: list[Evidence] = []
    points = 100
    critical = False
    for v in violations:
        if v.severity == "critical":
            critical = True
        points -= PRIVACY_PENALTY if v.category == "privacy_breach" else MAJOR_PENALTY
        evidence.append(Evidence(v.turn, v.quote, f"{v.description}", suggestion=v.suggestion))
    if critical:
        points = 0
    for view in collector_views(views):
        assert view.analysis is not None
        if view.analysis.violations:
            continue
        lawful = LAWFUL_FIRMNESS & set(view.analysis.moves)
        if lawful and len([e for e in evidence if e.positive]) < 2:
            evidence.append(Evidence(view.index, view.text, "合法、如实地说明后果或官方还款渠道,没有夸大。", positive=True))
    if not violations:
        summary = "全程未发现违规话术。"
    elif critical:
        summary = "出现严重违规(红线),本次通话不合格。"
    else:
        summary = f"发现 {len(violations)} 处违规,需要纠正。"
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)


def severity_of(category: str) -> str:
    return VIOLATION_SEVERITY.get(category, "major")
