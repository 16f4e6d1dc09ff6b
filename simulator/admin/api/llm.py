"""Admin JSON: the active LLM provider, a connection check, tokens and cost per session."""

from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.admin import llm as llm_admin
from simulator.admin.schemas import GuardReport, LLMCheck, LLMStatus, UsageReport
from simulator.deps import CurrentUser, ProviderDep, SessionDep, SettingsDep
from simulator.web.i18n import lang_of

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/llm", response_model=LLMStatus)
def llm_status(settings: SettingsDep, provider: ProviderDep, user: CurrentUser) -> LLMStatus:
    return llm_admin.status(user, settings, provider)


@router.post("/llm/check", response_model=LLMCheck)
async def llm_check(provider: ProviderDep, user: CurrentUser) -> LLMCheck:
    """A tiny completion against the configured model: latency, or the error."""
    return await llm_admin.check(user, provider)


@router.get("/sessions", response_model=UsageReport)
def sessions_usage(db: SessionDep, settings: SettingsDep, user: CurrentUser) -> UsageReport:
    return llm_admin.usage_report(db, user, settings)


@router.get("/llm/guard", response_model=GuardReport)
def llm_guard(request: Request, db: SessionDep, user: CurrentUser) -> GuardReport:
    """How often the output guard rejected the model's lines, and the fallbacks, by reason."""
    return llm_admin.guard_report(db, user, lang_of(request))
