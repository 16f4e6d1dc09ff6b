"""A call that runs past 22:00 without the debtor's consent (issue 17).

中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026): "未经债务人同意，严禁在每日晚22:00至次日早8:00
进行电话催收". Dialing at 21:50 is lawful; still collecting at 22:05 is not, unless the collector asked and
the debtor agreed to go on. The transcript says when the call was answered (``clock_start``); each
turn's time is the call-mode measurement when there is one, else an estimate from its length at a
steady speaking pace.

One finding per call at most: the first collector line after 22:00 that goes on collecting (not the
question itself, not the goodbye) while consent was never given or was refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.analysis.late_hours import asks_to_continue, late_answer, wraps_up
from simulator.catalog.rubric import RulePack
from simulator.catalog.schema import CALLING_HOURS, minutes_of
from simulator.grading.context import TurnView
from simulator.grading.result import ViolationRecord
from simulator.grading.transcript import Transcript
from simulator.messages import say

CHARS_PER_SECOND = 3.0  # Mandarin on the phone, hesitations included: about three characters a second
TURN_GAP_S = 5.0  # the pause before each line: listening, thinking, "嗯……"
DAY_S = 24 * 3600
RULE = "CN-CALL-PAST-TEN"


def line_seconds(text: str) -> float:
    return TURN_GAP_S + len(text) / CHARS_PER_SECOND


def clock(transcript: Transcript) -> list[int] | None:
    """Seconds since midnight of the start of each turn (None when the transcript has no start time)."""
    if transcript.clock_start is None:
        return None
    start = minutes_of(transcript.clock_start) * 60
    out: list[int] = []
    at = float(start)
    for turn in transcript.turns:
        if turn.call_ms is not None:
            at = max(at, start + turn.call_ms / 1000)
        out.append(int(at))
        at += line_seconds(turn.text)
    return out


def clock_now(transcript: Transcript) -> str | None:
    """The simulated time of day after the last turn ("21:57"), for a call with a start time."""
    times = clock(transcript)
    if times is None:
        return None
    last = transcript.turns[-1]
    return _hhmm(int(times[-1] + line_seconds(last.text)))


def _late(seconds: int) -> bool:
    night_from, morning = (minutes_of(t) * 60 for t in reversed(CALLING_HOURS))
    of_day = seconds % DAY_S
    return of_day >= night_from or of_day < morning


def _hhmm(seconds: int) -> str:
    of_day = seconds % DAY_S
    return f"{of_day // 3600:02d}:{of_day % 3600 // 60:02d}"


def _closes(view: TurnView) -> bool:
    return view.analysis is not None and set(view.analysis.moves) <= {"closing", "greeting", "apology", "empathy"}


def find(views: Sequence[TurnView], transcript: Transcript, pack: RulePack) -> list[ViolationRecord]:
    times = clock(transcript)
    if times is None:
        return []
    consent: bool | None = None  # None: never asked; True: agreed to go on; False: said not now
    asked = False
    for view in views:
        at = times[view.index]
        if view.analysis is None:
            answer = late_answer(view.text)
            if asked and answer is not None:
                consent = answer == "consents"
            elif answer == "refuses" and _late(at):
                consent = False  # "都十点多了,明天再说" without being asked
            asked = False
            continue
        text = view.text
        if asks_to_continue(text):
            asked = True
            continue
        if not _late(at) or consent is True or wraps_up(text) or _closes(view):
            continue
        return [_record(pack, view, _hhmm(at), refused=consent is False)]
    return []


def _record(pack: RulePack, view: TurnView, at: str, *, refused: bool) -> ViolationRecord:
    cat = pack.categories["harassment"]
    why = say("gr_late_refused") if refused else say("gr_late_not_asked")
    return ViolationRecord(
        category="harassment", severity=cat.severity, turn=view.index, quote=view.text, rule=RULE,
        description=say("gr_late_call", at=at, why=why),
        suggestion="现在已经快十点了,不好意思占用您这么久。您看是现在花两分钟把还款时间定下来,还是明天上午十点我再打给您?",
        basis=list(cat.basis))

