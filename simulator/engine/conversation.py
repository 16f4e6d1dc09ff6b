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
from simulator.analysis.call_state import CallState
from simulator.analysis.late_hours import asks_to_continue, wraps_up
from simulator.analysis.listener import read_listener
from simulator.catalog.schema import PersonaCard, Scenario, ThirdPartyCard
from simulator.engine import answers, bank, call, third_party, topics
from simulator.engine.intents import ASKS, debtor_intent
from simulator.engine.memory import Memory
from simulator.engine.reactions import react, reaction_keys
from simulator.engine.state import AGREED, State

# Mirrored empathy ("您孩子住院花了那么多钱,确实难"): extra on top of the card's empathy reaction.
MIRROR_BONUS = {"trust": 0.07, "anger": -0.05, "willingness": 0.03}
MIRROR_DECAY = 0.7
# How far a seed moves this debtor's agreement thresholds from the card's (behaviour, not only
# wording, varies by seed within the archetype).
TEMPER = 0.04
SAFETY_FIRST = {"anger": -0.15, "trust": 0.12}
DISMISSED = {"anger": 0.2, "trust": -0.1, "willingness": -0.1}
# Pressed on after saying "not tonight" at a late hour.
PRESSED_AFTER_NO = {"anger": 0.2, "trust": -0.15, "willingness": -0.1}
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
    guarantor: bool = False  # the third party speaking guaranteed the debt (engine/third_party.py)

    def state_dict(self) -> dict[str, float]:
        return self.state.to_dict()


