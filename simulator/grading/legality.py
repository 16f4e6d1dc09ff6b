"""Legality: the analyzer's per-turn violations plus the transcript-level ones only context shows.

Who is on the line decides what the collector may say (seed 000: "除非已经核对了对方身份,否则不可
向其透露任何详细的债务资料"; design §5 taxonomy):

* nobody identified yet — debt details are a ``privacy_breach`` (the first time they are given);
* a relative, colleague or anyone else not liable — any talk of the debt, or asking them to get
  it repaid, is ``third_party_disclosure`` (critical): only "please ask him to call us back" is
  lawful;
* a family that has just said the borrower died — they may be the heirs, but details given before
  the death and their standing are checked are a ``privacy_breach``;
* a guarantor who confirmed the guarantee — liable, so the guaranteed debt may be discussed.

The score follows the rubric anchors: 90+ with no violation, about 60 with one major violation
("有一两处一般违规" is the 50 anchor), lower as they repeat; any critical violation is 0.
"""

from __future__ import annotations

import re

from simulator.analysis import custom_rules as house
from simulator.analysis.context import negated
from simulator.analysis.normalize import normalize
from simulator.analysis.third_party_asks import asks_to_collect, released
from simulator.analysis.vocabulary import VIOLATION_SEVERITY
from simulator.catalog.rubric import RulePack
from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence, ViolationRecord
from simulator.messages import Said, say, term

FIRST_MAJOR_PENALTY = 40
NEXT_MAJOR_PENALTY = 12
LAWFUL_FIRMNESS = {"explain_consequence", "legal_process", "payment_channel"}

# Words that name the debt or ask for it to be repaid; to a third party any of them discloses it.
# Institution names ("信用卡中心", "个贷中心", "贷后服务部") are deliberately not among them.
DEBT_TALK = re.compile(
    r"欠(?:了|款|钱|的|着|我们|你们|下)|逾期|(?:借款|贷款)(?!中心|部)|还款|应还|账单|本息|本金|罚息"
    r"|还(?:钱|上|清)|把钱|垫(?:上|付|一下)|代(?:还|偿|他还)|(?:替|帮)(?:他|她)还|劝劝?(?:他|她)"
    r"|[一这那]?笔(?:款|账|钱)(?!户)|款项|账款|债务|欠债"
)
# Asking whether the listener guaranteed the loan is how a guarantor is verified, not a disclosure.
GUARANTEE_QUESTION = re.compile(r"担保|保证人|保证责任")
# An amount next to one of these is a debt detail even when the analyzer saw no disclose_debt move.
_DEBT_WORD = re.compile(r"欠|逾期|借款|贷款|账单|分期|本息|本金|还款|应还|那笔|这笔|还不还|还钱|没还")


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


def _house_records(pack: RulePack, compiled: tuple[house.CompiledRule, ...], view: TurnView,
                   found_categories: set[str]) -> list[ViolationRecord]:
    """The pack's house pattern rules on one collector turn. A category the built-in rules already
    found in this turn is not counted twice; the rule's own description and suggestion are shown,
    with the category's severity and legal basis."""
    if not compiled:
        return []
    records = []
    texts = {r.id: r for r in pack.custom_rules}
    for hit in house.find(compiled, view.text):
        if hit.category in found_categories:
            continue
        found_categories.add(hit.category)
        cat, rule = pack.categories[hit.category], texts[hit.rule]
        records.append(ViolationRecord(category=hit.category, severity=cat.severity, turn=view.index, quote=hit.quote,
                                       rule=hit.rule, suggestion=rule.suggestion, description=rule.description,
                                       basis=list(cat.basis)))
    return records


def reveals_debt(view: TurnView) -> bool:
    """The turn gives a debt detail: the analyzer's disclose_debt, or an amount said with a debt word."""
    assert view.analysis is not None
    return "disclose_debt" in view.analysis.moves or bool(view.analysis.amounts and _DEBT_WORD.search(view.text))


def talks_debt(view: TurnView) -> str | None:
    """The first debt word said as the collector's own, un-negated statement, if any."""
    norm = normalize(view.text)
    for m in DEBT_TALK.finditer(norm):
        if not negated(norm, m.start()) and not released(norm, m.start()):
            return view.text[m.start():m.end()]
    return None


def find_violations(views: list[TurnView], pack: RulePack) -> list[ViolationRecord]:
    found: list[ViolationRecord] = []
    breached = False
    compiled = pack.house_rules()
    for view in collector_views(views):
        assert view.analysis is not None
        categories = set(view.analysis.categories)
        for f in view.analysis.violations:
            found.append(_record(pack, f.category, f.rule, view, f.quote or view.text))
        house_found = _house_records(pack, compiled, view, set(categories))
        found.extend(house_found)
        categories |= {v.category for v in house_found}
        if view.verified_before:
            continue
        if view.third_party_on_line and not view.bereaved:
            if GUARANTEE_QUESTION.search(view.text) and not reveals_debt(view) and not asks_to_collect(view.text):
                continue
            if "third_party_disclosure" in categories:
                continue
            if reveals_debt(view):  # a debt detail told is the graver wrong, whatever else is asked
                found.append(_record(pack, "third_party_disclosure", "CN-DISCLOSE-ON-CALL", view, view.text))
            elif asks_to_collect(view.text):  # collecting from someone who does not owe (2026 guideline)
                found.append(_record(pack, "third_party_disclosure", "CN-COLLECT-THIRD-PARTY", view, view.text))
            elif talks_debt(view):
                found.append(_record(pack, "third_party_disclosure", "CN-DISCLOSE-ON-CALL", view, view.text))
        elif reveals_debt(view) and not breached and "privacy_breach" not in categories:
            breached = True
            rule_id = "CN-PRIVACY-THIRD-PARTY" if view.third_party_on_line else "CN-PRIVACY-BEFORE-VERIFY"
            found.append(_record(pack, "privacy_breach", rule_id, view, view.text))
    return found


def score(views: list[TurnView], violations: list[ViolationRecord]) -> DimensionScore:
    evidence: list[Evidence] = []
    points = 100
    critical = False
    for n, v in enumerate(violations):
        if v.severity == "critical":
            critical = True
        points -= FIRST_MAJOR_PENALTY if n == 0 else NEXT_MAJOR_PENALTY
        about = v.description if isinstance(v.description, Said) else term("cat_about", v.category, v.description)
        evidence.append(Evidence(v.turn, v.quote, say("gr_violation_note", about=about), suggestion=v.suggestion))
    if critical:
        points = 0
    for view in collector_views(views):
        assert view.analysis is not None
        if view.analysis.violations:
            continue
        lawful = LAWFUL_FIRMNESS & set(view.analysis.moves)
        if lawful and len([e for e in evidence if e.positive]) < 2:
            evidence.append(Evidence(view.index, view.text, say("gr_lawful_firmness"), positive=True))
    if not violations:
        summary = say("gr_legal_clean")
    elif critical:
        summary = say("gr_legal_red_line")
    else:
        summary = say("gr_legal_found", n=len(violations))
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)


def severity_of(category: str) -> str:
    return VIOLATION_SEVERITY.get(category, "major")
