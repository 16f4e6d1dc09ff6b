from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from simulator.deps import CatalogDep, SessionDep
from simulator.persistence.inline import run_db
from simulator.routes.roles import page_user
from simulator.security import csrf_matches
from simulator.services import debrief
from simulator.services.errors import Forbidden, ServiceError
from simulator.templating import render

router = APIRouter(include_in_schema=False)
ROLES = ("trainer", "admin")
ARCHETYPES = ("provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser")


def _user(request: Request, db):
    user = page_user(request, db)
    if user.role not in ROLES:
        raise Forbidden("role: grading uploaded calls needs the role trainer or admin")
    return user


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
    user = await run_db(db, _user, request, db)
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        raise Forbidden("csrf: the form expired; reload the page and try again")
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