def insults(text: str) -> bool:
    """A debtor's line that insults the collector (a softened scenario's debtor avoids these, issue 21)."""
    return "insult" in read_listener(text).provocations


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
        self._call = CallState.from_dict(memory.call)  # this turn's conversation state (saved in memory)

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

    def read(self, text: str) -> Analysis:
        """Analyse the collector's line in this call's context (what the debtor just said)."""
        return analyze(text, heard=self.memory.heard)

    @property
    def call_state(self) -> CallState:
        return CallState.from_dict(self.memory.call)

    def respond(self, text: str, analysis: Analysis | None = None) -> Reply:
        if self.ended:
            raise RuntimeError("the debtor has hung up")
        analysis = analysis or self.read(text)
        mem = self.memory
        state = CallState.from_dict(mem.call)
        state.after_collector(analysis)
        self._call = state
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
            state.on_line = "third_party"
            reply = self._third_party_turn(analysis, rng)
        else:
            state.on_line = "debtor"
            reply = self._debtor_turn(analysis, rng)
        mem.last_moves = list(analysis.moves)
        mem.heard = reply.text
        mem.call = state.to_dict()
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
        mem, card, state = self.memory, self.card, self._call
        despairing = read_listener(mem.heard).despairing if mem.heard else False
        before = mem.state
        after = react(card, before, analysis, self.scenario.stage, mem.used_keys)
        # A seed's temper also sets how strongly this debtor reacts (±12 %): the same line moves
        # two debtors of one archetype a little differently.
        scale = 1 + 3 * self._temper()
        mem.state = before.shifted({k: (getattr(after, k) - getattr(before, k)) * scale
                                    for k in ("anger", "trust", "willingness")})
        mem.state = self._mirrored(analysis, state)
        if despairing:
            # After "我连死的心都有了" the person comes first: a safety-first reply calms, anything
            # else (money, consequences, a brush-off) hurts (grading/welfare.py judges the same line).
            cared = analysis.reading.safety_first and not analysis.violations
            mem.state = mem.state.shifted(SAFETY_FIRST if cared else DISMISSED)
        for key in reaction_keys(analysis):
            mem.used_keys[key] = mem.used_keys.get(key, 0) + 1
        if mem.late_declined and not (wraps_up(analysis.text) or asks_to_continue(analysis.text)
                                      or "closing" in analysis.moves):
            # She said "太晚了,明天再说" and the collector goes on: she says it again, more sharply,
            # and hangs up when it goes on (2026 guideline: no collection after 22:00 without consent).
            mem.state = mem.state.shifted(PRESSED_AFTER_NO)
            if mem.state.anger >= card.thresholds.hang_up_anger:
                mem.outcome = "hung_up"
                return self._say("hanging_up", rng, analysis=analysis, events=("late_declined", "hung_up"))
            return self._say("answer_late_no", rng, analysis=analysis, events=("late_declined",))
        events: list[str] = []
        agreed_now = False
        too_much = False
        th = card.thresholds
        if mem.state.anger >= th.hang_up_anger:
            mem.outcome = "hung_up"
            events.append("hung_up")
        elif mem.outcome not in AGREED and (set(analysis.moves) & set(ASKS) or self._proposes(analysis)):
            too_much = self._asks_too_much(analysis)
            if not too_much and self._agreement_earned(analysis):
                agreed_now = True
                offer = state.concrete_offer() or {}
                mem.outcome = "payment_plan" if offer.get("kind") == "instalment" else "promise_to_pay"
                # The debtor restates the collector's own offer: its amount and date, nothing invented.
                mem.agreed_amount = offer.get("amount") or mem.proposal_amount
                mem.agreed_date = offer.get("date") or mem.proposal_date
                state.commitments.append({"kind": mem.outcome, "amount": mem.agreed_amount, "date": mem.agreed_date,
                                          "turn": state.collector_turns})
                events.append("agreement")
        if mem.outcome in ("none", "refused") and not agreed_now:
            refusing = mem.state.anger >= th.refuse_anger and mem.state.willingness <= th.refuse_willingness
            mem.outcome = "refused" if refusing else "none"
        if mem.outcome == "refused" and not agreed_now:
            state.refusals += 1
        topic = answers.topic_to_answer(analysis.reading.questions)
        intent = debtor_intent(card, mem, analysis, agreed_now=agreed_now, too_much=too_much, rng=rng,
                               question=topic)
        asked_identity = analysis.reading.identity
        if intent == "identity_confirm" and mem.identified:
            mem.identity_confirmed = True
        if asked_identity and intent == "identity_confirm":
            # The debtor answers a check from someone who said who they are; with proof asked for,
            # the reply gives the ID digits (from the case file).
            state.identity = "verified" if asked_identity == "proof" or state.identity == "verified" else "confirmed_name"
            reply = self._say(intent, rng, analysis=analysis, events=tuple(events))
            if asked_identity == "proof":
                reply = Reply(**{**reply.__dict__, "text": f"{self.scenario.case_file.id_last4}。{reply.text}"})
            return reply
        if intent == "answer" and topic is not None:
            answered = self._answer(topic, analysis, rng, events=tuple(events))
            if answered is not None:
                return answered
            intent = debtor_intent(card, mem, analysis, agreed_now=agreed_now, too_much=too_much, rng=rng)
        return self._say(intent, rng, analysis=analysis, events=tuple(events))

    @staticmethod
    def _proposes(analysis: Analysis) -> bool:
        """"10月28日把7376元一次还上,可以吗?" asks for a commitment without the stock words."""
        offer = analysis.reading.offer
        return bool(offer and offer.get("amount") and offer.get("date"))

    def _mirrored(self, analysis: Analysis, state: CallState) -> State:
        """Empathy that mirrors the debtor's own situation moves trust more than the card's stock
        reaction; each further mirrored line a little less."""
        if analysis.reading.empathy != "specific" or analysis.violations:
            return self.memory.state
        factor = MIRROR_DECAY ** max(0, state.specific_empathy - 1)
        return self.memory.state.shifted({k: v * factor for k, v in MIRROR_BONUS.items()})

    def _temper(self) -> float:
        """This debtor's temper under this seed, in [-TEMPER, TEMPER]: positive is readier."""
        return self._traits_rng().uniform(-TEMPER, TEMPER)

    def _traits_rng(self) -> random.Random:
        """Per-seed traits of this debtor (how soon they open up, how ready to agree), fixed for the
        whole call: draw them in the same order every time."""
        return random.Random(f"{self.seed}:{self.scenario.id}:traits")

    def _answer(self, topic: str, analysis: Analysis, rng: random.Random, *, events: tuple[str, ...]) -> Reply | None:
        mem, state = self.memory, self._call
        truth, cf = self.scenario.hidden_truth, self.scenario.case_file
        open_up = answers.opens_up(self.card.archetype, mem.state, self._traits_rng())
        intent = answers.answer_intent(topic, open_up=open_up, can_pay_full=truth.can_pay_now >= cf.overdue_amount)
        # A loan offer ("我朋友说今天就能借我") is made once, first, and only where the case has one.
        lines = topics.loan_offer_first(bank.candidates(self.card.bank, intent, mem.state.mood), self._case_text(),
                                        mem.used_lines)
        line = answers.pick(intent, lines, mem.used_lines, rng)
        if line is None:
            return None
        if intent in ("choose_full", "answer_choice") and state.offers:
            # The debtor's pick between the options on the table decides what kind of promise it is.
            state.offers[-1]["kind"] = "full" if intent == "choose_full" else "instalment"
        if intent == "answer_late_no":
            mem.late_declined = True
        if intent != "dodge":
            state.answer(topic)
            if topic in ("amount", "date"):
                state.reveal("can_pay_now" if topic == "amount" else "earliest_date")
        mem.used_lines.append(line)
        return Reply(speaker="debtor", text=bank.fill(line, self._values()), intent=intent, state=mem.state,
                     outcome=mem.outcome, ended=False, analysis=analysis, events=events)

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
        rule, mem, call_state = self.card.agreement, self.memory, self._call
        s = mem.state
        # What any debtor needs before saying yes: a caller who checked who they are talking to, a
        # stated amount, and a concrete offer (amount and date) on the table.
        if not call_state.identity_checked or call_state.concrete_offer() is None:
            return False
        # This debtor's own temper today (fixed per seed): a little readier or warier than the card.
        give = self._temper()
        if (s.willingness < rule.min_willingness + give or s.trust < rule.min_trust + give
                or s.anger > rule.max_anger - give):
            return False
        if mem.turn < rule.min_turns:
            return False
        offer = call_state.concrete_offer() or {}
        # Restating what the debtor said they can find is a plan of the debtor's own making.
        own_plan = "can_pay_now" in call_state.revealed and (offer.get("amount") or 0) <= self.scenario.hidden_truth.can_pay_now
        for group in rule.required_moves:
            if own_plan and "offer_plan" in group:
                continue
            if not any(mem.used_keys.get(m, 0) for m in group):
                return False
        if rule.needs_specifics:
            named_now = bool(analysis.amounts or analysis.dates)
            if not (named_now and mem.proposal_amount is not None and mem.proposal_date is not None):
                return False
        return True

    # -- third party --------------------------------------------------------------------------
    @property
    def guarantor_on_line(self) -> bool:
        """The third party who answered is the debt's guarantor (named in the case file)."""
        return self.memory.speaker == "third_party" and third_party.is_guarantor(
            self.scenario.third_party, self.scenario.case_file.guarantor)

    def _third_party_turn(self, analysis: Analysis, rng: random.Random) -> Reply:
        mem = self.memory
        tp = self.scenario.third_party
        assert tp is not None
        guarantor = self.guarantor_on_line
        mem.state = third_party.react(mem.state, analysis, deceased=tp.borrower_deceased,
                                      liable=mem.guarantee_confirmed)
        for key in reaction_keys(analysis):
            mem.used_keys[key] = mem.used_keys.get(key, 0) + 1
        if not mem.guarantee_confirmed and ("disclose_debt" in analysis.moves or third_party.asks_to_collect(analysis)
                                            or "third_party_disclosure" in analysis.categories):
            mem.disclosed = True
        if guarantor and mem.identified and third_party.asks_guarantee(analysis) and not analysis.violations:
            mem.guarantee_confirmed = True  # asked by a caller who said who they are: "对,我是他的担保人"
        intent, outcome = third_party.intent(tp, mem, analysis, guarantor=guarantor)
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

    def _case_text(self) -> str:
        cf, truth = self.scenario.case_file, self.scenario.hidden_truth
        return topics.case_text(cf.occupation, cf.notes, cf.product, " ".join(c.result for c in cf.contact_history),
                                truth.real_reason, " ".join(truth.secrets), " ".join(truth.what_moves_them))

    def _said_topics(self, analysis: Analysis | None) -> frozenset[str]:
        """What the collector has brought up so far in this call (a reply may only pick these up)."""
        keys = self.memory.used_keys
        now = set(analysis.moves) | set(analysis.categories) if analysis else set()
        return topics.raised(keys, now, self._call.stated_overdue)

    def _say(
        self, intent: str, rng: random.Random, *, analysis: Analysis | None = None, events: tuple[str, ...]
    ) -> Reply:
        mem = self.memory
        speaking_tp = mem.speaker == "third_party"
        source = self.tp_card.bank if speaking_tp and self.tp_card else self.card.bank
        said = self._said_topics(analysis)
        case = self._case_text()
        softened = self.scenario.intensity == "softened" and not speaking_tp
        chosen, line = bank.pick(source, intent, mem.state.mood, rng, mem.used_lines,
                                 allowed=lambda text: topics.fits(text, said) and topics.fits_case(text, case)
                                 and not (softened and insults(text)))
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
            guarantor=speaking_tp and self.guarantor_on_line,
        )
