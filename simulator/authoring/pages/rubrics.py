"""Rubric and rule-pack editor pages (issue 5, item 3): list, edit as a form or as YAML, save a
draft, publish. The live tester's JSON endpoint is in authoring/api/rubrics.py."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from simulator.authoring import rubric_editor, rubric_form
from simulator.authoring.service import AUTHORS
from simulator.authoring.views import problem_context, yaml_lines
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/trainer/rubrics")
def rubrics_page(request: Request, db: SessionDep):
    user = page_role(request, db, *AUTHORS)
    return render(request, "trainer/rubrics/list.html", user=user, **rubric_editor.overview(db, user))


@router.get("/trainer/rules")
def rule_packs_page(request: Request, db: SessionDep):
    """Rule packs are listed with the rubrics (the versions pages link back here)."""
    page_role(request, db, *AUTHORS)
    return RedirectResponse("/trainer/rubrics", status_code=303)


def _editor(request: Request, user, view: rubric_editor.EditorView, status_code: int = 200):
    template = "trainer/rubrics/rubric_edit.html" if view.kind == "rubric" else "trainer/rubrics/rules_edit.html"
    return render(request, template, status_code=status_code, user=user, view=view, f=view.form,
                  yaml_rows=yaml_lines(view.body, view.problems), flash=dict(request.query_params),
                  **problem_context(view.problems))


async def _post(request: Request, db, catalog, kind: str, object_id: str):
    form = await request.form(max_fields=rubric_form.MAX_FORM_FIELDS)
    token = form.get("csrf_token")
    user = form_role(request, db, token if isinstance(token, str) else "", *AUTHORS)
    outcome = rubric_editor.submit(db, catalog, user, kind, object_id, form)
    if isinstance(outcome, str):
        return RedirectResponse(outcome, status_code=303)
    return _editor(request, user, outcome, status_code=422)


@router.get("/trainer/rubrics/{object_id}/edit")
def rubric_edit_page(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *AUTHORS)
    return _editor(request, user, rubric_editor.load(db, catalog, user, "rubric", object_id))


@router.post("/trainer/rubrics/{object_id}/edit")
async def rubric_edit_form(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    return await _post(request, db, catalog, "rubric", object_id)


@router.get("/trainer/rules/{object_id}/edit")
def rules_edit_page(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *AUTHORS)
    return _editor(request, user, rubric_editor.load(db, catalog, user, "rule_pack", object_id))


@router.post("/trainer/rules/{object_id}/edit")
async def rules_edit_form(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    return await _post(request, db, catalog, "rule_pack", object_id)
