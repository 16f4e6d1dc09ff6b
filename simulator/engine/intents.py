"""Choose what the debtor says next: an intent from the bank, given the turn and the state."""

from __future__ import annotations

import random

from simulator.analysis import Analysis
from simulator.catalog.schema import PersonaCard
from simulator.engine.memory import Memory

ASKS = ("request_commitment", "offer_plan", "confirm_commitment")

# What each archetype falls back on when the collector's turn calls for nothing in particular.
IDLE: dict[str, tuple[str, ...]] = {
    "provocative": ("venting", "challenge", "excuse"),
    "evasive": ("deflection", "excuse", "deflection"),
    "victim": ("sad_story", "excuse", "sad_story"),
    "confident": ("challenge", "legal_bravado", "venting"),
    "stubborn": ("refusing", "excuse", "finance_talk"),
    "sophisticated": ("finance_talk", "challenge", "promising"),
    "promiser": ("promising", "excuse", "promising"),
}

# How each archetype answers "why haven't you paid?".
REASON: dict[str, tuple[str, ...]] = {
    "provocative": ("venting", "excuse"),
    "evasive": ("deflection", "excuse"),
    "victim": ("sad_story",),
    "confident": ("excuse", "venting"),
    "stubborn": ("excuse", "finance_talk"),
    "sophisticated": ("finance_talk",),
    "promiser": ("excuse", "promising"),
}

# How each archetype answers a request it is not ready to accept.
NOT_YET: dict[str, tuple[str, ...]] = {
    "provocative": ("challenge", "negotiating"),
    "evasive": ("deflection", "promising"),
    "victim": ("sad_story", "negotiating"),
    "confident": ("challenge", "legal_bravado"),
    "stubborn": ("refusing", "excuse"),
    "sophisticated": ("finance_talk", "negotiating"),
    "promiser": ("promising",),
}


# Pushing the debtor to borrow to repay (以贷还贷, 2026 guideline) is filed under improper_fee, but it is a demand for
# money, not a fee scam: the debtor answers it like any demand, not with a line about fees or personal accounts.
BORROW_PUSH = "CN-BORROW-TO-REPAY"


def pushes_to_borrow(analysis: Analysis) -> bool:
    return any(f.rule == BORROW_PUSH for f in analysis.violations)


def violation_intent(analysis: Analysis) -> str | None:
    cats = {f.category for f in analysis.violations if f.rule != BORROW_PUSH}
    if "threat" in cats or "harassment" in cats:
        return "threat_reaction"
    if "third_party_disclosure" in cats:
        return "disclosure_reaction"
    if "insult" in cats:
        return "insult_reaction"
    if cats & {"impersonation", "false_legal_claim", "misleading", "improper_fee"}:
        return "deception_reaction"
    return None


def debtor_intent(
    card: PersonaCard,
    memory: Memory,
    analysis: Analysis,
    *,
    agreed_now: bool,
    too_much: bool,
    rng: random.Random,
    question: str | None = None,
) -> str:
    """The intent of the debtor's reply; ``memory`` already holds the post-turn state and outcome."""
    moves = set(analysis.moves)
    state = memory.state
    arche = card.archetype
    if memory.outcome == "hung_up":
        return "hanging_up"
    violated = violation_intent(analysis)
    if violated:
        return violated
    if agreed_now:
        return "plan_agreeing" if memory.outcome == "payment_plan" else "agreeing"
    if memory.outcome in ("promise_to_pay", "payment_plan"):
        if "closing" in moves:
            return "closing"
        return "confirm_details" if moves & {"confirm_commitment", "request_commitment"} else "filler"
    asking = bool(analysis.reading.identity or analysis.reading.questions)  # "…报一下后四位,谢谢" is no goodbye
    if "closing" in moves and not moves & set(ASKS) and not asking:
        return "closing"
    if memory.turn <= 2 and not memory.identified and (moves & {"disclose_debt", "identity_verification", *ASKS}
                                                       or analysis.reading.identity):
        return "unidentified"
    proof_pending = analysis.reading.identity == "proof" and memory.call.get("identity") != "verified"
    if ("identity_verification" in moves or analysis.reading.identity) and (not memory.identity_confirmed or proof_pending):
        return "identity_confirm"
    if moves & {"blame", "sarcasm"}:
        return "insult_reaction" if state.anger >= 0.65 else "venting"
    if question is not None and not too_much:
        # A direct question gets an answer (or the archetype's dodge): engine/answers.py.
        if question in ("amount", "date") and (memory.outcome == "refused" or state.willingness < 0.2):
            return "refusing"
        return "answer"
    if moves & set(ASKS) or pushes_to_borrow(analysis):
        if memory.outcome == "refused" or state.willingness < 0.2:
            return "refusing"
        if too_much:
            return "negotiating"
        return rng.choice(NOT_YET[arche])
    if "ask_reason" in moves:
        return rng.choice(REASON[arche])
    if moves & {"listen", "empathy", "condolence", "apology", "reassure"}:
        if arche == "victim" and state.trust < 0.45:
            return "sad_story"
        return "softening" if state.anger < 0.35 and state.willingness >= 0.4 else "empathy_reaction"
    if moves & {"legal_process", "explain_consequence"} or analysis.pressure >= 2:
        if arche in ("confident", "sophisticated") and state.trust < 0.4:
            return "legal_bravado"
        return "pressure_reaction"
    if moves & {"better_option", "benefit_of_paying", "separate_issues"}:
        return "softening" if state.willingness >= 0.45 else rng.choice(NOT_YET[arche])
    if "disclose_debt" in moves:
        return rng.choice(("challenge", "excuse") if arche in ("provocative", "confident") else REASON[arche])
    if memory.turn == 1 and moves & {"greeting", "self_identification"}:
        return "identity_confirm" if memory.identified else "unidentified"
    return rng.choice(IDLE[arche])
