"""Trainer workspace pages (issue 5): review list, session review (comment, override), rule tester.
JSON twins live in review/api/sessions.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts.roles import REVIEWERS
from simulator.core.errors import ServiceError
from simulator.db.models import GradeOverrideCreate, TurnCommentCreate
from simulator.deps import CatalogDep, SessionDep
from simulator.review import service as review
from simulator.web.roles import form_role, page_role, parse_form
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=2000)]


@router.get("/trainer")
def trainer_home(request: Request, db: SessionDep):
    """``/trainer`` is the review queue (it answered 404)."""
    page_role(request, db, *REVIEWERS)
    return RedirectResponse("/trainer/review", status_code=303)


@router.get("/trainer/review")
def review_list_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *REVIEWERS)
    return render(request, "trainer/review.html", user=user, rows=review.list_sessions(db, catalog, user),
                  exposure=review.exposure(db, user))


def _review_page(request: Request, db, catalog, user, session_id: str, *, error: str | None = None,
                 status_code: int = 200):
    view = review.session_review(db, catalog, user, session_id)
    card = catalog.personas.get(view.session.persona_id)  # its seed: a hint's coping line in English too
    return render(request, "trainer/session.html", status_code=status_code, user=user, error=error,
                  view=view, seed=card.seed if card else None)


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


