"""Pydantic models for the authored documents: persona cards, the third-party role card and scenarios.

Every document is strict (``extra="forbid"``) and versioned (``spec``, ``spec_version``); an
``extensions`` map is preserved on round-trip so other tools can attach data without breaking
validation (design §9 rule 7).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ARCHETYPES = ("provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser")
Archetype = Literal["provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser"]
Stage = Literal["M1", "M2", "M3", "M4"]
Mood = Literal["calm", "tense", "hostile"]
MOODS: tuple[str, ...] = ("calm", "tense", "hostile")
INTENSITIES: tuple[str, ...] = ("full", "softened")  # a scenario's debtor: as written, or without insults

# What the debtor (or the third party) can say. The engine picks one intent per reply.
DEBTOR_INTENTS: tuple[str, ...] = (
    "opening",  # picks up the phone
    "unidentified",  # the caller has not said who they are
    "identity_confirm",  # answers "are you X?"
    "venting",  # lets off steam about the lender, the calls, life
    "excuse",  # a reason for not paying now
    "sad_story",  # hardship told with emotion
    "deflection",  # changes the subject, stalls, "I'm busy"
    "challenge",  # questions the collector's right, amount, fees
    "legal_bravado",  # "go ahead and sue me"
    "finance_talk",  # cash flow, income, other debts
    "softening",  # anger easing, starts to listen
    "negotiating",  # asks for less, later, instalments
    "promising",  # a promise without firm specifics
    "agreeing",  # accepts a promise to pay: amount + date ({agreed_amount}, {agreed_date})
    "plan_agreeing",  # accepts an instalment / partial-payment plan
    "confirm_details",  # repeats back agreed amount/date after agreement
    "refusing",  # flat refusal
    "hanging_up",  # last line before hanging up
    "threat_reaction",  # reacts to a threat
    "insult_reaction",  # reacts to an insult
    "disclosure_reaction",  # reacts to a threat to tell family/employer/contacts
    "deception_reaction",  # reacts to fake police/court, invented fees, false legal claims
    "pressure_reaction",  # reacts to lawful consequences (credit report, lawsuit)
    "empathy_reaction",  # responds to being listened to / understood
    "closing",  # says goodbye when the collector closes
    "filler",  # short acknowledgement when nothing else fits
    "silence",  # call mode: the collector has gone quiet too long ("喂?还在吗?"); optional
    # answers to direct questions (engine/answers.py); a card without them gets built-in lines
    "answer_amount",  # how much they can find: {can_pay}
    "answer_date",  # when the money comes in: {pay_date}
    "answer_income",  # what they earn and spend, no figures
    "answer_contact_time",  # when they can be reached
    "answer_choice",  # picks instalments of two options offered
    "choose_full",  # picks paying in full (when they can)
    "dodge",  # won't answer the question yet, in the archetype's style
    "answer_late_ok",  # asked at a late hour whether to go on now: yes
    "answer_late_no",  # …: not tonight, call in the daytime
)

THIRD_PARTY_INTENTS: tuple[str, ...] = (
    "opening",  # answers the phone
    "ask_who",  # "who is this, what is it about?"
    "refuse_info",  # won't give out the borrower's whereabouts
    "pass_message",  # agrees to pass on a callback request
    "curious",  # presses for details about the debt
    "disclosure_reaction",  # upset the collector told them about the debt
    "hostile_reaction",  # reacts to threats / insults
    "deceased_news",  # says the borrower has died
    "grief",  # grief / anger at being asked for money after a death
    "documents",  # agrees to provide documents (death certificate etc.)
    "estate_talk",  # talks about the estate / whether the family will settle
    "estate_agree",  # agrees a plan to settle from the estate
    "handover",  # fetches the borrower to the phone
    "closing",
    "filler",
    "silence",  # call mode: the caller has gone quiet too long; optional
    "hanging_up",  # call mode: gives up on a silent caller and hangs up; optional
)

Delta = dict[Literal["anger", "trust", "willingness"], float]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class LocalText(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class AffectState(Strict):
    anger: float = Field(ge=0, le=1)
    trust: float = Field(ge=0, le=1)
    willingness: float = Field(ge=0, le=1)


class SeedNotes(Strict):
    """The seed's own words (001): they become study notes and the grader's expectations."""

    source: str = Field(min_length=1, description="seed file the quotes come from")
    features: str = Field(min_length=1)
    example: str = Field(min_length=1)
    coping: list[str] = Field(min_length=1)
    coping_en: list[str] | None = Field(default=None, description="the coping lines in English, for the English UI")
    success_factor: str | None = None


class Condition(Strict):
    """All given bounds must hold against the state *before* the turn is applied."""

    anger_gte: float | None = None
    anger_lt: float | None = None
    trust_gte: float | None = None
    trust_lt: float | None = None
    willingness_gte: float | None = None
    willingness_lt: float | None = None
    stage_in: list[Stage] | None = None


class Reaction(Strict):
    """How one collector move (or violation category, or pressure level) shifts the state."""

    on: str = Field(min_length=1, description="a move, a violation category, or pressure:N")
    when: Condition | None = None
    delta: Delta
    note: str | None = Field(default=None, description="why, in terms of the seed's coping technique")


class AgreementRule(Strict):
    """When the debtor will agree, the way the seed says this archetype must be handled."""

    min_willingness: float = Field(ge=0, le=1)
    min_trust: float = Field(ge=0, le=1)
    max_anger: float = Field(ge=0, le=1)
    # Each entry is a group of alternatives; at least one move of every group must have been made
    # at some point in the session before agreement is possible.
    required_moves: list[list[str]] = Field(default_factory=list)
    # Moves that must appear in the agreeing turn itself (e.g. a concrete amount and date).
    needs_specifics: bool = Field(
        default=False, description="agreement only when the collector names an amount and a date"
    )
    min_turns: int = Field(default=2, ge=1)


class Thresholds(Strict):
    hang_up_anger: float = Field(ge=0, le=1)
    refuse_anger: float = Field(ge=0, le=1)
    refuse_willingness: float = Field(ge=0, le=1)


UtteranceBank = dict[str, dict[str, list[str]]]


def _check_bank(bank: UtteranceBank, intents: tuple[str, ...], required: tuple[str, ...]) -> UtteranceBank:
    for intent, by_mood in bank.items():
        if intent not in intents:
            raise ValueError(f"unknown intent {intent!r}; known: {', '.join(intents)}")
        for mood, lines in by_mood.items():
            if mood not in (*MOODS, "any"):
                raise ValueError(f"bank.{intent}: unknown mood {mood!r} (calm, tense, hostile, any)")
            for i, line in enumerate(lines):
                if not line.strip():
                    raise ValueError(f"bank.{intent}.{mood}[{i}] is empty")
    missing = [i for i in required if not any(bank.get(i, {}).values())]
    if missing:
        raise ValueError(f"bank has no lines for required intents: {', '.join(missing)}")
    return bank


class VoiceProfile(Strict):
    gender: Literal["male", "female", "any"] = "any"
    style: str = Field(min_length=1, description="how this debtor talks, for authors and the LLM")
    max_chars: int = Field(default=80, ge=10, le=400)


class PersonaCard(Strict):
    spec: Literal["collector-sim/persona"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,48}$")]
    archetype: Archetype
    name: LocalText
    summary: LocalText
    seed: SeedNotes
    voice: VoiceProfile
    initial_state: AffectState
    thresholds: Thresholds
    reactions: list[Reaction] = Field(min_length=1)
    agreement: AgreementRule
    bank: UtteranceBank
    trainer_notes: str | None = Field(default=None, description="author-only; never reaches a prompt")
    tags: list[str] = Field(default_factory=list)
    extensions: dict[str, Any] = Field(default_factory=dict)

    @field_validator("bank")
    @classmethod
    def _bank(cls, bank: UtteranceBank) -> UtteranceBank:
        return _check_bank(
            bank,
            DEBTOR_INTENTS,
            ("opening", "excuse", "agreeing", "refusing", "hanging_up", "threat_reaction", "filler"),
        )

    @model_validator(mode="after")
    def _reactions_known(self) -> PersonaCard:
        from simulator.analysis.vocabulary import REACTION_KEYS

        for i, r in enumerate(self.reactions):
            if r.on not in REACTION_KEYS:
                raise ValueError(f"reactions[{i}].on: unknown move {r.on!r}")
        for gi, group in enumerate(self.agreement.required_moves):
            for m in group:
                if m not in REACTION_KEYS:
                    raise ValueError(f"agreement.required_moves[{gi}]: unknown move {m!r}")
        return self

    def line_count(self) -> int:
        return len({line for by_mood in self.bank.values() for lines in by_mood.values() for line in lines})


class ThirdPartyCard(Strict):
    """Lines for whoever answers instead of the borrower (relative, colleague, flatmate)."""

    spec: Literal["collector-sim/third-party"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,48}$")]
    name: LocalText
    bank: UtteranceBank
    extensions: dict[str, Any] = Field(default_factory=dict)

    @field_validator("bank")
    @classmethod
    def _bank(cls, bank: UtteranceBank) -> UtteranceBank:
        return _check_bank(bank, THIRD_PARTY_INTENTS, ("opening", "ask_who", "pass_message", "filler"))


class ContactRecord(Strict):
    date: str = Field(min_length=1)
    channel: str = Field(min_length=1)
    result: str = Field(min_length=1)


class CaseFile(Strict):
    """What the collector's system shows the trainee."""

    debtor_name: str = Field(min_length=1)
    gender: Literal["male", "female"]
    age: int = Field(ge=18, le=100)
    phone: str = Field(min_length=4, description="masked, e.g. 138****2046")
    id_last4: str = Field(pattern=r"^[0-9X]{4}$")
    lender: str = Field(min_length=1)
    product: str = Field(min_length=1)
    principal: int = Field(gt=0, description="yuan")
    overdue_amount: int = Field(gt=0, description="yuan due now")
    days_overdue: int = Field(ge=1)
    due_date: str = Field(min_length=1, description="the missed due date, as the system shows it")
    occupation: str | None = None
    contact_history: list[ContactRecord] = Field(default_factory=list)
    guarantor: str | None = None
    notes: str | None = None


