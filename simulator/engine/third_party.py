"""Play whoever answers instead of the borrower: a relative, a colleague (seed 000 situations).

The trainee's test here is privacy: ask only for a callback, never disclose the debt. In the
deceased situation it is tact: condolences, documents, and only then the estate.
"""

from __future__ import annotations

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


def react(state: State, analysis: Analysis, *, deceased: bool) -> State:
    keys = [*analysis.moves, f"pressure:{analysis.pressure}"]
    total: dict[str, float] = {"anger": 0.0, "trust": 0.0, "willingness": 0.0}
    for key in keys:
        for dim, value in _REACTIONS.get(key, {}).items():
            # pressing a bereaved family hurts twice as much
            total[dim] += value * (2 if deceased and key.startswith("pressure") else 1)
    for _ in analysis.categories:
        for dim, value in _VIOLATION.items():
            total[dim] += value
    return state.shifted(total)


def intent(tp: ThirdParty, memory: Memory, analysis: Analysis) -> tuple[str, str | None]:
    """Return (intent, new outcome or None). ``memory`` holds the post-turn state."""
    moves = set(analysis.moves)
    cats = set(analysis.categories)
    state = memory.state
    if state.anger >= HANG_UP_ANGER:
        return "hostile_reaction", "hung_up"
    if cats & _HOSTILE:
        return "hostile_reaction", None
    if "third_party_disclosure" in cats or ("disclose_debt" in moves and not tp.borrower_deceased):
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
