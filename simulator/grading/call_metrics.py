"""Call metrics of a call-mode session (issue 7): duration, talk ratio, silences, response latency.

A phone call is judged on more than words: how long it ran, who did the talking, and how long the
line went dead while the debtor waited. The browser measures the trainee's timing and sends it with
each turn (``practice/timing.py``); this module only does arithmetic on what was stored, so the same
numbers come out whenever a grade is (re)computed.

Talk ratio is by characters (every turn has text; Mandarin is spoken at a fairly even rate, so it is a
fair proxy for seconds); the trainee's own speaking seconds are reported too when turns were spoken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from simulator.messages import Said, said_json, say

# Coaching thresholds (seconds / shares): a pause past this makes a debtor ask if anyone is there.
LONG_SILENCE_S = 5.0
TALKS_TOO_MUCH = 0.65
TALKS_TOO_LITTLE = 0.3


@dataclass(frozen=True)
class TimedTurn:
    index: int
    speaker: str  # collector | debtor | third_party
    text: str
    intent: str | None = None
    input_mode: str | None = None  # spoken | typed (collector turns in call mode)
    call_ms: int | None = None  # start, ms since the call was answered (browser clock)
    duration_ms: int | None = None
    response_latency_ms: int | None = None  # quiet time before this turn
    created_at: datetime | None = None  # server clock, when stored
    interrupted: bool = False  # the debtor cut in after this collector turn


def answered_at(turns: Sequence[TimedTurn], fallback: datetime) -> datetime:
    """When the call was picked up, on the server clock. The browser reports each turn's offset from
    the answer; the server stored the turn when it arrived (offset + duration later). The earliest
    estimate has the least network delay in it; with no browser timing, the session start."""
    estimates = [
        t.created_at - timedelta(milliseconds=t.call_ms + (t.duration_ms or 0))
        for t in turns
        if t.speaker == "collector" and t.call_ms is not None and t.created_at is not None
    ]
    return min(estimates) if estimates else fallback


def _seconds(ms: float) -> float:
    return round(ms / 1000, 1)


def call_metrics(turns: Sequence[TimedTurn], *, started_at: datetime, ended_at: datetime) -> dict[str, Any]:
    """The call block of a call-mode grade and session summary (all durations in seconds)."""
    start = answered_at(turns, started_at)
    if start.tzinfo is None and ended_at.tzinfo is not None:  # SQLite hands back naive UTC
        ended_at = ended_at.replace(tzinfo=None)
    elif start.tzinfo is not None and ended_at.tzinfo is None:
        start = start.replace(tzinfo=None)
    duration = max(0.0, (ended_at - start).total_seconds())
    mine = [t for t in turns if t.speaker == "collector"]
    theirs = [t for t in turns if t.speaker != "collector"]
    collector_chars = sum(len(t.text) for t in mine)
    debtor_chars = sum(len(t.text) for t in theirs)
    total = collector_chars + debtor_chars
    spoken = [t for t in mine if t.input_mode == "spoken"]
    speech_ms = sum(t.duration_ms or 0 for t in spoken)
    gaps = [t for t in turns if t.response_latency_ms is not None]
    longest = max(gaps, key=lambda t: t.response_latency_ms or 0) if gaps else None
    latencies = [t.response_latency_ms for t in mine if t.response_latency_ms is not None]
    metrics: dict[str, Any] = {
        "duration_seconds": int(round(duration)),
        "talk_ratio": round(collector_chars / total, 2) if total else None,
        "talk_ratio_basis": "characters",
        "collector_chars": collector_chars,
        "debtor_chars": debtor_chars,
        "collector_speech_seconds": _seconds(speech_ms) if spoken else None,
        "longest_silence_seconds": _seconds(longest.response_latency_ms or 0) if longest else None,
        "longest_silence_turn": longest.index if longest else None,
        "avg_response_seconds": _seconds(sum(latencies) / len(latencies)) if latencies else None,
        "silence_prompts": sum(1 for t in theirs if t.intent == "silence"
                               or (t.intent == "hanging_up" and t.response_latency_ms is not None)),
        "spoken_turns": len(spoken),
        "typed_turns": sum(1 for t in mine if t.input_mode == "typed"),
        "interruptions": sum(1 for t in mine if t.interrupted),
    }
    metrics["notes"] = notes(metrics)
    metrics["notes_said"] = [said_json(n) for n in metrics["notes"]]
    return metrics


def notes(m: dict[str, Any]) -> list[Said]:
    """One or two plain Chinese coaching lines about the call's rhythm."""
    out: list[Said] = []
    minutes, seconds = divmod(m["duration_seconds"], 60)
    out.append(say("gr_call_length", minutes=minutes, seconds=seconds))
    longest = m["longest_silence_seconds"]
    if m["silence_prompts"]:
        out.append(say("gr_call_silence_prompts", n=m["silence_prompts"], longest=longest, limit=f"{LONG_SILENCE_S:g}"))
    elif longest is not None and longest > LONG_SILENCE_S:
        out.append(say("gr_call_longest_silence", longest=longest, turn=m["longest_silence_turn"]))
    ratio = m["talk_ratio"]
    if ratio is not None and ratio > TALKS_TOO_MUCH:
        out.append(say("gr_call_talks_too_much", share=round(ratio * 100)))
    elif ratio is not None and ratio < TALKS_TOO_LITTLE:
        out.append(say("gr_call_talks_too_little", share=round(ratio * 100)))
    if m["interruptions"]:
        out.append(say("gr_call_interrupted"))
    return out
