"""Apply a persona card's reactions to one analysed collector turn."""

from __future__ import annotations

from collections.abc import Mapping

from simulator.analysis import Analysis
from simulator.catalog.schema import Condition, PersonaCard, Reaction
from simulator.engine.state import State

# Each earlier use of the same move keeps this share of its calming/trust-building effect, so
# repeating "我理解您" does not farm trust.
REPEAT_DECAY = 0.6


def _holds(when: Condition | None, state: State, stage: str) -> bool:
    if when is None:
        return True
    checks = (
        (when.anger_gte, state.anger, True),
        (when.anger_lt, state.anger, False),
        (when.trust_gte, state.trust, True),
        (when.trust_lt, state.trust, False),
        (when.willingness_gte, state.willingness, True),
        (when.willingness_lt, state.willingness, False),
    )
    for bound, value, is_lower in checks:
        if bound is None:
            continue
        if is_lower and value < bound:
            return False
        if not is_lower and value >= bound:
            return False
    return when.stage_in is None or stage in when.stage_in


def reaction_keys(analysis: Analysis) -> list[str]:
    """The keys a turn triggers: its moves, its violation categories and its pressure level."""
    return [*analysis.moves, *analysis.categories, f"pressure:{analysis.pressure}"]


def _dampen(delta: Mapping[str, float], repeats: int) -> dict[str, float]:
    factor = REPEAT_DECAY**repeats
    out: dict[str, float] = {}
    for key, value in delta.items():
        helpful = value < 0 if key == "anger" else value > 0
        out[key] = value * factor if helpful else value
    return out


def matching(card: PersonaCard, state: State, analysis: Analysis, stage: str) -> list[tuple[str, Reaction]]:
    """The card's reactions this turn sets off against ``state`` (the state before the turn), with their key."""
    return [(key, reaction) for key in reaction_keys(analysis) for reaction in card.reactions
            if reaction.on == key and _holds(reaction.when, state, stage)]


def react(
    card: PersonaCard, state: State, analysis: Analysis, stage: str, used_moves: Mapping[str, int]
) -> State:
    """Return the state after the turn; ``used_moves`` counts each key's uses before this turn."""
    total: dict[str, float] = {"anger": 0.0, "trust": 0.0, "willingness": 0.0}
    for key, reaction in matching(card, state, analysis, stage):
        for dim, value in _dampen(reaction.delta, used_moves.get(key, 0)).items():
            total[dim] += value
    return state.shifted(total)
