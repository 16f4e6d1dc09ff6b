"""The scenario builder (issue 5): persona, stage, difficulty, case file, hidden truth and objectives as a
form, a raw YAML tab over the same draft, a new scenario from scratch or from a clone, publish, and the
cohorts a scenario is offered to. Trainers and admins only; every POST carries the CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from simulator.accounts import cohorts
from simulator.authoring import scenario_form
from simulator.authoring import service as authoring
from simulator.authoring import views as authoring_views
from simulator.authoring.forms import load_mapping
from simulator.core.errors import InvalidInput, ServiceError
from simulator.deps import CatalogDep, SessionDep
from simulator.web.i18n import lang_of
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
AUTHORS = ("trainer", "admin")
KIND = "scenario"
NEW = {"spec": "collector-sim/scenario", "spec_version": 1, "stage": "M1", "difficulty": 1, "situation": "none"}


def _summary(db, object_id: str):
    return next((o for o in authoring.list_objects(db, KIND) if o.object_id == object_id), None)


def builder_page(request: Request, db, catalog, user, object_id: str | None, *, doc: dict | None = None,
                 body: str | None = None, problems: list | None = None, tab: str = "form", status_code: int = 200):
    stored = authoring.current_body(db, KIND, object_id) if object_id else None
    shown = authoring_views.shown(problems or [])
    if doc is None:
        doc = load_mapping(stored) if stored else dict(NEW)
    yaml_text = body if body is not None else (stored or "")
    lang = lang_of(request)
    personas = sorted(((p.id, p.name.zh if lang == "zh" else p.name.en, p.archetype)
                       for p in catalog.personas.values()), key=lambda p: p[0])
    return render(request, "trainer/authoring/scenario_edit.html", status_code=status_code, user=user,
                  object_id=object_id, summary=_summary(db, object_id) if object_id else None,
                  form=scenario_form.form_view(doc), yaml_text=yaml_text,
                  yaml_lines=authoring_views.yaml_lines(yaml_text, shown) if body is not None and shown else [],
                  tab=tab, personas=personas, third_party_cards=sorted(catalog.third_parties),
                  cohorts=cohorts.list_cohorts(db, user) if object_id else [],
                  assigned=set(authoring.scenario_cohorts(db, object_id)) if object_id else set(),
                  flash={k: v for k, v in request.query_params.items()
                         if k in ("saved", "published", "cloned", "assigned")},
                  **authoring_views.problem_context(shown))


@router.get("/trainer/scenarios/new")
def new_page(request: Request, db: SessionDep, catalog: CatalogDep, source: str = ""):
    """A blank scenario, or (``?source=id``) a copy of an existing one to change and save under a new id."""
    user = page_role(request, db, *AUTHORS)
    doc = dict(NEW)
    if source:
        doc = load_mapping(authoring.current_body(db, KIND, source))
        doc["id"] = ""
    return builder_page(request, db, catalog, user, None, doc=doc)


@router.get("/trainer/scenarios/{object_id}/edit")
def edit_page(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *AUTHORS)
    return builder_page(request, db, catalog, user, object_id)


async def _save(request: Request, db, catalog, object_id: str | None):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *AUTHORS)
    yaml_mode = form.get("mode") == "yaml"
    tab = "yaml" if yaml_mode else "form"
    doc: dict | None = None
    new_id = str(form.get("id", "")).strip() if object_id is None else None
    target = object_id or new_id or ""
    try:
        if not yaml_mode:  # the form comes back as typed whatever goes wrong below
            base = load_mapping(authoring.current_body(db, KIND, object_id)) if object_id else dict(NEW)
            doc = scenario_form.apply_form(base, form, new_id=new_id)
        if object_id is None and not new_id:
            raise authoring_views.FormProblems("id: give the new scenario an id", [("id", "required")])
        if object_id is None and _summary(db, target) is not None:
            raise authoring_views.FormProblems(f"id: {target!r} already exists",
                                               [("id", f"{target!r} already exists; choose another id")])
        if doc is None:
            body = str(form.get("body", ""))
            if len(body) > authoring_views.MAX_BODY_CHARS:
                raise InvalidInput(f"body: longer than {authoring_views.MAX_BODY_CHARS} characters", field="body")
        else:
            body, problems = scenario_form.to_body(doc)
            if problems or body is None:
                raise authoring_views.FormProblems("scenario: fix the marked fields", problems)
        authoring.save_draft(db, KIND, target, body, user)
        if form.get("action") == "publish":
            version = authoring.publish(db, KIND, target, user, note=str(form.get("note", ""))[:500].strip())
            return RedirectResponse(f"/trainer/scenarios/{target}/edit?published={version.version}", status_code=303)
    except ServiceError as exc:
        if exc.status_code == 404 and object_id is not None:
            raise
        problems = getattr(exc, "problems", None) or [(exc.field or "body", exc.detail)]
        return builder_page(request, db, catalog, user, object_id, doc=doc,
                            body=str(form.get("body", "")) if yaml_mode else None, problems=problems, tab=tab,
                            status_code=exc.status_code)
    return RedirectResponse(f"/trainer/scenarios/{target}/edit?saved=1#{tab}", status_code=303)


@router.post("/trainer/scenarios/new")
async def create_form(request: Request, db: SessionDep, catalog: CatalogDep):
    return await _save(request, db, catalog, None)


@router.post("/trainer/scenarios/{object_id}/edit")
async def save_form(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    return await _save(request, db, catalog, object_id)


@router.post("/trainer/scenarios/{object_id}/cohorts")
async def assign_form(object_id: str, request: Request, db: SessionDep):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *AUTHORS)
    raw = [str(v) for v in form.getlist("cohort")]
    if not all(v.isdigit() for v in raw):
        raise InvalidInput("cohort: cohort ids are whole numbers", field="cohort")
    authoring.assign_scenario(db, object_id, [int(v) for v in raw], user)
    return RedirectResponse(f"/trainer/scenarios/{object_id}/edit?assigned={len(raw)}#cohorts", status_code=303)
