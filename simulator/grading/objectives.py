"""The scenario's own objectives, checked against what happened in the call (issue 15).

A scenario lists what the trainee should achieve ("核实身份", "了解逾期原因", "拿到具体的还款承诺"…).
Each known objective id is read from the same views and conversation state the rest of the grader
uses; an id this module does not know is reported as "not assessed", never guessed. The debrief
lists them so a trainee sees which objectives the call met.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from simulator.analysis.normalize import normalize
from simulator.grading.context import GUARANTEE_TALK, TurnView, collector_views
from simulator.grading.outcome import pinned
from simulator.messages import Said, both, say

Check = Callable[[list[TurnView], bool], bool]


def _moves(coll: list[TurnView]) -> set[str]:
    return {m for v in coll if v.analysis is not None and not v.analysis.violations for m in v.analysis.moves}


def _any(coll: list[TurnView], *moves: str) -> bool:
    return bool(_moves(coll) & set(moves))


def _clean(coll: list[TurnView]) -> bool:
    return not any(v.analysis is not None and (v.analysis.violations or {"blame", "sarcasm"} & set(v.analysis.moves))
                   for v in coll)


def _calmer(views: list[TurnView]) -> bool:
    others = [v for v in views if v.analysis is None]
    return bool(others) and (others[-1].anger_before <= views[0].anger_before or others[-1].anger_before < 0.5)


# "不建议您为了还款再去借钱", "借新还旧只会越滚越多": advice against borrowing to repay (2026 guideline).
_ADVISE_AGAINST_BORROWING = re.compile(
    r"(?:不建议|不要|别|千万别|不鼓励|没必要|不用|不希望)(?:您|你)?[^,.!?]{0,10}?借|借新还旧|以贷还贷|拆东墙补西墙|越借越多|越滚越(?:大|多)")


def _advises_against_borrowing(coll: list[TurnView]) -> bool:
    return any(v.analysis is not None and not v.analysis.violations
               and _ADVISE_AGAINST_BORROWING.search(normalize(v.text)) for v in coll)


def _explains_guarantee(coll: list[TurnView]) -> bool:
    """Told the confirmed guarantor about the guaranteed debt or the liability, with no violation."""
    return any(v.guarantor_on_line and v.analysis is not None and not v.analysis.violations
               and GUARANTEE_TALK.search(normalize(v.text)) for v in coll)


def _final(views: list[TurnView]):
    return views[-1].call if views and views[-1].call is not None else None


def _check(views: list[TurnView], agreed: bool, objective: str) -> bool | None:
    coll = collector_views(views)
    state = _final(views)
    checks: dict[str, Callable[[], bool]] = {
        "verify_identity": lambda: state is not None and state.identity == "verified",
        "learn_reason": lambda: _any(coll, "ask_reason") or any(
            v.analysis is not None and "reason" in v.analysis.reading.questions for v in coll),
        "secure_promise": lambda: agreed and pinned(coll),
        "secure_plan": lambda: agreed and (_any(coll, "offer_plan") or pinned(coll)),
        "confirm_commitment": lambda: any(v.analysis is not None and len(v.analysis.reading.recap) >= 2 for v in coll),
        "explain_consequences": lambda: _any(coll, "explain_consequence", "legal_process", "stress_promise"),
        "explain_legal_process": lambda: _any(coll, "legal_process"),
        "explain_benefits": lambda: _any(coll, "benefit_of_paying", "better_option"),
        "calm_debtor": lambda: _calmer(views),
        "stay_professional": lambda: _clean(coll),
        "listen_without_judging": lambda: _any(coll, "listen", "empathy") and _clean(coll),
        "stay_patient": lambda: _clean(coll),
        "stay_firm": lambda: pinned(coll) or _any(coll, "explain_consequence", "legal_process", "stress_promise"),
        "reject_vague_plan": lambda: pinned(coll),
        "separate_complaint": lambda: _any(coll, "separate_issues", "record_dispute"),
        "separate_fee_dispute": lambda: _any(coll, "separate_issues", "record_dispute"),
        "register_complaint": lambda: _any(coll, "record_dispute", "complaint_channel"),
        "request_documents": lambda: _any(coll, "request_documents"),
        "express_condolence": lambda: _any(coll, "condolence"),
        "leave_callback": lambda: _any(coll, "request_callback"),
        "confirm_contact": lambda: any(v.analysis is not None and "contact_time" in v.analysis.reading.questions
                                       for v in coll),
        "advise_against_borrowing": lambda: _advises_against_borrowing(coll),
        "verify_guarantor": lambda: any(v.guarantor_on_line for v in views),
        "explain_guarantee": lambda: _explains_guarantee(coll),
    }
    check = checks.get(objective)
    return None if check is None else bool(check())


def assess(views: list[TurnView], agreed: bool, objectives: list[dict[str, str]] | None,
           no_violation_of: set[str] | None = None, *, rules: set[str] | None = None) -> list[dict[str, object]]:
    """[{"id", "zh", "met": True | False | None}] for the scenario's objectives (None: not assessed).
    ``no_violation_of`` holds the categories the grader found, for objectives like no_disclosure, and
    ``rules`` the rule ids (mind_the_hour: the call did not go on past 22:00 without consent)."""
    out = []
    for obj in objectives or []:
        oid = obj.get("id", "")
        if oid == "no_disclosure":
            met: bool | None = not ({"third_party_disclosure", "privacy_breach"} & (no_violation_of or set()))
        elif oid == "mind_the_hour":
            met = "CN-CALL-PAST-TEN" not in (rules or set())
        elif oid == "no_push_to_borrow":
            met = "CN-BORROW-TO-REPAY" not in (rules or set())
        elif oid == "no_third_party_collection":
            met = "third_party_disclosure" not in (no_violation_of or set())
        else:
            met = _check(views, agreed, oid)
        out.append({"id": oid, "zh": obj.get("zh", oid), "met": met})
    return out


def debrief_line(results: list[dict[str, object]], objectives: list[dict[str, str]] | None = None) -> Said | None:
    assessed = [r for r in results if r["met"] is not None]
    if not assessed:
        return None
    english = {o.get("id"): o.get("en") for o in objectives or []}
    done = [r for r in assessed if r["met"]]
    missed = [both(str(r["zh"]), english.get(str(r["id"]))) for r in assessed if not r["met"]]
    if not missed:
        return say("gr_objectives_all", done=len(done), total=len(assessed))
    return say("gr_objectives_missed", done=len(done), total=len(assessed), missed=missed)
