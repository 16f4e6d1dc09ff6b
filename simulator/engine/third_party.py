"""Play whoever answers instead of the borrower: a relative, a colleague (seed 000 situations), a guarantor.

The trainee's test here is privacy: ask only for a callback, never disclose the debt, never ask someone not
liable for it to pay or to press the borrower (2026 guideline: collect only from the debtor and debt-related
persons). In the deceased situation it is tact: condolences, documents, and only then the estate. A guarantor
(债务相关人) is liable for the guaranteed debt: once asked and confirmed, it may be discussed with them.
"""

from __future__ import annotations

import re

from simulator.analysis import Analysis
from simulator.catalog.schema import ThirdParty
from simulator.engine.memory import Memory
from simulator.engine.state import State

HANG_UP_ANGER = 0.85

# How a third party's state moves. Kept in code (not in a card) because it is the same person
# whatever the borrower's archetype: polite, discreet callers are helped; disclosure is resented.
_REACTIONS: dict[str, dict[str, float]] = {
    "greeting": {"anger": -0.05, "trust": 0.05},
    "self_identification": {"trust": 0.1},
    "apology": {"anger": -0.05, "trust": 0.05},
    "reassure": {"trust": 0.1},
    "request_callback": {"trust": 0.1, "willingness": 0.1},
    "condolence": {"anger": -0.15, "trust": 0.15},
    "empathy": {"anger": -0.1, "trust": 0.1},
    "listen": {"anger": -0.05, "trust": 0.05},
    "request_documents": {"willingness": 0.1},
    "offer_plan": {"willingness": 0.15},
    "legal_process": {"willingness": 0.05},
    "disclose_debt": {"anger": 0.2, "trust": -0.2},
    "blame": {"anger": 0.2, "trust": -0.1},
    "sarcasm": {"anger": 0.2, "trust": -0.1},
    "pressure:2": {"anger": 0.1},
    "pressure:3": {"anger": 0.2, "trust": -0.1},
}
_VIOLATION = {"anger": 0.4, "trust": -0.3, "willingness": -0.2}
_HOSTILE = {"threat", "insult", "harassment", "impersonation", "false_legal_claim", "misleading", "improper_fee"}
_ASKS = {"offer_plan", "request_commitment", "confirm_commitment"}

# Asking someone to pay or to press the borrower ("帮忙劝劝他", "你先帮他垫上") tells them about the debt as
# surely as naming it.
_ASKS_TO_COLLECT = re.compile(
    r"劝劝?(?:他|她)|(?:替|帮)(?:他|她)(?:先)?(?:还|垫|把钱)|垫(?:上|付|一下)|代(?:他|她)?(?:还|偿)"
    r"|(?:催催?|督促)(?:一下)?(?:他|她)|让(?:他|她)(?:赶紧|尽快|快点|早点)?(?:把钱)?还"
)
# "您是不是他这笔借款的担保人?": how a guarantor is verified (grading/legality.py reads it the same way): a
# sentence that names the guarantee and asks.
_GUARANTEE = re.compile(r"担保|保证人|作保")
_ASKING = re.compile(r"[?？]|吗|是不是|是否|有没有|核实|确认")
_SENTENCE = re.compile(r"[^。.!！]+")


def is_guarantor(tp: ThirdParty | None, guarantor: str | None) -> bool:
    """The third party is the guarantor named in the case file (``CaseFile.guarantor``, e.g. "孙国强（哥哥，连带
    责任保证）")."""
    return tp is not None and not tp.borrower_deceased and bool(guarantor) and tp.name in (guarantor or "")


def asks_to_collect(analysis: Analysis) -> bool:
    return bool(_ASKS_TO_COLLECT.search(analysis.text))


def asks_guarantee(analysis: Analysis) -> bool:
    """The collector asks whether the listener guaranteed the loan ("保证合同约定……" states, it does not ask)."""
    return any(_GUARANTEE.search(part) and _ASKING.search(part) for part in _SENTENCE.findall(analysis.text))


