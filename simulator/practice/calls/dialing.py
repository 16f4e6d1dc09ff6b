"""Dialing a phone-mode call (issue 7): who picks up, on which attempt, and the text message left
when nobody does.

Every call-mode session is dialled through ``dial``: the scenario's answer plan
(``Scenario.answer_plan``) decides whether the attempt is answered. Most scenarios answer the first
call; a ``no_answer`` scenario rings out until the trainee calls back at a time the debtor can take
calls. The attempts are kept in the engine memory (``Memory.dials``: attempt, simulated day and time
of day, answered) so a reload or a regrade sees them. The debtor's opening line is created with the
session; while nobody has answered it is held back (removed from the transcript and kept with the
first attempt) and is put back, after any text messages, when someone picks up.

A text message is a collector turn with ``input_mode == "sms"``: nobody replies to it, and the grader
reads it like any line said before the listener was identified (``grading/dialing.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from simulator.analysis import analyze
from simulator.catalog.loader import Catalog
from simulator.catalog.rubric import Rubric, RulePack
from simulator.catalog.schema import CALLING_HOURS, AnswerPlan, minutes_of
from simulator.core.errors import Conflict, InvalidInput
from simulator.db import repository as repo
from simulator.db.live_catalog import session_catalog
from simulator.db.models import PracticeSession, Turn, User, utcnow
from simulator.db.turn_rows import TurnRow
from simulator.grading.dialing import DAY, Attempt, Message, at_night, grade_unanswered
from simulator.messages import Said, say
from simulator.practice.service import check_message, load_session

SMS = "sms"  # Turn.input_mode of a text message
MAX_ATTEMPTS = 10
MAX_MESSAGES = 3
MAX_DAY = 6
ENDED = "session: this call has ended; start a new session"
# What the carrier plays when nobody picks up (mainland operators' recorded prompt).
CARRIER_NO_ANSWER = "您好,您拨打的电话暂时无人接听,请稍后再拨。"


@dataclass(frozen=True)
class DialResult:
    attempt: dict[str, Any]
    answered: bool
    opening: Turn | None  # the line heard when someone picks up


def plan_of(db: Session, catalog: Catalog, practice: PracticeSession) -> AnswerPlan:
    return session_catalog(db, catalog, practice)[1].answer_plan()  # the version the session plays


def dials(practice: PracticeSession) -> list[dict[str, Any]]:
    return list((practice.engine_memory or {}).get("dials") or [])


def attempts_of(practice: PracticeSession) -> list[Attempt]:
    return [Attempt.from_dict(d) for d in dials(practice)]


def answered(practice: PracticeSession) -> bool:
    """Has anyone picked up? (A session from before dialing was recorded counts as answered.)"""
    records = dials(practice)
    return not records or any(d.get("answered") for d in records)


def messages_of(turns: list[Turn]) -> list[Message]:
    return [Message(turn=t.index, text=t.text) for t in turns if t.speaker == "collector" and t.input_mode == SMS]


def _save(practice: PracticeSession, records: list[dict[str, Any]]) -> None:
    practice.engine_memory = {**(practice.engine_memory or {}), "dials": records}  # a new dict: JSON change seen
    practice.updated_at = utcnow()


def _when(records: list[dict[str, Any]], plan: AnswerPlan, day: int | None, at: str | None) -> tuple[int, str]:
    if not records:  # the first call is placed at the scenario's time, on its day
        return 0, plan.first_call_at
    if day is None or at is None:
        raise InvalidInput("at: say when to call back (day and at)", field="at")
    last = Attempt.from_dict(records[-1])
    if day * DAY + minutes_of(at) <= last.clock:
        raise InvalidInput(f"at: a call back must be later than the last attempt ({last.label()})", field="at")
    return day, at


def dial(db: Session, catalog: Catalog, user: User, session_id: str, *, day: int | None = None,
         at: str | None = None) -> DialResult:
    """Place the next attempt (the first at the scenario's time; later ones at ``day``/``at``)."""
    practice = load_session(db, user, session_id, write=True)
    if practice.mode != "call":
        raise Conflict("mode: dialing belongs to call-mode sessions", field="session_id")
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    records = dials(practice)
    done = next((d for d in records if d.get("answered")), None)
    turns = list(repo.list_turns(session=db, session_id=practice.id))
    if done is not None:  # already through (the page was reloaded): the same answer again
        return DialResult(attempt=done, answered=True, opening=next((t for t in turns if t.intent == "opening"), None))
    if len(records) >= MAX_ATTEMPTS:
        raise Conflict(f"attempt: at most {MAX_ATTEMPTS} attempts in one session; end it and review", field="at")
    plan = plan_of(db, catalog, practice)
    when_day, when_at = _when(records, plan, day, at)
    number = len(records) + 1
    previous = Attempt.from_dict(records[-1]) if records else None
    record: dict[str, Any] = {
        "attempt": number, "day": when_day, "at": when_at, "answered": plan.answers(number, when_at),
        "night": at_night(when_at), "dialled_at": utcnow().isoformat(),
        "too_soon": previous is not None and when_day * DAY + minutes_of(when_at) - previous.clock < plan.min_redial_minutes,
    }
    opening = next((t for t in turns if t.intent == "opening" and t.speaker != "collector"), None)
    if record["answered"]:
        held = next((d["held_opening"] for d in records if d.get("held_opening")), None)
        if held is not None:  # put the opening back, after any message left meanwhile
            opening = repo.insert_turn(session=db, row=TurnRow(
                session_id=practice.id, index=repo.next_turn_index(session=db, session_id=practice.id), **held))
    elif opening is not None:  # nobody heard it: keep it until someone picks up
        record["held_opening"] = {"speaker": opening.speaker, "text": opening.text, "intent": opening.intent,
                                  "state": opening.state, "outcome": opening.outcome}
        db.delete(opening)
        opening = None
    _save(practice, [*records, record])
    db.add(practice)
    db.commit()
    public = {k: v for k, v in record.items() if k != "held_opening"}
    return DialResult(attempt=public, answered=record["answered"], opening=opening)


def send_sms(db: Session, catalog: Catalog, user: User, session_id: str, text: Any, *, max_chars: int) -> TurnRow:
    """Leave a text message after a call nobody answered; stored as the trainee's turn, graded, unanswered."""
    cleaned = check_message(text, max_chars=min(max_chars, 500))
    practice = load_session(db, user, session_id, write=True)
    if practice.mode != "call":
        raise Conflict("mode: text messages belong to call-mode sessions", field="session_id")
    if practice.status != "active":
        raise Conflict(ENDED, field="session_id")
    if not dials(practice) or answered(practice):
        raise Conflict("session: a text message is for a call nobody answered", field="session_id")
    turns = list(repo.list_turns(session=db, session_id=practice.id))
    if len(messages_of(turns)) >= MAX_MESSAGES:
        raise Conflict(f"text: at most {MAX_MESSAGES} messages; more is harassment", field="text")
    turn = repo.insert_turn(session=db, row=TurnRow(
        session_id=practice.id, index=repo.next_turn_index(session=db, session_id=practice.id), speaker="collector",
        text=cleaned, analysis=analyze(cleaned).to_dict(), input_mode=SMS))
    repo.touch(session=db, practice=practice)
    db.commit()
    return turn


def public_attempts(practice: PracticeSession) -> list[dict[str, Any]]:
    """The attempts as the page, the session summary and the grade's call block show them."""
    return [{k: v for k, v in d.items() if k != "held_opening"} for d in dials(practice)]


def coaching(attempts: list[dict[str, Any]]) -> list[Said]:
    """Lines for the call block about when and how often the trainee dialled."""
    start, end = CALLING_HOURS
    out = [say("gr_dial_attempt_at_night", attempt=a["attempt"], at=a["at"], start=start, end=end)
           for a in attempts if a.get("night")]
    soon = [str(a["attempt"]) for a in attempts if a.get("too_soon")]
    if soon:
        out.append(say("gr_dial_redialled_at_once", attempts=soon))
    return out


def page_view(practice: PracticeSession) -> dict[str, Any]:
    """The dialing state the call page starts from."""
    records = public_attempts(practice)
    return {"attempts": records, "answered": answered(practice) and bool(records),
            "rang_out": bool(records) and not answered(practice)}


def grade_if_unanswered(db: Session, catalog: Catalog, practice: PracticeSession, rubric: Rubric,
                        pack: RulePack) -> dict[str, Any] | None:
    """The grade of a call-mode session nobody picked up (None when someone did, or for chat)."""
    if practice.mode != "call" or answered(practice):
        return None
    turns = list(repo.list_turns(session=db, session_id=practice.id))
    return grade_unanswered(attempts_of(practice), messages_of(turns), plan_of(db, catalog, practice), rubric, pack)
