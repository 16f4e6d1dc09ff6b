"""The transcript file (design §6 contract, input of ``grade``) and how a session becomes one."""

from __future__ import annotations

import json
import re
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
    # Violation categories a model reading of this collector turn found and the rules did not
    # (opt-in, analysis/model_reading.py): graded as findings for a trainer to review.
    model_findings: list[str] | None = None
    # When the line began, in milliseconds after the call was answered (call mode measures it).
    call_ms: int | None = Field(default=None, ge=0)


class Transcript(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = "transcript"
    scenario: str | None = None
    archetype: str | None = None
    stage: Literal["M1", "M2", "M3", "M4"] = "M1"
    situation: str | None = None
    outcome: str | None = None
    # What the trainee's case file showed (debtor_name, gender, lender, overdue_amount, due_date,
    # days_overdue), when the call came from a scenario: better phrasings are filled from it.
    case: dict[str, str | int | None] | None = None
    # The scenario's objectives ([{"id", "zh"}]), when the call came from one: the debrief says which were met.
    objectives: list[dict[str, str]] | None = None
    # The time of day the call was answered ("21:50"), when known: a call that runs past 22:00 needs the
    # debtor's consent (grading/late_call.py).
    clock_start: str | None = Field(default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
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
    if not stripped.startswith("{"):
        return [parse_plain_text(text, origin=str(path))]
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


# Speaker prefixes of a plain-text call transcript ("催收员:…" / "客户:…"), colon full- or half-width.
_PREFIX = re.compile(r"^\s*([^::\s]{1,8})\s*[::]\s*(.*)$")
COLLECTOR_NAMES = ("催收员", "催收", "坐席", "客服", "员工", "collector", "agent")
DEBTOR_NAMES = ("客户", "债务人", "借款人", "欠款人", "debtor", "customer")
THIRD_PARTY_NAMES = ("第三方", "家属", "接听人", "联系人", "third_party")


def _speaker(label: str) -> str | None:
    low = label.lower()
    for names, speaker in ((COLLECTOR_NAMES, "collector"), (DEBTOR_NAMES, "debtor"), (THIRD_PARTY_NAMES, "third_party")):
        if low in names:
            return speaker
    return None


def parse_plain_text(text: str, *, stage: str = "M1", archetype: str | None = None, origin: str = "text") -> Transcript:
    """Parse "催收员: …" / "客户: …" lines (家属/第三方 for a third party); unprefixed lines continue the turn."""
    turns: list[dict[str, str]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _PREFIX.match(line)
        speaker = _speaker(match.group(1)) if match else None
        if speaker and match:
            turns.append({"speaker": speaker, "text": match.group(2).strip()})
        elif turns:
            turns[-1]["text"] = (turns[-1]["text"] + " " + line).strip()
        else:
            raise TranscriptError(f"{origin}: line {n}: start each turn with a speaker, e.g. “催收员:” or “客户:”")
    turns = [t for t in turns if t["text"]]
    if not turns:
        raise TranscriptError(f"{origin}: no turns found (lines like “催收员: 您好…” / “客户: 喂?”)")
    return parse_transcript({"id": "upload", "stage": stage, "archetype": archetype, "turns": turns}, origin)
