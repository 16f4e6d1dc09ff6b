"""「从真实通话生成草稿」 (issue 21, item 7): a trainer pastes or uploads a real call and gets a draft persona
and scenario, with the archetype guessed and the personal data replaced, to review in the editor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.datastructures import UploadFile

from simulator.authoring import service as authoring
from simulator.authoring.api.from_call import plain_transcript
from simulator.authoring.from_call import draft_from_call
from simulator.core.errors import InvalidInput, ServiceError
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import form_role, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)
STAGES = ("M1", "M2", "M3", "M4")
MAX_UPLOAD = 200_000


@router.get("/trainer/from-call")
def from_call_page(request: Request, db: SessionDep):
    user = page_role(request, db, *authoring.AUTHORS)
    return render(request, "trainer/authoring/from_call.html", user=user, result=None, error=None, text="",
                  stage="M1", stages=STAGES)


@router.post("/trainer/from-call")
async def from_call_form(request: Request, db: SessionDep, catalog: CatalogDep, text: Annotated[str, Form()] = "",
                         stage: Annotated[str, Form(max_length=4)] = "M1", csrf_token: Annotated[str, Form()] = ""):
    user = form_role(request, db, csrf_token, *authoring.AUTHORS)
    form = await request.form()
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return _again(request, user, "file: larger than 200 KB", text, stage, 413)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _again(request, user, "file: not UTF-8 text", text, stage, 422)
    try:
        if stage not in STAGES:
            raise InvalidInput("stage: must be one of M1, M2, M3, M4", field="stage")
        if not text.strip():
            raise InvalidInput("text: paste the call or choose a file", field="text")
        result = draft_from_call(db, catalog, user, plain_transcript(text, stage))
    except ServiceError as exc:
        return _again(request, user, exc.detail, text, stage, exc.status_code)
    return render(request, "trainer/authoring/from_call.html", status_code=201, user=user, result=result,
                  error=None, text="", stage=stage, stages=STAGES)


def _again(request: Request, user, error: str, text: str, stage: str, status_code: int):
    return render(request, "trainer/authoring/from_call.html", status_code=status_code, user=user, result=None,
                  error=error, text=text, stage=stage if stage in STAGES else "M1", stages=STAGES)
