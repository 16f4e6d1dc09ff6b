"""API shapes of the LLM admin pages (issue 3) that are not tables."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class LLMStatus(BaseModel):
    configured: bool
    provider: str  # "openai" | "offline"
    model: str | None
    endpoint: str | None  # scheme, host and path only: never a key
    key_set: bool
    connect_timeout: float
    read_timeout: float
    history_token_budget: int


class LLMCheck(BaseModel):
    ok: bool
    provider: str
    model: str | None
    latency_ms: int | None = None
    reply: str | None = None
    error: str | None = None
    reason: str | None = None


class SessionUsage(BaseModel):
    id: str
    username: str
    scenario_id: str
    provider: str
    status: str
    started_at: datetime
    llm_turns: int
    fallbacks: int
    prompt_tokens: int
    completion_tokens: int
    estimated: bool  # some counts are estimates (the server sent no usage)
    cost: float  # prompt and completion tokens at the configured prices
    avg_latency_ms: int | None
    avg_ttft_ms: int | None


class UsageReport(BaseModel):
    currency: str
    price_prompt_per_1k: float
    price_completion_per_1k: float
    sessions: list[SessionUsage]
    total_prompt_tokens: int
    total_completion_tokens: int
    total_cost: float


class GuardReason(BaseModel):
    reason: str  # a code: repeats_line, misses_agreement, timeout, …
    label: str  # the code in the reader's language
    rejected: int  # attempts the guard rejected for this reason
    fallbacks: int  # replies the offline line answered for this reason


class GuardReport(BaseModel):
    """How the output guard and the fallback fared over the newest LLM-attempted replies."""

    turns: int
    clean: int  # the model's first attempt was shown
    regenerated: int  # a rejected first attempt, then the model's second attempt was shown
    fallbacks: int  # the offline line answered
    reasons: list[GuardReason]