class HiddenTruth(Strict):
    """What the trainee does not see: the debtor's reality."""

    real_reason: str = Field(min_length=1)
    ability_to_pay: Literal["none", "low", "partial", "full"]
    willingness: Literal["low", "medium", "high"]
    can_pay_now: int = Field(ge=0, description="most the debtor could pay within a week, yuan")
    earliest_date: str = Field(min_length=1, description="earliest realistic payment date, in words")
    what_moves_them: list[str] = Field(min_length=1)
    secrets: list[str] = Field(default_factory=list)


class ThirdParty(Strict):
    relation: str = Field(min_length=1, description="e.g. 妻子, 母亲, 同事")
    name: str = Field(min_length=1)
    card: str = Field(default="third_party", description="id of the third-party role card")
    borrower_deceased: bool = False
    hands_over: bool = Field(
        default=False, description="fetches the borrower to the phone when the caller is discreet"
    )


class Objective(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,48}$")]
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


SITUATIONS = (
    "none",
    "broken_promises",
    "complaint",
    "deceased",
    "no_ability_short",
    "no_ability_long",
    "third_party",
    "no_answer",
)

# Calls are placed between 08:00 and 22:00 unless the debtor has agreed otherwise: 中国银行业协会《金融机构个人
# 消费类贷款催收工作指引（试行）》(2026) and GB/T 45251-2025 both bar collection from 22:00 to 08:00 without that
# agreement (harassment, design §5). The older industry habit of 21:00 stays in the rule pack's wording.
CALLING_HOURS = ("08:00", "22:00")
_HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def minutes_of(hhmm: str) -> int:
    """Minutes since midnight of an ``HH:MM`` time."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


class TimeWindow(Strict):
    start: Annotated[str, Field(pattern=_HHMM)]
    end: Annotated[str, Field(pattern=_HHMM)]

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if minutes_of(self.end) <= minutes_of(self.start):
            raise ValueError(f"end: {self.end} must be later than start {self.start}")
        return self

    def contains(self, hhmm: str) -> bool:
        return minutes_of(self.start) <= minutes_of(hhmm) < minutes_of(self.end)


class AnswerPlan(Strict):
    """Who picks up a phone-mode call, and on which attempt (seed 000 (5) 暂时无应答的: "在不同时间段拨打,
    或以短信方式联系"; seed 003: 无人接听的 "选取不同的时间段继续联系", e.g. after work).

    Attempt n is answered when n >= ``answers_on_attempt``, ``picks_up`` is not ``no_answer`` and the
    attempt's time of day falls in one of the ``reachable`` windows (none listed: any time). The
    trainee's first dial happens at ``first_call_at`` on the scenario's day; they choose when to redial.
    """

    picks_up: Literal["debtor", "third_party", "no_answer"] = "debtor"
    answers_on_attempt: int = Field(default=1, ge=1, le=6)
    reachable: list[TimeWindow] = Field(default_factory=list)
    first_call_at: Annotated[str, Field(pattern=_HHMM)] = "10:00"
    min_redial_minutes: int = Field(default=60, ge=0, le=24 * 60, description="a sooner redial is calling too often")
    # 中国银行业协会 2026 collection guideline: an unanswered contact is dialled at most 6 times a day
    max_attempts_per_day: int = Field(default=3, ge=1, le=6, description="more attempts in a day is harassment "
                                                                          "(at most 6 under the 2026 guideline)")

    agreed_hours: list[TimeWindow] = Field(
        default_factory=list, description="times outside 08:00–22:00 the debtor has agreed, on record, to be called")

    def agreed(self, at: str) -> bool:
        """The debtor's recorded agreement covers a call at ``at``."""
        return any(w.contains(at) for w in self.agreed_hours)

    def answers(self, attempt: int, at: str) -> bool:
        if self.picks_up == "no_answer" or attempt < self.answers_on_attempt:
            return False
        return not self.reachable or any(w.contains(at) for w in self.reachable)


class Scenario(Strict):
    spec: Literal["collector-sim/scenario"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,64}$")]
    persona: str = Field(min_length=1)
    stage: Stage
    difficulty: int = Field(ge=1, le=3)
    situation: Literal[
        "none", "broken_promises", "complaint", "deceased", "no_ability_short", "no_ability_long", "third_party",
        "no_answer",
    ] = "none"
    title: LocalText
    brief: LocalText
    case_file: CaseFile
    hidden_truth: HiddenTruth
    objectives: list[Objective] = Field(min_length=1)
    third_party: ThirdParty | None = None
    answer: AnswerPlan | None = Field(default=None, description="phone mode: who picks up, on which attempt")
    initial_state: AffectState | None = Field(default=None, description="overrides the card's")
    intensity: Literal["full", "softened"] = Field(
        default="full", description="how abusive the debtor may be (issue 21): softened keeps the anger and the "
                                    "pushback but avoids the lines that insult the collector")
    trainer_notes: str | None = None
    tags: list[str] = Field(default_factory=list)
    extensions: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _third_party_consistent(self) -> Scenario:
        if self.situation in ("deceased", "third_party") and self.third_party is None:
            raise ValueError(f"third_party: required for situation {self.situation!r}")
        if self.situation == "deceased" and self.third_party and not self.third_party.borrower_deceased:
            raise ValueError("third_party.borrower_deceased: must be true for situation 'deceased'")
        plan = self.answer
        if plan is not None and plan.picks_up != "no_answer" and (
                (plan.picks_up == "third_party") != (self.third_party is not None)):
            raise ValueError("answer.picks_up: 'third_party' exactly when the scenario has a third_party")
        if self.situation == "no_answer" and (plan is None or plan.answers(1, plan.first_call_at)):
            raise ValueError("answer: situation 'no_answer' needs a plan where the first call is not answered")
        return self

    def call_only(self) -> bool:
        """Nobody picks up the first call: the scenario is about dialing, so only call mode can play it."""
        plan = self.answer
        return plan is not None and not plan.answers(1, plan.first_call_at)

    def answer_plan(self) -> AnswerPlan:
        """The plan of this scenario, or the usual one: whoever is on the case picks up the first call."""
        if self.answer is not None:
            return self.answer
        return AnswerPlan(picks_up="third_party" if self.third_party is not None else "debtor")
