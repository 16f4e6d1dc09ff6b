"""Duty of care: a debtor who says they want to die must hear a safety-first reply.

"我真不想活了" ends the collection conversation for that moment. A trainer expects the next line to
put the person first: ask whether they are safe and not alone, set the money aside, point to help
(family, the 12356 mental-health line, 110/120). Pressing on with the debt, or brushing it off
("别说这些没用的,钱什么时候还?"), is a critical failure (``duty_of_care``) whatever the rest of the
call was; a kind word that still skips safety costs emotional-control points instead
(``grading/emotion.py``).
"""

from __future__ import annotations

from simulator.catalog.rubric import RulePack
from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import ViolationRecord

MONEY_MOVES = {"disclose_debt", "request_commitment", "offer_plan", "confirm_commitment", "explain_consequence",
               "legal_process", "stress_promise", "blame", "sarcasm"}
RULE_ID = "CN-CARE-DESPAIR"


def after_despair(views: list[TurnView]) -> list[TurnView]:
    """Collector turns that answer a despair or self-harm statement."""
    return [v for v in collector_views(views) if v.despair_before]


def dismissive(view: TurnView) -> bool:
    """The reply neither checks on safety nor stays with the person: it goes back to the money,
    reproaches, or has nothing caring in it at all."""
    assert view.analysis is not None
    reading, moves = view.analysis.reading, set(view.analysis.moves)
    if reading.safety_first:
        return False
    caring = bool(moves & {"empathy", "listen", "reassure", "condolence", "apology"}) or reading.empathy is not None
    return bool(moves & MONEY_MOVES) or view.analysis.pressure >= 1 or bool(view.analysis.violations) or not caring


def find(views: list[TurnView], pack: RulePack) -> list[ViolationRecord]:
    found = []
    for view in after_despair(views):
        if not dismissive(view):
            continue
        cat = pack.categories["duty_of_care"]
        found.append(ViolationRecord(category="duty_of_care", severity=cat.severity, turn=view.index, quote=view.text,
                                     rule=RULE_ID, suggestion=cat.suggestion, description=cat.description,
                                     basis=list(cat.basis)))
    return found
