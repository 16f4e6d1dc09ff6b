from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from simulator.core.errors import ServiceError
from simulator.deps import CatalogDep, SessionDep
from simulator.practice import debrief
from simulator.web.roles import form_role_async, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
ROLES = ("trainer", "admin")
ARCHETYPES = ("provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser")


def _user(request: Request, db):
    return page_role(request, db, *ROLES)


@router.get("/trainer/grade")
def upload_form(request: Request, db: SessionDep, catalog: CatalogDep):
    user = _user(request, db)
    return render(request, "trainer/grade_upload.html", user=user, grade=None, error=None, text="", stage="M1",
                  archetype="", archetypes=ARCHETYPES, personas=catalog.personas, dim_names=debrief.dimension_names(catalog))


@router.post("/trainer/grade")
async def upload_submit(
    request: Request, db: SessionDep, catalog: CatalogDep,
    text: Annotated[str, Form(max_length=100_000)] = "",
    stage: Annotated[str, Form()] = "M1",
    archetype: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    user = await form_role_async(request, db, csrf_token, *ROLES)
    grade, error = None, None
    try:
        if stage not in ("M1", "M2", "M3", "M4"):
            raise ServiceError("stage: must be M1–M4")
        grade = await debrief.grade_text(catalog, user, text, stage=stage, archetype=archetype or None,
                                   provider=getattr(request.app.state, "provider", None))
    except ServiceError as exc:
        error = exc.detail
    return render(request, "trainer/grade_upload.html", status_code=422 if error else 200, user=user, grade=grade,
                  error=error, text=text, stage=stage, archetype=archetype, archetypes=ARCHETYPES,
                  personas=catalog.personas, dim_names=debrief.dimension_names(catalog))
