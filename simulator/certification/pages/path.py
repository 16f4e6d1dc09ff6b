"""The trainee's "my path" page (JSON twin: /api/me/path)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.certification.path import my_path
from simulator.deps import CatalogDep, SessionDep
from simulator.web.i18n import lang_of
from simulator.web.roles import page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/path")
def path_page(request: Request, db: SessionDep, catalog: CatalogDep, programme_id: int | None = None):
    user = page_role(request, db, "trainee")
    view = my_path(db, catalog, user, programme_id=programme_id, lang=lang_of(request))
    return render(request, "trainee/path.html", user=user, view=view)
