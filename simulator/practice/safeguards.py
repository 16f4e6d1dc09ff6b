"""Trainee safeguards (issue 21, item 5): leaving a call without penalty, a word after a very hostile call,
and each trainee's exposure to hostile calls where their trainer can see it.

Seed 000's emotion-control advice is the material: 催收工作充满了情绪化的挑战……作为催收员,我们需要学会管理
自己的情绪,保持冷静和专业。在处理恶意欠款人时,我们不能被他们的侮辱和激怒所影响. A practice tool that plays
an abusive debtor owes the trainee the same care: a way out, a moment to breathe, and a trainer who notices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from simulator.analysis.listener import read_listener
from simulator.core.errors import Conflict
from simulator.db.models import PracticeSession, Turn, utcnow

HOSTILE_ANGER = 0.9  # a debtor this angry at any point makes a call hostile
HOSTILE_PROVOCATIONS = 3  # ... as do this many provoking lines (insults, accusations, dares, shouting)
EXPOSURE_DAYS = 7
# The training material's words on keeping one's composure (seed 000), quoted with the note.
EMOTION_RULE = "作为催收员,我们需要学会管理自己的情绪,保持冷静和专业。在处理恶意欠款人时,我们不能被他们的侮辱和激怒所影响。"
EMOTION_SOURCE = "seeds/000_29ea23eb588e2958.txt"


def peak_anger(turns: Iterable[Turn]) -> float:
    return max((float((t.state or {}).get("anger", 0.0)) for t in turns if t.speaker != "collector"), default=0.0)


def provocations(turns: Iterable[Turn]) -> int:
    """The debtor's (or a third party's) lines that provoke: insults, accusations, dares, shouting, threats."""
    return sum(1 for t in turns if t.speaker != "collector" and read_listener(t.text).provocations)


def hostility(turns: Sequence[Turn]) -> dict[str, Any]:
    """What a call's summary keeps of its hostility: the peak anger, the provoking lines, and whether it was
    hostile enough for a word afterwards and to count in the trainee's exposure."""
    peak, provoked = peak_anger(turns), provocations(turns)
    return {"peak_anger": round(peak, 2), "provocations": provoked,
            "hostile": peak >= HOSTILE_ANGER or provoked >= HOSTILE_PROVOCATIONS}


def left_early(practice: PracticeSession) -> bool:
    return bool((practice.summary or {}).get("left"))


def refuse_if_left(practice: PracticeSession) -> None:
    """A call the trainee left is not graded, by the end of the call or by a trainer: leaving costs nothing."""
    if left_early(practice):
        raise Conflict("session: the trainee left this call; it is not graded", field="session_id")


def exposure(rows: Iterable[tuple[PracticeSession, Any]], *, now: datetime | None = None,
             days: int = EXPOSURE_DAYS) -> list[dict[str, Any]]:
    """Per trainee, their hostile calls (and calls they left) in the last ``days``: most exposed first."""
    since = (now or utcnow()) - timedelta(days=days)
    out: dict[int, dict[str, Any]] = {}
    for practice, trainee in rows:
        started = practice.started_at
        if started.tzinfo is None and since.tzinfo is not None:
            started = started.replace(tzinfo=since.tzinfo)
        summary = practice.summary or {}
        if started < since or not (summary.get("hostile") or summary.get("left")):
            continue
        entry = out.setdefault(practice.user_id, {"trainee": trainee, "hostile": 0, "left": 0, "last": started})
        entry["hostile"] += 1 if summary.get("hostile") else 0
        entry["left"] += 1 if summary.get("left") else 0
        entry["last"] = max(entry["last"], started)
    return sorted(out.values(), key=lambda e: (-e["hostile"], -e["left"], e["last"]))
