"""What the engine remembers between turns; serialisable so a session resumes after a restart."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from simulator.analysis.call_state import plain_copy
from simulator.engine.state import State


@dataclass
class Memory:
    state: State
    outcome: str = "none"
    speaker: str = "debtor"  # who is on the line: "debtor" or "third_party"
    turn: int = 0  # collector turns so far
    used_keys: dict[str, int] = field(default_factory=dict)  # moves / violations / pressure seen
    used_lines: list[str] = field(default_factory=list)
    identified: bool = False  # the collector has said who they are
    identity_confirmed: bool = False
    disclosed: bool = False  # debt details given to a third party
    proposal_amount: int | None = None  # latest amount the collector proposed
    proposal_date: str | None = None  # latest date the collector proposed
    agreed_amount: int | None = None
    agreed_date: str | None = None
    last_moves: list[str] = field(default_factory=list)
    handed_over: bool = False
    late_declined: bool = False  # asked at a late hour, the debtor said not tonight (engine/answers.py)
    guarantee_confirmed: bool = False  # the third party on the line confirmed they guaranteed the debt
    silences: int = 0  # call mode: times the collector went quiet too long (issue 7)
    quiet_streak: int = 0  # ... in a row, without speaking in between
    dials: list[dict[str, Any]] = field(default_factory=list)  # call mode: each dial attempt (practice/calls/dialing.py)
    heard: str = ""  # the last line the collector heard from the other party (for mirrored empathy)
    call: dict[str, Any] = field(default_factory=dict)  # analysis.call_state.CallState, shared with the grader

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy that shares nothing with this memory (the session row keeps it)."""
        data = {name: plain_copy(getattr(self, name)) for name in _FIELDS}
        data["state"] = self.state.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memory:
        data = dict(data)
        data["state"] = State(**data["state"])
        return cls(**data)


_FIELDS = tuple(f.name for f in fields(Memory))

