"""The rule-pack editor's live tester (issue 5, item 3): test a line against the unsaved draft.

The editor posts its whole form (or its YAML tab) plus ``text``, form-encoded, with the
``X-CSRF-Token`` header; API clients can send a draft pack's YAML to ``POST /api/trainer/rule-test``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from simulator.authoring import rubric_editor, rubric_form
from simulator.authoring.schemas import RuleTestResult
from simulator.authoring.service import AUTHORS
from simulator.db.models import User
from simulator.deps import CatalogDep, SessionDep, SettingsDep, require_role

router = APIRouter(prefix="/api/trainer", tags=["trainer"])
Author = Annotated[User, Depends(require_role(*AUTHORS))]


@router.post("/rule-packs/{object_id}/test", response_model=RuleTestResult)
async def test_draft(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
                     user: Author) -> RuleTestResult:
    """Which built-in and draft house rules fire on ``text``: the editor's form fields (``mode=form``) or
    ``body`` (``mode=yaml``) describe the draft; nothing is saved."""
    form = await request.form(max_fields=rubric_form.MAX_FORM_FIELDS)
    return rubric_editor.test_draft(db, catalog, user, object_id, form, max_chars=settings.max_message_chars)
