"""A conversation with one debtor: the offline persona engine (no DB, no HTTP).

``Conversation.respond`` analyses the collector's line, moves the affect state through the card's
reactions, decides the outcome and picks a reply from the bank. Deterministic for a given seed: the
random choice of each turn is seeded by (seed, turn number), so a resumed session continues exactly
as an uninterrupted one would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from simulator.analysis import Analysis, analyze
from simulator.catalog.schema import PersonaCard, Scenario, ThirdPartyCard
from simulator.engine import bank, call, third_party
from simulator.engine.intents import ASKS, debtor_intent
from simulator.engine.memory import Memory
from simulator.engine.reactions import react, reaction_keys
from simulator.engine.state import AGREED, State

# A debtor asked for much more than they can find will bargain instead of agreeing.
AFFORDABLE_MARGIN = 1.25
THIRD_PARTY_START = State(anger=0.15, trust=0.3, willingness=0.3)
# Each difficulty step above 1 starts the debtor angrier, warier and less willing (unless the
# scenario sets its own initial state): an M3 debtor has heard it all before.
DIFFICULTY_STEP = {"anger": 0.05, "trust": -0.05, "willingness": -0.05}


def starting_state(scenario: Scenario, card: PersonaCard) -> State:
    if scenario.initial_state is not None:
        return State(**scenario.initial_state.model_dump())
    base = State(**card.initial_state.model_dump())
    steps = scenario.difficulty - 1
    return base.shifted({k: v * steps for k, v in DIFFICULTY_STEP.items()})


@dataclass(frozen=True)
class Reply:
    speaker: str  # "debtor" | "third_party"
    text: str
    intent: str
    state: State
    outcome: str
    ended: bool
    analysis: Analysis | None = None
    events: tuple[str, ...] = field(default=())  # e.g. "handover", "agreement", "hung_up"

    def state_dict(self) -> dict[str, float]:
        return self.state.to_dict()


class Conversation:
    def __init__(
        self,
        scenario: Scenario,
        card: PersonaCard,
        *,
        seed: int,
        third_party_card: ThirdPartyCard | None = None,
        memory: Memory | None = None,
    ) -> None:
        if scenario.third_party and third_party_card is None:
            raise ValueError(f"scenario {scenario.id!r} needs a third-party card")
        self.scenario = scenario
        self.card = card
        self.tp_card = third_party_card
        self.seed = seed
        if memory is None:
            speaker = "third_party" if scenario.third_party else "debtor"
            state = THIRD_PARTY_START if scenario.third_party else starting_state(scenario, card)
            memory = Memory(state=state, speaker=speaker)
        self.memory = memory

    # -- public API -------------------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self.memory.outcome == "hung_up"

    def snapshot(self) -> dict[str, Any]:
        return self.memory.to_dict()

    def values(self) -> dict[str, str]:
        """Placeholder values of this conversation (case file, hidden truth, agreed terms), for
        anything that fills authored lines the way the bank does: the LLM prompt's example lines."""
        return self._values()

    def open(self) -> Reply:
        """Whoever picks up the phone speaks first."""
        intent = "opening"
        return self._say(intent, self._rng(0), events=())

    def respond(self, text: str, analysis: Analysis | None = None) -> Reply:
        if self.ended:
            raise RuntimeError("the debtor has hung up")
        analysis = analysis or analyze(text)
        mem = self.memory
        mem.turn += 1
        mem.quiet_streak = 0
        rng = self._rng(mem.turn)
        if "self_identification" in analysis.moves:
            mem.identified = True
        if analysis.amounts:
            mem.proposal_amount = analysis.amounts[-1]
        if analysis.dates:
            mem.proposal_date = analysis.dates[-1]
        if mem.speaker == "third_party":
            reply = self._third_party_turn(analysis, rng)
        else:
            reply = self._debtor_turn(analysis, rng)
        mem.last_moves = list(analysis.moves)
        return reply

    def silence(self) -> Reply:
        """Call mode: the collector has said nothing for too long. Whoever is on the line checks
        ("喂?还在吗?") without the state moving, except that repeated silences slowly raise anger and
        the third in a row ends the call (``engine/call.py``). Not a collector turn: ``turn`` stays."""
        if self.ended:
            raise RuntimeError("the debtor has hung up")
        mem = self.memory
        limit = self.card.thresholds.hang_up_anger if mem.speaker == "debtor" else third_party.HANG_UP_ANGER
        decision = call.count_silence(mem, hang_up_anger=limit)
        mem.state = decision.state
        events: tuple[str, ...] = ("silence",)
        intent = "silence"
        if decision.hang_up:
            mem.outcome = "hung_up"
            intent = "hanging_up"
            events = ("silence", "hung_up")
        rng = random.Random(f"{self.seed}:{self.scenario.id}:silence:{mem.silences}")
        return self._say(intent, rng, events=events)

    # -- debtor -----------------------------------------------------------------------------
    def _debtor_turn(self, analysis: Analysis, rng: random.Random) -> Reply:
        mem, card = self.memory, self.card
        mem.state = react(card, mem.state, analysis, self.scenario.stage, mem.used_keys)
        for key in reaction_keys(analysis):
            mem.used_keys[key] = mem.used_keys.get(key, 0) + 1
        events: list[str] = []
        agreed_now = False
        too_much = False
        th = card.thresholds
        if mem.state.anger >= th.hang_up_anger:
            mem.outcome = "hung_up"
            events.append("hung_up")
        elif mem.outcome not in AGREED and set(analysis.moves) & set(ASKS):
            too_much = self._asks_too_much(analysis)
            if not too_much and self._agreement_earned(analysis):
                agreed_now = True
                plan = "offer_plan" in analysis.moves or "offer_plan" in mem.last_moves
                mem.outcome = "payment_plan" if plan else "promise_to_pay"
                mem.agreed_amount = mem.proposal_amount or self._first_payment(mem.outcome == "payment_plan")
                mem.agreed_date = mem.proposal_date or self.scenario.hidden_truth.earliest_date
                events.append("agreement")
        if mem.outcome in ("none", "refused") and not agreed_now:
            refusing = mem.state.anger >= th.refuse_anger and mem.state.willingness <= th.refuse_willingness
            mem.outcome = "refused" if refusing else "none"
        if "identity_verification" in analysis.moves and mem.identified:
            mem.identity_confirmed = True
        intent = debtor_intent(card, mem, analysis, agreed_now=agreed_now, too_much=too_much, rng=rng)
        return self._say(intent, rng, analysis=analysis, events=tuple(events))

    def _first_payment(self, plan: bool) -> int:
        """What the debtor offers when the collector named no amount: what they can find now, or,
        for a plan when that would clear the whole debt anyway, a first instalment of half."""
        can, owed = self.scenario.hidden_truth.can_pay_now, self.scenario.case_file.overdue_amount
        return max(1, owed // 2) if plan and can >= owed else can

    def _asks_too_much(self, analysis: Analysis) -> bool:
        can = self.scenario.hidden_truth.can_pay_now
        amount = analysis.amounts[-1] if analysis.amounts else None
        if amount is None or "offer_plan" in analysis.moves:
            return False
        return amount > max(can, 1) * AFFORDABLE_MARGIN

    def _agreement_earned(self, analysis: Analysis) -> bool:
        rule, mem = self.card.agreement, self.memory
        s = mem.state
        if s.willingness < rule.min_willingness or s.trust < rule.min_trust or s.anger > rule.max_anger:
            return False
        if mem.turn < rule.min_turns:
            return False
        for group in rule.required_moves:
            if not any(mem.used_keys.get(m, 0) for m in group):
                return False
        if rule.needs_specifics:
            named_now = bool(analysis.amounts or analysis.dates)
            if not (named_now and mem.proposal_amount is not None and mem.proposal_date is not None):
                return False
        return True

    # -- third party --------------------------------------------------------------------------
    def _third_party_turn(self, analysis: Analysis, rng: random.Random) -> Reply:
        mem = self.memory
        tp = self.scenario.third_party
        assert tp is not None
        mem.state = third_party.react(mem.state, analysis, deceased=tp.borrower_deceased)
        for key in reaction_keys(analysis):
            mem.used_keys[key] = mem.used_keys.get(key, 0) + 1
        if "disclose_debt" in analysis.moves or "third_party_disclosure" in analysis.categories:
            mem.disclosed = True
        intent, outcome = third_party.intent(tp, mem, analysis)
        events: list[str] = []
        if outcome:
            mem.outcome = outcome
            events.append("hung_up" if outcome == "hung_up" else "agreement")
            if outcome != "hung_up":
                mem.agreed_amount = mem.proposal_amount or self._first_payment(mem.outcome == "payment_plan")
                mem.agreed_date = mem.proposal_date or self.scenario.hidden_truth.earliest_date
        reply = self._say(intent, rng, analysis=analysis, events=tuple(events))
        if intent == "handover":
            # the borrower comes to the phone: from now on the persona card plays
            mem.speaker = "debtor"
            mem.handed_over = True
            mem.state = starting_state(self.scenario, self.card)
            reply = Reply(**{**reply.__dict__, "events": (*reply.events, "handover")})
        return reply

    # -- lines --------------------------------------------------------------------------------
    def _rng(self, turn: int) -> random.Random:
        return random.Random(f"{self.seed}:{self.scenario.id}:{turn}")

    def _values(self) -> dict[str, str]:
        cf, truth, mem = self.scenario.case_file, self.scenario.hidden_truth, self.memory
        values = {
            "name": cf.debtor_name,
            "lender": cf.lender,
            "product": cf.product,
            "amount": str(cf.overdue_amount),
            "principal": str(cf.principal),
            "days": str(cf.days_overdue),
            "due_date": cf.due_date,
            "can_pay": str(truth.can_pay_now),
            "pay_date": truth.earliest_date,
            "agreed_amount": str(mem.agreed_amount or mem.proposal_amount or truth.can_pay_now),
            "agreed_date": mem.agreed_date or mem.proposal_date or truth.earliest_date,
        }
        if self.scenario.third_party:
            values["relation"] = self.scenario.third_party.relation
            values["tp_name"] = self.scenario.third_party.name
        return values

    def _say(
        self, intent: str, rng: random.Random, *, analysis: Analysis | None = None, events: tuple[str, ...]
    ) -> Reply:
        mem = self.memory
        speaking_tp = mem.speaker == "third_party"
        source = self.tp_card.bank if speaking_tp and self.tp_card else self.card.bank
        chosen, line = bank.pick(source, intent, mem.state.mood, rng, mem.used_lines)
        mem.used_lines.append(line)
        return Reply(
            speaker="third_party" if speaking_tp else "debtor",
            text=bank.fill(line, self._values()),
            intent=chosen,
            state=mem.state,
            outcome=mem.outcome,
            ended=mem.outcome == "hung_up",
            analysis=analysis,
            events=events,
        )
