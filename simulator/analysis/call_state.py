"""One conversation state per call, shared by the persona engine and the grader (design §5, wave 2).

Both read the same call the same way: who is on the line and whether their identity was checked
with proof or only by name; what the collector has stated (amount, overdue days); which questions
are still open; which offers are on the table; what the debtor has revealed, committed to or
refused; how often stock empathy has been used.  The engine persists it with the session (inside
``engine.memory.Memory``), so a resumed session continues identically; the grader rebuilds it by
walking the transcript.  Plain data, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from simulator.analysis.entities import concrete_date
from simulator.analysis.listener import read_listener
from simulator.analysis.result import Analysis

_DEBT = re.compile(r"欠|逾期|应还|那笔|这笔|账单|本期|这期|那期|待还|未还")
# How many collector turns a question stays open if the debtor's replies never answer it.
QUESTION_TTL = 2


@dataclass
class CallState:
    on_line: str = "unknown"  # unknown | debtor | third_party
    identity: str = "none"  # none | asked_name | asked_proof | confirmed_name | verified
    self_id: list[str] = field(default_factory=list)  # parts of 自报家门 said so far
    stated_amount: int | None = None  # the amount the collector has told the debtor
    stated_overdue: bool = False  # the collector has said the debt is overdue (any detail)
    open_questions: dict[str, int] = field(default_factory=dict)  # topic -> collector turn asked
    answered: list[str] = field(default_factory=list)  # topics the debtor has answered
    offers: list[dict[str, Any]] = field(default_factory=list)  # each concrete offer, in order
    revealed: list[str] = field(default_factory=list)  # hidden-truth keys the debtor has let out
    commitments: list[dict[str, Any]] = field(default_factory=list)  # what the debtor agreed to
    refusals: int = 0
    stock_empathy: int = 0  # generic empathy lines so far
    specific_empathy: int = 0
    despair_turn: int | None = None  # collector turn count when the debtor last voiced despair
    collector_turns: int = 0

    # -- collector --------------------------------------------------------------------------
    def after_collector(self, analysis: Analysis) -> None:
        r = analysis.reading
        self.collector_turns += 1
        for part in sorted(r.self_id):
            if part not in self.self_id:
                self.self_id.append(part)
        if r.identity == "proof" and self.identity != "verified":
            self.identity = "asked_proof"
        elif r.identity == "name" and self.identity == "none":
            self.identity = "asked_name"
        if "disclose_debt" in analysis.moves or (analysis.amounts and _DEBT.search(analysis.text)):
            # "你那笔7376元到底还不还" states the amount as surely as "您应还7376元".
            self.stated_overdue = True
            if analysis.amounts and self.stated_amount is None:
                self.stated_amount = analysis.amounts[0]
        if r.offer and (r.offer.get("amount") or r.offer.get("date") or r.offer.get("kind") != "unspecified"):
            self.offers.append({**r.offer, "turn": self.collector_turns})
        elif analysis.amounts and analysis.dates and {"request_commitment", "confirm_commitment"} & set(analysis.moves):
            held = next((d for d in analysis.dates if concrete_date(d)), analysis.dates[-1])
            self.offers.append({"kind": "unspecified", "amount": analysis.amounts[-1], "date": held,
                                "channel": bool(r.recap and "channel" in r.recap), "turn": self.collector_turns})
        for topic in r.questions:
            self.open_questions[topic] = self.collector_turns
        for topic, asked in list(self.open_questions.items()):
            if self.collector_turns - asked > QUESTION_TTL:
                del self.open_questions[topic]
        if r.empathy == "generic":
            self.stock_empathy += 1
        elif r.empathy == "specific":
            self.specific_empathy += 1

    # -- the other party ----------------------------------------------------------------------
    def after_other(self, text: str, speaker: str) -> None:
        heard = read_listener(text)
        if speaker == "third_party" or heard.denies_identity:
            self.on_line = "third_party"
        elif speaker == "debtor" and self.on_line == "unknown":
            self.on_line = "debtor"
        if heard.confirms_identity and speaker == "debtor":
            if self.identity == "asked_proof":
                self.identity = "verified"
            elif self.identity == "asked_name":
                self.identity = "confirmed_name"
        if heard.despairing:
            self.despair_turn = self.collector_turns

    def answer(self, topic: str) -> None:
        """The debtor answered ``topic``: it is no longer open."""
        self.open_questions.pop(topic, None)
        if topic not in self.answered:
            self.answered.append(topic)

    def reveal(self, key: str) -> None:
        if key not in self.revealed:
            self.revealed.append(key)

    # -- questions both readers ask ---------------------------------------------------------
    @property
    def verified(self) -> bool:
        return self.identity == "verified"

    @property
    def identity_checked(self) -> bool:
        """Checked well enough to talk about the debt: proof, or a name the debtor confirmed."""
        return self.identity in ("verified", "confirmed_name")

    def concrete_offer(self) -> dict[str, Any] | None:
        """The latest offer with both an amount and a day it can be held to ("下周" is not one)."""
        for offer in reversed(self.offers):
            if offer.get("amount") and offer.get("date") and concrete_date(str(offer["date"])):
                return offer
        return None

    def to_dict(self) -> dict[str, Any]:
        """A copy that shares no list or dict with this state (offers and commitments are dicts)."""
        return {name: plain_copy(getattr(self, name)) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CallState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_FIELDS = tuple(f.name for f in fields(CallState))


def plain_copy(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, tuples, scalars): what ``dataclasses.asdict`` did
    for the call state and the engine's memory, at a fraction of its cost on the turn path."""
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain_copy(v) for v in value)
    return value
