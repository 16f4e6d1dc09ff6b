"""How one call of a case shapes the next (issue 21, item 3). Pure: no database, no web.

Collection work is a case, not a call: the promise a debtor gives on day 3 is kept or broken by day 20, and
the day-20 call starts from that. The rules here are the training material's, and each says why:

- **A promise is kept** only when it was within the debtor's reach (no more than the hidden truth's
  ``can_pay_now``) and the collector pinned it down by repeating the amount and the day back (seed 001:
  要求客户给出具体还款时间). A 保证还款型 debtor, who promises anything to end the call, keeps it only if the
  collector also told them why the promise matters (seed 001: 告诉他兑现其还款诺言的重要性).
- **A broken promise** makes the next call the 屡次爽约 situation of seed 000 (承诺还款但屡次爽约), and the
  debtor starts it warier and less willing; a kept one makes them readier to talk. A call that ended in a
  hang-up or a shouting match starts the next one angrier.
- **The case file** grows: each earlier call is in its contact history, with its result, as a real
  collection system would show it; a kept promise lowers the amount owed, a new instalment raises it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from simulator.catalog.case_spec import CaseCall, CaseSpec
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.engine.conversation import starting_state
from simulator.engine.state import AGREED, State
from simulator.messages import Said, say

DIFFICULTY = {"M1": 1, "M2": 2, "M3": 3, "M4": 3}
BROKEN = {"anger": 0.05, "trust": -0.12, "willingness": -0.05}  # per broken promise: warier next time
KEPT = {"anger": -0.05, "trust": 0.1}  # per kept promise: the debtor is readier to talk
HEATED = {"anger": 0.1}  # the previous call ended in a hang-up or at this anger
HEATED_ANGER = 0.65
RECAP_MOVES = frozenset({"confirm_commitment"})
WHY_IT_MATTERS = frozenset({"stress_promise", "explain_consequence"})


@dataclass(frozen=True)
class CallRecord:
    """What one finished (or running) call of a case left behind."""

    number: int
    day: int
    status: str  # active | ended | left
    outcome: str  # the engine's outcome: none | promise_to_pay | payment_plan | refused | hung_up
    amount: int | None = None  # the promise, when the call ended in one
    date: str | None = None
    kept: bool | None = None  # None: no promise (or the call is still running)
    why: Said | None = None  # why the promise was kept or broken, in the training material's terms
    score: int | None = None
    passed: bool | None = None
    peak_anger: float = 0.0
    session_id: str | None = None
    mode: str = "chat"
    vague: bool = False  # the debtor only said a day ("下周四,我保证"): no amount was agreed

    @property
    def promised(self) -> bool:
        return self.amount is not None or self.vague


def promise_kept(archetype: str, amount: int, can_pay_now: int, lines: list[dict[str, Any]]) -> tuple[bool, Said]:
    """Whether the debtor keeps a promise of ``amount`` yuan, from the collector's ``lines`` (stored analyses)."""
    clean = [a for a in lines if not a.get("violations")]
    moves = {m for a in clean for m in a.get("moves") or []}
    recapped = bool(moves & RECAP_MOVES) or any((a.get("reading") or {}).get("recap") for a in clean)
    if amount > can_pay_now:
        return False, say("case_why_over_reach", amount=amount, can=can_pay_now)
    if archetype == "promiser" and not moves & WHY_IT_MATTERS:
        return False, say("case_why_promiser")
    if not recapped:
        return False, say("case_why_no_recap")
    return True, say("case_why_kept")


VAGUE_INTENTS = frozenset({"promising", "answer_date"})  # "最晚下周四,我保证": a day, and nothing pinned


def call_record(number: int, day: int, *, status: str, outcome: str, memory: dict[str, Any], archetype: str,
                can_pay_now: int, lines: list[dict[str, Any]], left: bool = False, score: int | None = None,
                debtor_intents: frozenset[str] = frozenset(), said_date: str | None = None,
                passed: bool | None = None, peak_anger: float = 0.0, session_id: str | None = None,
                mode: str = "chat") -> CallRecord:
    amount, when, kept, why, vague = None, None, None, None, False
    if status == "ended" and not left:
        if outcome in AGREED:
            amount = int(memory.get("agreed_amount") or 0) or None
            when = memory.get("agreed_date")
            if amount is not None:
                kept, why = promise_kept(archetype, amount, can_pay_now, lines)
        elif outcome == "none" and debtor_intents & VAGUE_INTENTS:
            # The debtor named a day and the call ended there: a promise nobody pinned down is not kept
            # (seed 001, 推托型 and 保证还款型: 要求客户给出具体还款时间, 不接受模糊保证).
            vague, when, kept, why = True, said_date, False, say("case_why_vague", date=said_date or "")
    return CallRecord(number=number, day=day, status="left" if left else status, outcome=outcome, amount=amount,
                      date=when, kept=kept, why=why, score=score, passed=passed, peak_anger=peak_anger,
                      session_id=session_id, mode=mode, vague=vague)


