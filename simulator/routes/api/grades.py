from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from simulator.deps import CatalogDep, CurrentUser
from simulator.grading.transcript import Transcript
from simulator.services import debrief

router = APIRouter(prefix="/api/grades", tags=["grades"])


@router.post("")
def grade_transcript(body: Transcript, request: Request, catalog: CatalogDep, user: CurrentUser,
                     rubric: str = "default") -> dict[str, Any]:
    """Trainer/admin: grade a transcript of a real call (design §6 transcript format); nothing is stored."""
    provider = getattr(request.app.state, "provider", None)
    return debrief.grade_upload(catalog, user, body, provider=provider, rubric_id=rubric)
