from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from simulator.deps import CatalogDep, CurrentUser
from simulator.grading.transcript import Transcript
from simulator.practice import debrief

router = APIRouter(prefix="/api/grades", tags=["grades"])


@router.post("")
async def grade_transcript(body: Transcript, request: Request, catalog: CatalogDep, user: CurrentUser,
                     rubric: str = "default") -> dict[str, Any]:
    """Trainer/admin: grade a transcript of a real call (design §6 transcript format); nothing is stored."""
    provider = getattr(request.app.state, "provider", None)
    return await debrief.grade_upload(catalog, user, body, provider=provider, rubric_id=rubric)


class TextTranscript(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=100_000, description="lines like “催收员: …” / “客户: …”")
    stage: Literal["M1", "M2", "M3", "M4"] = "M1"
    archetype: str | None = None


@router.post("/text")
async def grade_text(body: TextTranscript, request: Request, catalog: CatalogDep, user: CurrentUser,
               rubric: str = "default") -> dict[str, Any]:
    """Trainer/admin: grade a plain-text transcript with speaker prefixes; nothing is stored."""
    provider = getattr(request.app.state, "provider", None)
    return await debrief.grade_text(catalog, user, body.text, stage=body.stage, archetype=body.archetype,
                              provider=provider, rubric_id=rubric)
