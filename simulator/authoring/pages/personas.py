"""The persona editor (issue 5): a form for every card field and a raw YAML tab over the same draft,
save / publish / discard, and the preview chat's JSON endpoint (stateless: the draft and the lines so far
come with every request). Trainers and admins only; every POST carries the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse

from simulator.authoring import persona_form, preview
from simulator.authoring import service as authoring
from simulator.authoring import views as authoring_views
from simulator.authoring.forms import load_mapping
from simulator.catalog.provenance import card_provenance
from simulator.catalog.schema import PersonaCard
from simulator.core.errors import InvalidInput, ServiceError
from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep
from simulator.web.i18n import N_, label, lang_of, problem_text, translate
from simulator.web.labels import LABELS
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
AUTHORS = ("trainer", "admin")
KIND = "persona"
# A card is posted field by field: ~900 fields for the largest built-in (reaction cells, bank lines), so
# Starlette's default of 1000 would refuse a card with a few more rows.
MAX_FORM_FIELDS = 5000


def _summary(db, object_id: str):
    return next((o for o in authoring.list_objects(db, KIND) if o.object_id == object_id), None)


def editor_page(request: Request, db, catalog, user, object_id: str, *, doc: dict | None = None,
                body: str | None = None, problems: list | None = None, tab: str = "form", status_code: int = 200):
    """The editor; after a failed save, the posted form (``doc``) or YAML (``body``) comes back as typed."""
    stored = authoring.current_body(db, KIND, object_id)
    shown = authoring_views.shown(problems or [])
    yaml_text = body if body is not None else stored
    card = doc if doc is not None else load_mapping(stored)
    view = persona_form.form_view(card)
    seed = card.get("seed") if isinstance(card, dict) and isinstance(card.get("seed"), dict) else None
    return render(request, "trainer/authoring/persona_edit.html", status_code=status_code, user=user,
                  provenance=card_provenance(seed, request.app.state.settings.seeds_dir),
                  object_id=object_id, summary=_summary(db, object_id), form=view, yaml_text=yaml_text,
                  yaml_lines=authoring_views.yaml_lines(yaml_text, shown) if body is not None and shown else [],
                  tab=tab, contexts=authoring_views.preview_contexts(catalog, lang_of(request)),
                  flash={k: v for k, v in request.query_params.items() if k in ("saved", "published", "cloned")},
                  **authoring_views.problem_context(shown))


@router.get("/trainer/personas/{object_id}/edit")
def edit_page(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *AUTHORS)
    return editor_page(request, db, catalog, user, object_id)


def _posted_body(db, object_id: str, form) -> tuple[str | None, dict | None, list]:
    """(YAML body, the form's doc or None, problems) from either tab's post."""
    if form.get("mode") == "yaml":
        body = str(form.get("body", ""))
        if len(body) > authoring_views.MAX_BODY_CHARS:
            raise InvalidInput(f"body: longer than {authoring_views.MAX_BODY_CHARS} characters", field="body")
        if not body.strip():
            return None, None, [("body", "the YAML is empty")]
        return body, None, []
    doc = persona_form.apply_form(load_mapping(authoring.current_body(db, KIND, object_id)), form)
    body, problems = persona_form.to_body(doc)
    return body, doc, problems


@router.post("/trainer/personas/{object_id}/edit")
async def save_form(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    user = form_role(request, db, str(form.get("csrf_token", "")), *AUTHORS)
    yaml_mode = form.get("mode") == "yaml"
    tab = "yaml" if yaml_mode else "form"
    body, doc, problems = _posted_body(db, object_id, form)
    if problems or body is None:
        return editor_page(request, db, catalog, user, object_id, doc=doc, body=body if yaml_mode else None,
                           problems=problems, tab=tab, status_code=422)
    try:
        authoring.save_draft(db, KIND, object_id, body, user)
        if form.get("action") == "publish":
            version = authoring.publish(db, KIND, object_id, user, note=str(form.get("note", ""))[:500].strip())
            return RedirectResponse(f"/trainer/personas/{object_id}/edit?published={version.version}", status_code=303)
    except ServiceError as exc:
        if exc.status_code == 404:
            raise
        return editor_page(request, db, catalog, user, object_id, doc=doc, body=body if yaml_mode else None,
                           problems=getattr(exc, "problems", None) or [(exc.field or "body", exc.detail)], tab=tab,
                           status_code=exc.status_code)
    return RedirectResponse(f"/trainer/personas/{object_id}/edit?saved=1#{tab}", status_code=303)


def _problem_json(exc: ServiceError, lang: str) -> JSONResponse:
    problems = [{"field": p.field, "line": p.line, "message": problem_text(p, lang)}
                for p in authoring_views.shown(getattr(exc, "problems", None) or [])]
    detail = translate(N_("preview_invalid"), lang) if problems else exc.detail
    return JSONResponse({"detail": detail, "problems": problems}, status_code=exc.status_code)


def _card(db, catalog, object_id: str, form) -> PersonaCard:
    body, _doc, problems = _posted_body(db, object_id, form)
    if problems or body is None:
        raise authoring_views.FormProblems("card: the draft is not valid; fix it to preview", problems)
    card = authoring.parse_body(KIND, body, catalog)
    assert isinstance(card, PersonaCard)
    return card


@router.post("/trainer/personas/{object_id}/preview")
async def preview_json(object_id: str, request: Request, db: SessionDep, catalog: CatalogDep,
                       settings: SettingsDep, provider: ProviderDep):
    """JSON for preview.js: the whole replay (opening, every turn with the engine state) as of the last line."""
    try:
        form = await request.form(max_fields=MAX_FORM_FIELDS)
        form_role(request, db, str(form.get("csrf_token", "")), *AUTHORS)
        card = _card(db, catalog, object_id, form)
        stage, scenario_id = authoring_views.split_context(str(form.get("preview_context", "")))
        context = preview.resolve_context(catalog, card, stage=stage, scenario_id=scenario_id)
        seed_text = str(form.get("preview_seed", "0")).strip() or "0"
        if not seed_text.isdigit():
            raise InvalidInput("seed: a whole number", field="seed")
        lines = preview.check_lines(form.getlist("preview_line"), max_chars=settings.max_message_chars)
        convo, result = await to_thread.run_sync(preview.replay, catalog, card, context, lines, int(seed_text))
        if provider is not None and lines:
            await preview.voice_last(provider, convo, result, budget=settings.llm_history_token_budget,
                                     temperature=settings.llm_temperature)
    except ServiceError as exc:
        return _problem_json(exc, lang_of(request))
    payload: dict[str, Any] = result.to_dict()
    payload["names"] = _preview_names(payload, lang_of(request))
    return JSONResponse(payload)


def _preview_names(payload: dict[str, Any], lang: str) -> dict[str, dict[str, str]]:
    """The names of the ids the preview shows (intents, moves, violation categories, meters), so the panel
    never shows a raw id (issue 20)."""
    turns = [payload["opening"], *payload["turns"]]
    intents = {t["intent"] for t in turns if t.get("intent")}
    moves = {m for t in turns for m in (t.get("moves") or [])} | {
        r["on"] for t in turns for r in (t.get("fired") or []) if isinstance(r.get("on"), str)}
    cats = {v for t in turns for v in (t.get("violations") or [])} | moves
    return {"intent": {i: label("intent", i, lang) for i in intents if i in LABELS["intent"]},
            "move": {m: label("move", m, lang) for m in moves if m in LABELS["move"]},
            "cat": {c: label("cat", c, lang) for c in cats if c in LABELS["cat"]},
            "meter": {k: label("meter", k, lang) for k in ("anger", "trust", "willingness")}}
