"""Admin pages: the system status (the admin's home), the LLM provider (with a connection test), tokens/cost per
session, the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from simulator.admin import audit, health
from simulator.admin import llm as llm_admin
from simulator.deps import ProviderDep, SessionDep, SettingsDep
from simulator.web.i18n import lang_of
from simulator.web.roles import page_role, page_role_async, page_user
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
async def status_page(request: Request, db: SessionDep, settings: SettingsDep, provider: ProviderDep):
    user = await page_role_async(request, db, "admin")
    state = request.app.state
    status = await health.system_status(db, user, engine=getattr(state, "engine", None),
                                        catalog=getattr(state, "catalog", None), llm_configured=provider is not None,
                                        timeout=settings.readiness_timeout)
    return render(request, "admin/status.html", user=user, status=status)


@router.get("/admin/llm")
def llm_page(request: Request, db: SessionDep, settings: SettingsDep, provider: ProviderDep):
    user = page_user(request, db)
    return render(request, "admin/llm.html", user=user, status=llm_admin.status(user, settings, provider),
                  guard=llm_admin.guard_report(db, user, lang_of(request)))


@router.get("/admin/sessions")
def sessions_page(request: Request, db: SessionDep, settings: SettingsDep):
    user = page_user(request, db)
    return render(request, "admin/sessions.html", user=user, report=llm_admin.usage_report(db, user, settings))


@router.get("/admin/audit")
def audit_page(request: Request, db: SessionDep, action: Annotated[str | None, Query(max_length=48)] = None,
               before: Annotated[int | None, Query(ge=1)] = None):
    """A page of the log (``audit.PAGE_SIZE`` entries, newest first), filtered by action, with a link to
    the older ones when there are more."""
    user = page_role(request, db, "admin")
    action = action if action in audit.ACTIONS else None
    entries = audit.list_entries(db, user, limit=audit.PAGE_SIZE + 1, action=action, before=before)
    older = entries[audit.PAGE_SIZE - 1].id if len(entries) > audit.PAGE_SIZE else None
    return render(request, "admin/audit.html", user=user, entries=entries[:audit.PAGE_SIZE], actions=audit.ACTIONS,
                  action=action, before=before, older=older)
