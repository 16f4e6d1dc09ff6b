"""Call-mode dynamics (issue 7): silence on the line, and turns that make a debtor talk over you.

On a phone call, saying nothing is also a move. The first long silence draws a "喂?还在吗?" and costs
nothing; every later one makes the debtor a little more impatient, and the third silence in a row ends
the call. A threat or an insult is not waited out either: the debtor cuts in at once (the browser stops
the trainee's recognition and speaks the reply straight away).

Plain functions over the engine's ``Memory`` so the offline engine and an LLM-voiced call share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.engine.memory import Memory
from simulator.engine.state import State

SILENCE_HANG_UP_STREAK = 3  # the third long silence in a row: they hang up
SILENCE_ANGER = 0.05  # anger added by each long silence after the first of the call
# Violations nobody waits out politely: the debtor cuts in.
PROVOKING = frozenset({"threat", "insult", "harassment", "third_party_disclosure"})


def provoked(categories: Iterable[str]) -> bool:
    """Does a collector turn with these violation categories make the debtor interrupt?"""
    return bool(PROVOKING.intersection(categories))


@dataclass(frozen=True)
class SilenceDecision:
    state: State
    hang_up: bool


def count_silence(memory: Memory, *, hang_up_anger: float) -> SilenceDecision:
    """Count one more long silence and decide what it does (the caller applies the decision)."""
    memory.silences += 1
    memory.quiet_streak += 1
    state = memory.state
    if memory.silences > 1:
        state = state.shifted({"anger": SILENCE_ANGER})
    hang_up = memory.quiet_streak >= SILENCE_HANG_UP_STREAK or state.anger >= hang_up_anger
    return SilenceDecision(state=state, hang_up=hang_up)


SILENT_LINE = "……"  # what the trainee "said": nothing (the model's user message for a silence prompt)


def silence_note(waited_ms: int) -> str:
    """The director's note for a line voiced after the trainee went quiet (prepended to the usual note)."""
    return f"催收员已经{max(1, round(waited_ms / 1000))}秒没有说话了,电话里一片安静。"
