"""The debtor's affect state (design §4) and how reactions move it."""

from __future__ import annotations

from dataclasses import dataclass, fields

OUTCOMES = ("none", "promise_to_pay", "payment_plan", "refused", "hung_up")
AGREED = ("promise_to_pay", "payment_plan")


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 4)


@dataclass(frozen=True)
class State:
    anger: float
    trust: float
    willingness: float

    def shifted(self, delta: dict[str, float]) -> State:
        return State(
            anger=_clamp(self.anger + delta.get("anger", 0.0)),
            trust=_clamp(self.trust + delta.get("trust", 0.0)),
            willingness=_clamp(self.willingness + delta.get("willingness", 0.0)),
        )

    @property
    def mood(self) -> str:
        """calm < 0.35 <= tense < 0.65 <= hostile (docs/persona-authoring.md)."""
        if self.anger >= 0.65:
            return "hostile"
        if self.anger >= 0.35:
            return "tense"
        return "calm"

    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
