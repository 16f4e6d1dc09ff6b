"""Pick a line from an utterance bank and fill its placeholders.

Authored text is substituted, never executed as a template: only ``{known_key}`` is replaced.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping

from simulator.catalog.schema import MOODS, UtteranceBank

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# When an intent has no line for the current situation, try these before giving up.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "plan_agreeing": ("agreeing",),
    "agreeing": ("plan_agreeing",),
    "confirm_details": ("agreeing", "filler"),
    "empathy_reaction": ("softening", "filler"),
    "softening": ("empathy_reaction", "filler"),
    "pressure_reaction": ("challenge", "excuse"),
    "legal_bravado": ("challenge", "pressure_reaction"),
    "deception_reaction": ("challenge", "threat_reaction"),
    "disclosure_reaction": ("threat_reaction",),
    "insult_reaction": ("threat_reaction",),
    "sad_story": ("excuse",),
    "finance_talk": ("excuse",),
    "unidentified": ("opening",),
    "identity_confirm": ("filler",),
    "grief": ("deceased_news", "filler"),
    "estate_agree": ("estate_talk", "filler"),
    "documents": ("filler",),
    "handover": ("pass_message",),
    # call mode (issue 7): both are optional in a card
    "silence": ("filler",),
    "hanging_up": ("closing",),
}


def fill(line: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), line)


def _mood_order(mood: str) -> list[str]:
    """Exact mood and 'any' first, then the nearest moods."""
    idx = MOODS.index(mood)
    others = sorted((m for m in MOODS if m != mood), key=lambda m: abs(MOODS.index(m) - idx))
    return [mood, "any", *others]


def candidates(bank: UtteranceBank, intent: str, mood: str) -> list[str]:
    """Lines for an intent, best mood first (nearer moods only when the exact mood has none)."""
    by_mood = bank.get(intent, {})
    exact = [*by_mood.get(mood, []), *by_mood.get("any", [])]
    if exact:
        return exact
    for m in _mood_order(mood)[2:]:
        if by_mood.get(m):
            return list(by_mood[m])
    return []


def pick(
    bank: UtteranceBank, intent: str, mood: str, rng: random.Random, used: Iterable[str],
    allowed: Callable[[str], bool] | None = None,
) -> tuple[str, str]:
    """Choose an unused line for ``intent`` (falling back along FALLBACKS); returns (intent, line).

    Lines already said in this session are avoided while an alternative remains; lines ``allowed``
    rejects (a reply to a lawsuit nobody mentioned) are avoided while the intent has another.
    """
    used_set = set(used)
    chain = [intent, *FALLBACKS.get(intent, ()), "filler"]
    first_available: tuple[str, list[str]] | None = None
    if allowed is not None:
        # Prefer any intent of the chain with a line that fits what was said; only when none has one
        # fall back to the lines as they are.
        fitting = [name for name in chain if any(allowed(line) for line in candidates(bank, name, mood))]
        if fitting:
            chain = fitting + [name for name in chain if name not in fitting]
    for name in chain:
        lines = candidates(bank, name, mood)
        if allowed is not None:
            lines = [line for line in lines if allowed(line)] or lines
        if not lines:
            continue
        if first_available is None:
            first_available = (name, lines)
        fresh = [line for line in lines if line not in used_set]
        if fresh:
            return name, rng.choice(fresh)
        # every line of this intent and mood is used: widen to the other moods of the same intent
        wider = [line for m in MOODS + ("any",) for line in bank.get(name, {}).get(m, []) if line not in used_set]
        if wider:
            return name, rng.choice(wider)
    if first_available is None:
        raise LookupError(f"bank has no line for intent {intent!r} nor its fallbacks")
    name, lines = first_available
    return name, rng.choice(lines)
