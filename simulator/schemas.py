"""Public API shapes that are not tables (design §7 contracts)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from simulator.persistence.models import PracticeSessionPublic, TurnPublic


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class ScenarioSummary(BaseModel):
    id: str
    persona: str
    archetype: str
    stage: str
    difficulty: int
    title: str
    situation: str
    brief: str


class StartSession(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario_id: str = Field(min_length=1, max_length=80)


class SendTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Length and emptiness are checked by the service so the error names the field the same way
    # for the API, the browser and the CLI.
    text: str = Field(max_length=20000)


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


class SessionDetail(PracticeSessionPublic):
    transcript: list[TurnPublic]
    grade: dict[str, Any] | None = None
    summary: dict[str, Any] | None = None