def react(state: State, analysis: Analysis, *, deceased: bool, liable: bool = False) -> State:
    """``liable``: a guarantor who confirmed the guarantee, to whom talk of the debt is no disclosure."""
    keys = [*analysis.moves, f"pressure:{analysis.pressure}"]
    if liable:
        keys = [k for k in keys if k != "disclose_debt"]
    elif not deceased and "disclose_debt" not in keys and asks_to_collect(analysis):
        keys.append("disclose_debt")
    total: dict[str, float] = {"anger": 0.0, "trust": 0.0, "willingness": 0.0}
    for key in keys:
        for dim, value in _REACTIONS.get(key, {}).items():
            # pressing a bereaved family hurts twice as much
            total[dim] += value * (2 if deceased and key.startswith("pressure") else 1)
    for _ in analysis.categories:
        for dim, value in _VIOLATION.items():
            total[dim] += value
    return state.shifted(total)


def intent(tp: ThirdParty, memory: Memory, analysis: Analysis, *, guarantor: bool = False) -> tuple[str, str | None]:
    """Return (intent, new outcome or None). ``memory`` holds the post-turn state."""
    moves = set(analysis.moves)
    cats = set(analysis.categories)
    state = memory.state
    if state.anger >= HANG_UP_ANGER:
        return "hostile_reaction", "hung_up"
    if cats & _HOSTILE:
        return "hostile_reaction", None
    if guarantor:
        return _guarantor(memory, analysis)
    if "third_party_disclosure" in cats or (
            not tp.borrower_deceased and ("disclose_debt" in moves or asks_to_collect(analysis))):
        return "disclosure_reaction", None
    if tp.borrower_deceased:
        return _deceased(memory, moves)
    if "closing" in moves and "request_callback" not in moves:
        return "closing", None
    if not memory.identified and memory.turn <= 2:
        return "ask_who", None
    if "request_callback" in moves:
        if tp.hands_over and not memory.disclosed and state.anger < 0.5 and state.trust >= 0.3:
            return "handover", None
        return "pass_message", None
    if "identity_verification" in moves or memory.turn == 1:
        return "ask_who", None
    return ("curious" if state.trust >= 0.3 else "refuse_info"), None


def _deceased(memory: Memory, moves: set[str]) -> tuple[str, str | None]:
    used = memory.used_keys
    if memory.turn == 1:
        return "deceased_news", None
    if "closing" in moves:
        return "closing", None
    if memory.state.anger >= 0.5 or moves & {"blame", "sarcasm"}:
        return "grief", None
    if "request_documents" in moves:
        return "documents", None
    if moves & {"offer_plan", "request_commitment", "confirm_commitment"}:
        ready = used.get("condolence", 0) and used.get("request_documents", 0)
        if ready and memory.state.trust >= 0.4 and memory.state.willingness >= 0.35:
            return "estate_agree", "payment_plan"
        return "estate_talk", None
    if moves & {"condolence", "empathy"}:
        return "deceased_news", None
    return "estate_talk" if used.get("request_documents") else "filler", None


def _guarantor(memory: Memory, analysis: Analysis) -> tuple[str, str | None]:
    """A guarantor's card voices these intents as a guarantor (personas/third_party_guarantor.yaml):
    ``curious`` confirms the guarantee when asked, ``disclosure_reaction`` takes the news of the overdue debt,
    ``estate_talk`` weighs their liability, ``estate_agree`` agrees a date."""
    moves = set(analysis.moves)
    state = memory.state
    told = "disclose_debt" in moves or "third_party_disclosure" in analysis.categories
    if not memory.guarantee_confirmed:
        # Not yet asked about the guarantee: a stranger on the phone, told nothing, tells nothing.
        if told:
            return "disclosure_reaction", None
        if "closing" in moves and "request_callback" not in moves:
            return "closing", None
        if "request_callback" in moves:
            return "pass_message", None
        if memory.identified and "identity_verification" not in moves and memory.turn > 2:
            return "refuse_info", None
        return "ask_who", None
    if asks_guarantee(analysis):
        return "curious", None
    agreed = memory.outcome == "promise_to_pay"
    if "closing" in moves and (agreed or not moves & _ASKS):
        return "closing", None
    if moves & _ASKS:
        if agreed:
            return "estate_agree", None  # says the agreed terms again
        ready = memory.used_keys.get("disclose_debt", 0) and state.trust >= 0.4 and state.willingness >= 0.4
        return ("estate_agree", "promise_to_pay") if ready else ("estate_talk", None)
    if told:
        return "disclosure_reaction", None
    if "request_callback" in moves:
        return "pass_message", None
    return "estate_talk", None
