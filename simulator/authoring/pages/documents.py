"""Trainer authoring pages (issue 5): the persona and scenario lists with clone, export and import, and
each object's versions (view, diff, roll back). Editors are in ``authoring_personas`` and
``authoring_scenarios``; the catalog service is ``authoring/service.py``. Trainers and admins only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from simulator.authoring import service as authoring
from simulator.authoring import views as authoring_views
from simulator.core.errors import InvalidInput, NotFound, ServiceError
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
AUTHORS = ("trainer", "admin")
KINDS = {"personas": "persona", "scenarios": "scenario",  # URL segment → catalog kind
         "rubrics": "rubric", "rules": "rule_pack"}  # versions of rubrics and rule packs (editors: rubric_editor.py)
MAX_UPLOAD = 5 * 1024 * 1024
Text = Annotated[str, Form(max_length=2000)]


def _list_page(request: Request, db, catalog, user, segment: str, *, error: str | None = None,
               problems: list | None = None, imported: list | None = None, status_code: int = 200):
    kind = KINDS[segment]
    rows = authoring.list_objects(db, kind)
    names = authoring_views.user_names(db, {getattr(r, "updated_by", None) for r in rows
                                            if isinstance(getattr(r, "updated_by", None), int)})
    return render(request, "trainer/authoring/list.html", status_code=status_code, user=user, segment=segment,
                  kind=kind, rows=rows, names=names, error=error, problems=problems or [], imported=imported or [],
                  kinds=authoring_views.kind_labels(catalog, kind))


@router.get("/trainer/personas")
def personas_page(request: Request, db: SessionDep, catalog: CatalogDep):
    return _list_page(request, db, catalog, page_role(request, db, *AUTHORS), "personas")


@router.get("/trainer/scenarios")
def scenarios_page(request: Request, db: SessionDep, catalog: CatalogDep):
    return _list_page(request, db, catalog, page_role(request, db, *AUTHORS), "scenarios")


def _routes(segment: str) -> None:
    """The same routes for each list (explicit paths: /trainer/rubrics… belongs to the rubric editor)."""
    kind = KINDS[segment]

    @router.post(f"/trainer/{segment}/clone")
    def clone_form(request: Request, db: SessionDep, catalog: CatalogDep, source: Text = "", new_id: Text = "",
                   csrf_token: Text = ""):
        user = form_role(request, db, csrf_token, *AUTHORS)
        try:
            if not new_id.strip():
                raise InvalidInput("new_id: give the new id (lower-case letters, digits, - and _)", field="new_id")
            authoring.clone(db, kind, source.strip(), new_id.strip(), user)
        except ServiceError as exc:
            return _list_page(request, db, catalog, user, segment, error=str(exc), status_code=exc.status_code,
                              problems=authoring_views.shown(getattr(exc, "problems", []) or []))
        return RedirectResponse(f"/trainer/{segment}/{new_id.strip()}/edit?cloned={source.strip()}", status_code=303)

    @router.get(f"/trainer/{segment}/export")
    def export_all(request: Request, db: SessionDep):
        page_role(request, db, *AUTHORS)
        # published objects only: a draft that was never published (a new scenario, a draft from a real
        # call) has nothing to export yet, and must not make 「导出全部」 fail
        items = [(kind, row.object_id) for row in authoring.list_objects(db, kind) if row.latest_version]
        data = authoring.export_bundle(db, items)
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{segment}.zip"'})

    @router.get(f"/trainer/{segment}/{{object_id}}/export")
    def export_one(object_id: str, request: Request, db: SessionDep):
        page_role(request, db, *AUTHORS)
        body = authoring.current_body(db, kind, object_id)
        return Response(body.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{object_id}.yaml"'})

    @router.post(f"/trainer/{segment}/import")
    async def import_form(request: Request, db: SessionDep, catalog: CatalogDep):
        form = await request.form()
        user = form_role(request, db, str(form.get("csrf_token", "")), *AUTHORS)
        upload = form.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidInput("file: choose a .yaml or .zip file to import", field="file")
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InvalidInput(f"file: larger than {MAX_UPLOAD // (1024 * 1024)} MB", field="file")
            if not data:
                raise InvalidInput("file: the file is empty", field="file")
            versions = authoring.import_bundle(db, upload.filename, data, user)
        except ServiceError as exc:
            return _list_page(request, db, catalog, user, segment, error=str(exc), status_code=exc.status_code,
                              problems=authoring_views.shown(getattr(exc, "problems", []) or []))
        return _list_page(request, db, catalog, user, segment, imported=versions)

    # versions
    @router.get(f"/trainer/{segment}/{{object_id}}/versions")
    def versions_page(object_id: str, request: Request, db: SessionDep, a: int | None = None,
                      b: int | None = None):
        user = page_role(request, db, *AUTHORS)
        versions = authoring.list_versions(db, kind, object_id)
        if not versions:
            raise NotFound(f"object_id: {object_id!r} has no published version")
        names = authoring_views.user_names(db, {v.created_by for v in versions})
        numbers = sorted(v.version for v in versions)
        diff = changes = None
        if len(numbers) > 1:
            a = a if a in numbers else numbers[-2]
            b = b if b in numbers else numbers[-1]
            diff = authoring_views.diff_rows(authoring.diff_versions(db, kind, object_id, a, b))
            if kind == "rule_pack":
                changes = authoring.pack_changes(db, object_id, a, b)
        return render(request, "trainer/authoring/versions.html", user=user, segment=segment, kind=kind,
                      object_id=object_id, versions=sorted(versions, key=lambda v: -v.version), names=names,
                      numbers=numbers, a=a, b=b, diff=diff, changes=changes)

    @router.get(f"/trainer/{segment}/{{object_id}}/versions/{{version}}")
    def version_page(object_id: str, version: int, request: Request, db: SessionDep):
        user = page_role(request, db, *AUTHORS)
        body = authoring.version_body(db, kind, object_id, version)
        return render(request, "trainer/authoring/version.html", user=user, segment=segment, object_id=object_id,
                      version=version, lines=authoring_views.yaml_lines(body, []))

    @router.post(f"/trainer/{segment}/{{object_id}}/rollback")
    def rollback_form(object_id: str, request: Request, db: SessionDep, version: Text = "",
                      confirm: Text = "", csrf_token: Text = ""):
        user = form_role(request, db, csrf_token, *AUTHORS)
        if not version.isdigit():
            raise InvalidInput("version: choose the version to roll back to", field="version")
        if confirm != "yes":
            raise InvalidInput("confirm: tick the box to confirm the roll back", field="confirm")
        authoring.rollback(db, kind, object_id, int(version), user)
        return RedirectResponse(f"/trainer/{segment}/{object_id}/versions?rolled_back={version}", status_code=303)

    @router.post(f"/trainer/{segment}/{{object_id}}/discard")
    def discard_form(object_id: str, request: Request, db: SessionDep, csrf_token: Text = ""):
        user = form_role(request, db, csrf_token, *AUTHORS)
        authoring.discard_draft(db, kind, object_id, user)
        return RedirectResponse(f"/trainer/{segment}?discarded={object_id}", status_code=303)


for _segment in KINDS:
    _routes(_segment)
