"""Programme pages (HR, admin): the list, and a form with one row per requirement.

No JavaScript: "more rows" re-renders the form with blank rows; validation errors come back on the
same form with the offending cells marked and each message naming its field.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from simulator.certification import programmes
from simulator.core.errors import ServiceError
from simulator.deps import CatalogDep, SessionDep
from simulator.web.i18n import N_, lang_of, translate
from simulator.web.roles import MANAGERS, form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
BLANK_ROWS = 3
MAX_ROWS = 60


def _marked(problems: list[tuple[str, str]]) -> set[str]:
    """Field paths to highlight: ``requirements.1.min_overall`` marks that cell and row 1."""
    out: set[str] = set()
    for field, _ in problems:
        parts = field.split(".")
        out |= {".".join(parts[:n]) for n in (1, 2, 3)}
    return out


@router.get("/hr/programmes")
def programmes_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *MANAGERS)
    return _list(request, db, catalog, user)


def _list(request: Request, db, catalog, user, *, error: str | None = None, status_code: int = 200):
    return render(request, "hr/programmes.html", status_code=status_code, user=user,
                  programmes=programmes.list_programmes(db, user), templates=programmes.templates(), error=error,
                  live_versions=programmes.form_options(catalog, lang_of(request))["live_versions"])


@router.post("/hr/programmes/from-template")
async def from_template(request: Request, db: SessionDep, catalog: CatalogDep):
    """Start a programme from a GB/T 45251 template, then edit it like any other."""
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *MANAGERS)
    try:
        saved = programmes.create_from_template(db, catalog, user, str(form.get("template", "")))
    except ServiceError as exc:
        key = N_("template_exists") if exc.status_code == 409 else N_("template_unknown")
        return _list(request, db, catalog, user, error=translate(key, lang_of(request)), status_code=exc.status_code)
    return RedirectResponse(f"/hr/programmes/{saved.id}?saved=1", status_code=303)


def _form(request: Request, catalog, user, doc: dict, *, programme_id: int | None, rows: int,
          problems: list[tuple[str, str]] | None = None, status_code: int = 200):
    blank = {f: None for f in programmes.REQ_FIELDS} | {"no_critical": True}
    reqs = [blank | r for r in doc.get("requirements", [])]
    return render(request, "hr/programme_form.html", status_code=status_code, user=user, doc=doc,
                  reqs=reqs + [blank] * max(rows - len(reqs), 0), programme_id=programme_id,
                  problems=problems or [], bad=_marked(problems or []),
                  **programmes.form_options(catalog, lang_of(request)))


@router.get("/hr/programmes/new")
def new_programme(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *MANAGERS)
    doc = {"name": "", "description": "", "rubric": "default", "validity_days": 365, "active": True,
           "requirements": []}
    return _form(request, catalog, user, doc, programme_id=None, rows=5)


@router.get("/hr/programmes/{programme_id}")
def edit_programme(programme_id: int, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_role(request, db, *MANAGERS)
    doc = programmes.spec_of(programmes.get_programme(db, user, programme_id)).model_dump()
    return _form(request, catalog, user, doc, programme_id=programme_id,
                 rows=len(doc["requirements"]) + BLANK_ROWS)


async def _save(request: Request, db, catalog, programme_id: int | None):
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    user = form_role(request, db, form.get("csrf_token", ""), *MANAGERS)
    rows = min(int(form.get("rows", "0") or 0) if form.get("rows", "").isdigit() else 0, MAX_ROWS)
    doc = programmes.from_form(form, rows, programmes.dimension_aliases(catalog))
    if "more_rows" in form:
        return _form(request, catalog, user, doc, programme_id=programme_id,
                     rows=min(len(doc["requirements"]) + BLANK_ROWS + 2, MAX_ROWS))
    try:
        if programme_id is None:
            saved = programmes.create_programme(db, catalog, user, doc)
        else:
            saved = programmes.update_programme(db, catalog, user, programme_id, doc)
    except ServiceError as exc:
        problems = getattr(exc, "problems", None) or [(exc.field or "programme", exc.detail)]
        return _form(request, catalog, user, doc, programme_id=programme_id, status_code=exc.status_code,
                     rows=len(doc["requirements"]) + 1, problems=problems)
    return RedirectResponse(f"/hr/programmes/{saved.id}?saved=1", status_code=303)


@router.post("/hr/programmes/new")
async def create_programme(request: Request, db: SessionDep, catalog: CatalogDep):
    return await _save(request, db, catalog, None)


@router.post("/hr/programmes/{programme_id}")
async def update_programme(programme_id: int, request: Request, db: SessionDep, catalog: CatalogDep):
    return await _save(request, db, catalog, programme_id)


@router.post("/hr/programmes/{programme_id}/delete")
async def delete_programme(programme_id: int, request: Request, db: SessionDep):
    form = await request.form()
    user = form_role(request, db, str(form.get("csrf_token", "")), *MANAGERS)
    programmes.delete_programme(db, user, programme_id)
    return RedirectResponse("/hr/programmes", status_code=303)
