"""Preview a persona card before it is published: talk to the draft as a trainee would, see the engine.

Stateless by design (the service may run several workers): the browser sends the draft card, the
context (a stage or a scenario), the seed and every collector line so far; the conversation is
replayed from the start with the same ``Conversation`` the practice loop uses — the engine is
deterministic per seed and turn, so the replay gives exactly the replies already shown, plus the new
one. Only the last reply is voiced by the LLM when one is configured, with the same voice service
(and the same offline fallback) as a practice turn. Nothing is stored: a preview is never a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.core.errors import InvalidInput, NotFound
from simulator.engine.conversation import Conversation, Reply
from simulator.engine.history import Line
from simulator.engine.reactions import matching
from simulator.llm.base import ChatProvider
from simulator.practice.service import check_message
from simulator.practice.voice import Plan, voice_text

STAGES = ("M1", "M2", "M3", "M4")
MAX_LINES = 60  # a preview is a few turns; the replay stays cheap
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Context:
    scenario: Scenario
    based_on: str  # the catalog scenario whose case file the preview borrows
    stage: str


@dataclass
class PreviewTurn:
    speaker: str
    text: str
    intent: str
    mood: str
    state: dict[str, float]
    outcome: str
    events: list[str]
    collector: str | None = None
    moves: list[str] = field(default_factory=list)
    pressure: int | None = None
    violations: list[str] = field(default_factory=list)
    fired: list[dict[str, Any]] = field(default_factory=list)  # the card's reactions this line set off
    fallback: bool = False
    fallback_reason: str | None = None


@dataclass
class Preview:
    context: Context
    seed: int
    opening: PreviewTurn
    turns: list[PreviewTurn]
    outcome: str
    ended: bool
    agreed_amount: int | None
    agreed_date: str | None
    provider: str = "offline"

    def to_dict(self) -> dict[str, Any]:
        return {
            "context": {"scenario": self.context.scenario.id, "based_on": self.context.based_on,
                        "stage": self.context.stage},
            "seed": self.seed, "opening": asdict(self.opening), "turns": [asdict(t) for t in self.turns],
            "outcome": self.outcome, "ended": self.ended, "provider": self.provider,
            "agreement": ({"amount": self.agreed_amount, "date": self.agreed_date}
                          if self.outcome in ("promise_to_pay", "payment_plan") else None),
        }


def _stand_in(catalog: Catalog, card: PersonaCard, stage: str) -> Scenario | None:
    """A catalog scenario to borrow a case file from: this card's own at that stage, else the same
    archetype's, else any plain scenario (never one where a third party answers)."""
    plain = [s for s in catalog.scenarios.values() if s.third_party is None]
    archetype_of = {pid: p.archetype for pid, p in catalog.personas.items()}
    for matches in (
        lambda s: s.persona == card.id and s.stage == stage,
        lambda s: s.persona == card.id,
        lambda s: archetype_of.get(s.persona) == card.archetype and s.stage == stage and s.situation == "none",
        lambda s: archetype_of.get(s.persona) == card.archetype,
        lambda s: s.stage == stage and s.situation == "none",
        lambda s: True,
    ):
        found = [s for s in plain if matches(s)]
        if found:
            return sorted(found, key=lambda s: (s.difficulty, s.id))[0]
    return None


def resolve_context(catalog: Catalog, card: PersonaCard, *, stage: str = "", scenario_id: str = "") -> Context:
    """The scenario the draft plays in: an existing scenario as it is, or a stage with a borrowed case file."""
    if scenario_id:
        scenario = catalog.scenario(scenario_id)
        if scenario is None:
            raise NotFound(f"scenario: unknown scenario {scenario_id!r}", field="scenario")
        return Context(scenario=scenario.model_copy(update={"persona": card.id}), based_on=scenario.id,
                       stage=scenario.stage)
    stage = stage or "M1"
    if stage not in STAGES:
        raise InvalidInput(f"stage: must be one of {', '.join(STAGES)}", field="stage")
    base = _stand_in(catalog, card, stage)
    if base is None:
        raise NotFound("scenario: the catalog has no scenario to borrow a case file from", field="scenario")
    scenario = base.model_copy(update={"persona": card.id, "stage": stage, "initial_state": None})
    return Context(scenario=scenario, based_on=base.id, stage=stage)


def check_lines(lines: Sequence[Any], *, max_chars: int) -> list[str]:
    if len(lines) > MAX_LINES:
        raise InvalidInput(f"lines: a preview holds at most {MAX_LINES} collector lines", field="lines")
    return [check_message(line, max_chars=max_chars) for line in lines]


def _turn(reply: Reply) -> PreviewTurn:
    return PreviewTurn(speaker=reply.speaker, text=reply.text, intent=reply.intent, mood=reply.state.mood,
                       state=reply.state_dict(), outcome=reply.outcome, events=list(reply.events))


def replay(catalog: Catalog, card: PersonaCard, context: Context, lines: Sequence[str], seed: int
           ) -> tuple[Conversation, Preview]:
    """Play the opening and every line against the card; stops early if the debtor hangs up."""
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"seed: must be between 0 and {MAX_SEED}", field="seed")
    scenario = context.scenario
    tp_card = None
    if scenario.third_party is not None:
        tp_card = catalog.third_parties.get(scenario.third_party.card)
        if tp_card is None:
            raise NotFound(f"third_party.card: unknown third-party card {scenario.third_party.card!r}")
    convo = Conversation(scenario, card, seed=seed, third_party_card=tp_card)
    opening = _turn(convo.open())
    turns: list[PreviewTurn] = []
    for line in lines:
        if convo.ended:
            break
        analysis = convo.read(line)  # the practice loop's analyzer, in context, as prepare_turn calls it
        before, speaker = convo.memory.state, convo.memory.speaker
        reply = convo.respond(line, analysis)
        turn = _turn(reply)
        turn.collector = line
        turn.moves, turn.pressure = list(analysis.moves), analysis.pressure
        turn.violations = list(analysis.categories)
        if speaker == "debtor":
            turn.fired = [{"on": key, "delta": dict(r.delta), "note": r.note}
                          for key, r in matching(card, before, analysis, scenario.stage)]
        turns.append(turn)
    mem = convo.memory
    preview = Preview(context=context, seed=seed, opening=opening, turns=turns, outcome=mem.outcome,
                      ended=convo.ended, agreed_amount=mem.agreed_amount, agreed_date=mem.agreed_date)
    return convo, preview


async def voice_last(provider: ChatProvider, convo: Conversation, preview: Preview, *, budget: int,
                     temperature: float) -> None:
    """Let the model say the last reply (the engine already decided it); the offline line stays on failure."""
    if not preview.turns:
        return
    last = preview.turns[-1]
    reply = Reply(speaker=last.speaker, text=last.text, intent=last.intent, state=convo.memory.state,
                  outcome=last.outcome, ended=convo.ended)
    context = [Line(preview.opening.speaker, preview.opening.text)]
    for turn in preview.turns[:-1]:
        context += [Line("collector", turn.collector or "", tuple(turn.moves)), Line(turn.speaker, turn.text)]
    plan = Plan(convo=convo, reply=reply, context_lines=context, message=last.collector or "", budget=budget)
    voiced = await voice_text(provider, plan, temperature=temperature)
    last.text, last.fallback, last.fallback_reason = voiced.text, voiced.fallback, voiced.fallback_reason
    preview.provider = provider.name
