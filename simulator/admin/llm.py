"""Admin use cases for LLM play: what is configured, does it answer, what does it cost.

Admin only (design §1: admins own settings). Every figure shown is computed here so the page and its
JSON twin agree.
"""

from __future__ import annotations

import time
from collections import Counter

from sqlmodel import Session

from simulator.accounts.roles import ensure_role
from simulator.admin.schemas import GuardReason, GuardReport, LLMCheck, LLMStatus, SessionUsage, UsageReport
from simulator.config import Settings
from simulator.db import repository as repo
from simulator.db.models import User
from simulator.llm.base import ChatProvider, ProviderError
from simulator.llm.factory import describe
from simulator.web.i18n import guard_reason_label

PING: list[dict[str, str]] = [{"role": "user", "content": "请只回复一个字:好"}]


def status(user: User, settings: Settings, provider: ChatProvider | None) -> LLMStatus:
    ensure_role(user, "admin")
    return LLMStatus(**describe(settings, provider))


async def ping(provider: ChatProvider | None) -> LLMCheck:
    """A tiny completion: latency of a round trip, or the error (never a key: providers redact)."""
    if provider is None:
        return LLMCheck(ok=False, provider="offline", model=None, error="no LLM is configured", reason="not_configured")
    started = time.perf_counter()
    try:
        done = await provider.complete(PING, temperature=0, max_tokens=8)
    except ProviderError as exc:
        return LLMCheck(ok=False, provider=provider.name, model=provider.model, error=str(exc), reason=exc.reason,
                        latency_ms=round((time.perf_counter() - started) * 1000))
    return LLMCheck(ok=True, provider=provider.name, model=done.model or provider.model,
                    latency_ms=round((time.perf_counter() - started) * 1000), reply=done.text[:40])


async def check(user: User, provider: ChatProvider | None) -> LLMCheck:
    ensure_role(user, "admin")
    return await ping(provider)


def cost_of(settings: Settings, prompt_tokens: int, completion_tokens: int) -> float:
    return round(prompt_tokens / 1000 * settings.llm_price_prompt_per_1k
                 + completion_tokens / 1000 * settings.llm_price_completion_per_1k, 4)


def usage_report(db: Session, user: User, settings: Settings, *, limit: int = 200) -> UsageReport:
    ensure_role(user, "admin")
    sessions = []
    for practice, username, turns, fallbacks, prompt, completion, estimated, latency, ttft in repo.llm_usage_by_session(
        session=db, limit=limit
    ):
        sessions.append(SessionUsage(
            id=practice.id, username=username, scenario_id=practice.scenario_id, provider=practice.provider,
            status=practice.status, started_at=practice.started_at, llm_turns=int(turns or 0),
            fallbacks=int(fallbacks or 0), prompt_tokens=int(prompt or 0), completion_tokens=int(completion or 0),
            estimated=bool(estimated), cost=cost_of(settings, int(prompt or 0), int(completion or 0)),
            avg_latency_ms=round(latency) if latency is not None else None,
            avg_ttft_ms=round(ttft) if ttft is not None else None,
        ))
    total_p = sum(s.prompt_tokens for s in sessions)
    total_c = sum(s.completion_tokens for s in sessions)
    return UsageReport(
        currency=settings.llm_currency,
        price_prompt_per_1k=settings.llm_price_prompt_per_1k,
        price_completion_per_1k=settings.llm_price_completion_per_1k,
        sessions=sessions,
        total_prompt_tokens=total_p,
        total_completion_tokens=total_c,
        total_cost=cost_of(settings, total_p, total_c),
    )


def guard_report(db: Session, user: User, lang: str = "zh", *, limit: int = 5000) -> GuardReport:
    """Counts by reason of the guard's rejections and of fallbacks over the newest ``limit`` replies."""
    ensure_role(user, "admin")
    rows = repo.llm_turn_outcomes(session=db, limit=limit)
    rejected: Counter[str] = Counter()
    fell: Counter[str] = Counter()
    clean = regenerated = fallbacks = 0
    for guard_reasons, fallback, fallback_reason in rows:
        reasons = [r for r in (guard_reasons or "").split(",") if r]
        rejected.update(reasons)
        if fallback:
            fallbacks += 1
            why = (fallback_reason or "unknown").split(":", 1)[-1]
            fell[why] += 1
        elif reasons:
            regenerated += 1
        else:
            clean += 1
    codes = sorted(set(rejected) | set(fell), key=lambda c: (-(rejected[c] + fell[c]), c))
    return GuardReport(
        turns=len(rows), clean=clean, regenerated=regenerated, fallbacks=fallbacks,
        reasons=[GuardReason(reason=c, label=guard_reason_label(c, lang), rejected=rejected[c], fallbacks=fell[c])
                 for c in codes],
    )
