"""The transcript file (design §6 contract, input of ``grade``) and how a session becomes one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Speaker = Literal["collector", "debtor", "third_party"]


class TranscriptTurn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    speaker: Speaker
    text: str = Field(min_length=1, max_length=20000)
    # Present when the transcript comes from a simulated session: the debtor's state after the turn.
    state: dict[str, float] | None = None


class Transcript(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = "transcript"
    scenario: str | None = None
    archetype: str | None = None
    stage: Literal["M1", "M2", "M3", "M4"] = "M1"
    situation: str | None = None
    outcome: str | None = None
    turns: list[TranscriptTurn] = Field(min_length=1)


class TranscriptError(ValueError):
    """A transcript file is malformed; the message names the file, the line and the field."""


def _problems(exc: ValidationError) -> str:
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in e["loc"]).replace(".[", "[")
        out.append(f"{loc}: {e['msg']}")
    return "; ".join(out)


def parse_transcript(data: object, origin: str) -> Transcript:
    if not isinstance(data, dict):
        raise TranscriptError(f"{origin}: expected a JSON object with 'turns'")
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        raise TranscriptError(f"{origin}: {_problems(exc)}") from exc


def load_transcripts(path: Path) -> list[Transcript]:
    """One transcript (a JSON object) or many (JSON Lines, one object per line)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.strip()
    if not stripped:
        raise TranscriptError(f"{path}: empty file")
    try:
        return [parse_transcript(json.loads(stripped), str(path))]
    except json.JSONDecodeError:
        pass
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{path}: line {n}: invalid JSON ({exc.msg})") from exc
        out.append(parse_transcript(data, f"{path}: line {n}"))
    return out
