"""Admin pages: the LLM provider (with a connection test) and tokens/cost per session."""

from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.deps import ProviderDep, SessionDep, SettingsDep
from simulator.i18n import lang_of
from simulator.routes.roles import page_user
from simulator.services import llm_admin
from simulator.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/llm")
def llm_page(request: Request, db: SessionDep, settings: SettingsDep, provider: ProviderDep):
    user = page_user(request, db)
    return render(request, "admin/llm.html", user=user, status=llm_admin.status(user, settings, provider),
                  guard=llm_admin.guard_report(db, user, lang_of(request)))


@router.get("/admin/sessions")
def sessions_page(request: Request, db: SessionDep, settings: SettingsDep):
    user = page_user(request, db)
    return render(request, "admin/sessions.html", user=user, report=llm_admin.usage_report(db, user, settings))
