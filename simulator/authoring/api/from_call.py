"""Draft a persona and a scenario from a real call (issue 21, item 7): trainers and admins. The transcript is
read, its personal data replaced, and two drafts saved for the editor; nothing is published."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from simulator.authoring import service as authoring
from simulator.authoring.from_call import draft_from_call
from simulator.core.errors import InvalidInput
from simulator.db.models import User
from simulator.deps import CatalogDep, SessionDep, require_role
from simulator.grading.transcript import Transcript, TranscriptError, parse_plain_text

router = APIRouter(prefix="/api/authoring/from-call", tags=["authoring"])
Author = Annotated[User, Depends(require_role(*authoring.AUTHORS))]


class CallText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=100_000, description="lines like “催收员: …” / “客户: …”")
    stage: Literal["M1", "M2", "M3", "M4"] = "M1"


def plain_transcript(text: str, stage: str) -> Transcript:
    try:
        transcript = parse_plain_text(text, stage=stage, origin="text")
    except TranscriptError as exc:
        raise InvalidInput(str(exc), field="text") from exc
    if not any(t.speaker == "debtor" for t in transcript.turns):
        raise InvalidInput("text: the call has no line of the debtor (“客户: …”) to learn from", field="text")
    return transcript


@router.post("/text", status_code=201)
def from_text(body: CallText, db: SessionDep, catalog: CatalogDep, user: Author) -> dict[str, Any]:
    """A plain-text transcript: the archetype guessed with its reasons, the facts, and the two drafts' ids."""
    return draft_from_call(db, catalog, user, plain_transcript(body.text, body.stage))


@router.post("", status_code=201)
def from_transcript(body: Transcript, db: SessionDep, catalog: CatalogDep, user: Author) -> dict[str, Any]:
    """A transcript in the grader's JSON format (design §6)."""
    if not any(t.speaker == "debtor" for t in body.turns):
        raise InvalidInput("turns: the call has no line of the debtor to learn from", field="turns")
    return draft_from_call(db, catalog, user, body)
