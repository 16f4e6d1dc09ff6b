"""Public API shapes that are not tables (design §7 contracts)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.db.models import GradeOverridePublic, PracticeSessionPublic, TurnCommentPublic, TurnPublic
from simulator.practice.timing import MAX_CALL_MS, TurnTiming


class ScenarioSummary(BaseModel):
    id: str
    persona: str
    archetype: str
    stage: str
    difficulty: int
    title: str
    situation: str
    brief: str
    call_only: bool = False  # nobody answers the first call: call mode only (issue 7)


class StartSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario_id: str = Field(min_length=1, max_length=80)
    mode: Literal["chat", "call"] = "chat"  # call: the phone-call page (issue 7)
    hints: bool = Field(default=False, description="opt in to sparse hints during the call (issue 21)")


class BranchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turn: int = Field(ge=0, description="the transcript index of the trainee's line to say differently")


class HintsSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: bool = Field(description="true: show sparse hints for the rest of this call; false: no more hints")


class HintOut(BaseModel):
    """A hint shown after a reply (issue 21): what to do, in the reader's language, and the training
    material it comes from (the seed's words, in Chinese, and in English when the card has them)."""

    kind: str
    text: str
    coping: str
    coping_en: str | None = None
    source: str


class SendTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Length and emptiness are checked by the service so the error names the field the same way
    # for the API, the browser and the CLI.
    text: str = Field(max_length=20000)
    # Call mode (issue 7): how and when the trainee said it, measured in the browser; all optional.
    input_mode: Literal["spoken", "typed"] | None = None
    call_ms: int | None = Field(default=None, ge=0, le=MAX_CALL_MS, description="start, ms since the call was answered")
    duration_ms: int | None = Field(default=None, ge=0, le=MAX_CALL_MS, description="how long they spoke or typed")
    response_latency_ms: int | None = Field(default=None, ge=0, le=MAX_CALL_MS,
                                            description="end of the debtor's line to the trainee's first word")

    def timing(self) -> TurnTiming:
        return TurnTiming(input_mode=self.input_mode, call_ms=self.call_ms, duration_ms=self.duration_ms,
                          response_latency_ms=self.response_latency_ms)


class SessionStarted(PracticeSessionPublic):
    opening: str | None = None
    opening_speaker: str | None = None


class TurnReply(BaseModel):
    turn: int
    debtor: str
    speaker: str
    state: dict[str, float]
    outcome: str
    ended: bool
    events: list[str] = []
    fallback: bool = False  # an LLM was configured but the offline engine answered this turn
    interrupt: bool = False  # call mode: the turn provoked the debtor, who cuts in at once (issue 7)
    clock: str | None = None  # the simulated time of day after this turn, for a scenario set at a time
    hint: HintOut | None = None  # the trainee opted in and the call's state called for one (issue 21)


class SilenceReport(BaseModel):
    """Call mode: the line has been quiet this long; the debtor checks ("喂?还在吗?") or hangs up."""

    model_config = ConfigDict(extra="forbid")
    waited_ms: int = Field(ge=0, le=MAX_CALL_MS)
    call_ms: int | None = Field(default=None, ge=0, le=MAX_CALL_MS, description="ms since the call was answered")


class SpeakRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1000)
    gender: Literal["male", "female", "any"] = "any"
    mood: Literal["calm", "tense", "hostile"] = "calm"


class SessionDetail(PracticeSessionPublic):
    transcript: list[TurnPublic]
    grade: dict[str, Any] | None = None
    summary: dict[str, Any] | None = None
    # Trainer review (issue 5): the trainer's override of the current grade (the grade above is kept as
    # computed) and comments on single turns.
    grade_override: GradeOverridePublic | None = None
    comments: list[TurnCommentPublic] = []


class FieldError(BaseModel):
    field: str
    message: str
    line: int | None = None


class ErrorOut(BaseModel):
    """Every error answer of the API: ``detail`` names the field first ("cohort_id: unknown cohort 7"), or
    lists problems (a catalog document: field, YAML line, message); ``errors`` itemises a 422."""

    detail: str | list[FieldError]
    errors: list[FieldError] | None = None


def error_responses() -> dict[int | str, dict[str, Any]]:
    """The error answers every route may give, documented once for the whole API (issue 18)."""
    described = {400: "bad request", 401: "not logged in, or the token expired", 403: "the role may not do this",
                 404: "no such object (or not yours)", 409: "conflicts with the current state",
                 413: "the body is larger than the app accepts", 422: "a field is invalid (named in detail)",
                 429: "too many failed logins; see Retry-After", 503: "the database is unavailable; retry"}
    return {code: {"model": ErrorOut, "description": text} for code, text in described.items()}


class TraineeFeedback(BaseModel):
    """What the trainee is shown of a review: the trainer's override of the current grade, and comments."""

    grade_override: GradeOverridePublic | None = None
    comments: list[TurnCommentPublic] = []
