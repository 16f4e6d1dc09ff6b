"""A debtor who answers what was asked (issue 15): the question's topic, the archetype, and trust.

When the collector asks a direct question — how much can you find, when does the money come in,
what do you earn, when are you reachable, which of the two options — the debtor answers it: from
the hidden truth when trust is high enough (that is how a 顽固型 debtor's hidden ¥2,000 comes
out), with a dodge in the archetype's own style when it is not.  Every figure in an answer comes
from the case file or the hidden truth ({can_pay}, {pay_date}), never from thin air.

The threshold varies by seed within the archetype, so different seeds behave differently, not only
word differently.
"""

from __future__ import annotations

import random

from simulator.engine.state import State

TOPICS = ("late", "choice", "amount", "date", "income", "contact_time")

# Trust (and calm) an archetype needs before it tells the truth about money.
OPEN_TRUST: dict[str, float] = {
    # an evasive debtor who is caught on the line and not pushed says roughly what he has (seed 001:
    # the trick is to make him engage), so he opens up at about the trust at which he would agree
    "provocative": 0.42, "evasive": 0.3, "victim": 0.4, "confident": 0.45,
    "stubborn": 0.42, "sophisticated": 0.45, "promiser": 0.3,
}
OPEN_MAX_ANGER = 0.6
SEED_JITTER = 0.06

# Neutral fallback lines for a card written before the answer intents existed. The archetypes'
# own voices live in personas/*.yaml (answer_amount … dodge), where trainers edit them: one place.
# {placeholders} are filled by bank.fill from the case file and hidden truth.
FALLBACK: dict[str, tuple[str, ...]] = {
    "answer_amount": ("我手上最多能拿出{can_pay}块。",),
    "answer_date": ("{pay_date}吧,那时候钱才到。",),
    "answer_income": ("收入不多,刚够开销。",),
    "answer_contact_time": ("晚上吧,白天不方便接。",),
    "answer_choice": ("分期吧,一次性拿不出来。",),
    "choose_full": ("那就一次还清吧。",),
    "dodge": ("这个……回头再说吧。",),
    # "快十点了,您看是现在说完还是明天再聊?" (analysis/late_hours.py): go on, or not tonight
    "answer_late_ok": ("没事,你说吧,早点说完我也踏实。", "行,现在说吧,我还没睡。"),
    "answer_late_no": ("都这么晚了,明天白天再打吧。", "太晚了,孩子都睡了,明天再说。"),
}


def opens_up(archetype: str, state: State, seed_rng: random.Random) -> bool:
    """True when the debtor trusts the collector enough to answer truthfully (seed-varied)."""
    threshold = OPEN_TRUST[archetype] + seed_rng.uniform(-SEED_JITTER, SEED_JITTER)
    return state.trust >= threshold and state.anger < OPEN_MAX_ANGER


def topic_to_answer(questions: tuple[str, ...]) -> str | None:
    """The one topic the reply answers, most pointed first."""
    for topic in TOPICS:
        if topic in questions:
            return topic
    return None


def answer_intent(topic: str, *, open_up: bool, can_pay_full: bool) -> str:
    """The intent of the reply to a question on ``topic``."""
    if topic == "late":  # a debtor who trusts the caller would rather finish now
        return "answer_late_ok" if open_up else "answer_late_no"
    if topic == "choice":
        return "choose_full" if can_pay_full else "answer_choice"
    if topic == "contact_time" or open_up:
        return f"answer_{topic}"
    return "dodge"


def pick(intent: str, card_lines: list[str], used: list[str], rng: random.Random) -> str | None:
    """An unused line for ``intent``: the card's own, else the neutral fallback when the card has none;
    None when every line has been said already in this call (the engine then falls back on the
    persona's bank)."""
    for lines in (card_lines, FALLBACK[intent]):
        fresh = [line for line in lines if line not in used]
        if fresh:
            return rng.choice(fresh)
        if lines:
            return None
    return None