def due_day(text: str) -> date | None:
    """「2026年10月16日」 as a date (None when the case file writes it some other way)."""
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def call_date(base: Scenario, day: int) -> str:
    start = due_day(base.case_file.due_date)
    if start is None:
        return f"逾期第{day}天"
    when = start + timedelta(days=day)
    return f"{when.year}年{when.month}月{when.day}日"


def _result(record: CallRecord) -> str:
    """The contact-history line of an earlier call, as the collection system records it by the next call
    (by then the promised day has passed: it says whether the money came)."""
    if record.status == "left" or (record.outcome == "none" and record.score is None):
        return "通话中断，未达成约定"
    if record.outcome == "hung_up":
        return "接通后客户挂断电话"
    if record.outcome == "refused":
        return "接通。客户拒绝还款"
    if record.vague:
        return f"接通。客户口头称{record.date or ''}还款，未约定金额，到期未还"
    if not record.promised:
        return "接通。未约定还款"
    promise = f"接通。客户承诺{record.date or ''}还款{record.amount}元"
    return promise + ("，已按约还款" if record.kept else "，到期未还")


def owed(base: Scenario, case: CaseSpec, records: list[CallRecord], number: int) -> int:
    """What the system shows as overdue at call ``number``: the base amount, plus instalments fallen due,
    less the promises kept before it."""
    fallen = sum(c.falls_due for c in case.calls[:number])
    paid = sum(r.amount or 0 for r in records if r.number < number and r.kept)
    return base.case_file.overdue_amount + fallen - paid


def next_call(case: CaseSpec, base: Scenario, card: PersonaCard, records: list[CallRecord]) -> tuple[int, dict] | None:
    """The number of the next call and the scenario fields it plays (``db.live_catalog.played_as``), or
    None when the case is over: every call made, or the debt cleared by a promise kept."""
    number = len(records) + 1
    step = case.call(number)
    if step is None or (records and owed(base, case, records, number) <= 0):
        return None
    return number, call_fields(case, base, card, step, number, records)


def call_fields(case: CaseSpec, base: Scenario, card: PersonaCard, step: CaseCall, number: int,
                records: list[CallRecord]) -> dict[str, Any]:
    broken = sum(1 for r in records if r.kept is False)
    history = [c.model_dump() for c in case.start.contact_history]
    for record in records:
        history.append({"date": call_date(base, record.day), "channel": "电话", "result": _result(record)})
    notes = case.start.notes
    if broken:
        notes += f"已{broken}次约定还款未兑现。"
    case_file = {**base.case_file.model_dump(), "days_overdue": step.day, "contact_history": history,
                 "notes": notes, "overdue_amount": max(1, owed(base, case, records, number))}
    situation = "broken_promises" if broken else base.situation
    difficulty = DIFFICULTY.get(step.stage, base.difficulty)
    draft = base.model_copy(update={"stage": step.stage, "difficulty": difficulty, "initial_state": None})
    return {
        "case": case.id,
        "number": number,
        "day": step.day,
        "stage": step.stage,
        "difficulty": difficulty,
        "situation": situation,
        "title": step.title.model_dump(),
        "brief": step.brief.model_dump(),
        "case_file": case_file,
        "objectives": [o.model_dump() for o in step.objectives],
        "initial_state": carried_state(starting_state(draft, card), records).to_dict(),
    }


def carried_state(start: State, records: list[CallRecord]) -> State:
    """The debtor's mood at the start of the next call: this stage's, moved by what the earlier calls left."""
    state = start
    for record in records:
        if record.kept is True:
            state = state.shifted(KEPT)
        elif record.kept is False:
            state = state.shifted(BROKEN)
    if records and (records[-1].outcome == "hung_up" or records[-1].peak_anger >= HEATED_ANGER):
        state = state.shifted(HEATED)
    return state


def case_summary(case: CaseSpec, base: Scenario, records: list[CallRecord]) -> dict[str, Any]:
    """The case debrief's figures: promises made and kept, money recovered, and the score of each call."""
    promises = [r for r in records if r.promised]
    kept = [r for r in promises if r.kept]
    fallen = sum(c.falls_due for c in case.calls[:len(records)])
    total = base.case_file.overdue_amount + fallen
    recovered = sum(r.amount or 0 for r in kept)
    scores = [r.score for r in records if r.score is not None]
    return {
        "calls": len(records),
        "promises": len(promises),
        "kept": len(kept),
        "broken": len(promises) - len(kept),
        "recovered": recovered,
        "owed": total,
        "cleared": recovered >= total,
        "scores": scores,
        "passed": sum(1 for r in records if r.passed),
        "lesson": case_lesson(base, records),
    }


def case_lesson(base: Scenario, records: list[CallRecord]) -> Said | None:
    """The one thing to take from the case as a whole (seed-grounded), or None when nothing stands out."""
    broken = [r for r in records if r.kept is False]
    if broken and all(r.passed for r in records):
        # Each call alone passed; the case did not: a promise nobody pinned down scores well and collects nothing.
        return say("case_lesson_hollow", n=len(broken), why=broken[-1].why)
    if broken:
        return broken[-1].why
    if records and not any(r.promised for r in records):
        return say("case_lesson_no_promise")
    if records and all(r.kept for r in records if r.promised):
        return say("case_lesson_all_kept")
    return None
