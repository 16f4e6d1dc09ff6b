"""Trainer workspace pages (issue 5): review list, session review (comment, override), rule tester,
and the admin's audit log page. JSON twins live in routes/api/trainer.py and routes/api/audit.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse

from simulator.deps import CatalogDep, SessionDep
from simulator.persistence.models import GradeOverrideCreate, TurnCommentCreate
from simulator.routes.roles import form_role, page_role, parse_form
from simulator.services import audit, review
from simulator.services.errors import ServiceError
from simulator.templating import render

router = APIRouter(include_in_schema=False)
REVIEWERS = review.REVIEWERS
Text = Annotated[str, Form(max_length=2000)]


@router.get("/trainer/review")
def review_list_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *REVIEWERS)
    return render(request, "trainer/review.html", user=user, rows=review.list_sessions(db, catalog, user))


def _review_page(request: Request, db, catalog, user, session_id: str, *, error: str | None = None,
                 status_code: int = 200):
    return render(request, "trainer/session.html", status_code=status_code, user=user, error=error,
                  view=review.session_review(db, catalog, user, session_id))


@router.get("/trainer/review/{session_id}")
def review_page(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *REVIEWERS)
    return _review_page(request, db, catalog, user, session_id)


@router.post("/trainer/review/{session_id}/comments")
def comment_form(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, turn: Text = "",
                 text: Text = "", csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *REVIEWERS)
    try:
        data = parse_form(TurnCommentCreate, {"turn": turn.strip(), "text": text.strip()})
        comment = review.add_comment(db, user, session_id, data)
    except ServiceError as exc:
        if exc.status_code == 404:
            raise
        return _review_page(request, db, catalog, user, session_id, error=exc.detail, status_code=exc.status_code)
    return RedirectResponse(f"/trainer/review/{session_id}#turn-{comment.turn}", status_code=303)


@router.post("/trainer/review/{session_id}/override")
def override_form(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, overall: Text = "",
                  passed: Text = "", reason: Text = "", csrf_token: Text = ""):
    user = form_role(request, db, csrf_token, *REVIEWERS)
    try:
        data = parse_form(GradeOverrideCreate, {"overall": overall.strip(), "passed": passed == "yes",
                                                "reason": reason.strip()})
        review.override_grade(db, user, session_id, data)
    except ServiceError as exc:
        if exc.status_code == 404:
            raise
        return _review_page(request, db, catalog, user, session_id, error=exc.detail, status_code=exc.status_code)
    return RedirectResponse(f"/trainer/review/{session_id}#override", status_code=303)


@router.get("/trainer/rule-test")
def rule_test_page(request: Request, db: SessionDep):
    user = page_role(request, db, *REVIEWERS)
    return render(request, "trainer/rule_test.html", user=user)


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
