"""Grading the dialing of a phone-mode session (issue 7): when the trainee called, how often, and what
they did when nobody answered.

Seed 000 (5) 暂时无应答的: "在不同时间段拨打,或以短信方式联系"; seed 003: for 无人接听, "选取不同的时间段
继续联系", e.g. in the evening. The rule pack's harassment category sets the limits: calls between 08:00
and 22:00 (``CALLING_HOURS``) unless the debtor agreed on record to a later or earlier time (``agreed_hours``), at a reasonable frequency (the scenario's ``max_attempts_per_day``). A
text message is read by whoever holds the phone, so it is checked like any line said before the
listener was identified (``legality.find_violations``: debt details are a privacy breach).

Pure functions over the stored attempts and messages, so a regrade gives the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.analysis import analyze
from simulator.catalog.rubric import Rubric, RulePack
from simulator.catalog.schema import CALLING_HOURS, AnswerPlan, minutes_of
from simulator.grading import legality
from simulator.grading.context import TurnView
from simulator.grading.result import ViolationRecord, with_said
from simulator.messages import N_, Said, say

DAY = 24 * 60
TOO_SOON_PENALTY = 10  # per redial sooner than the plan's min_redial_minutes
NO_FOLLOW_UP_PENALTY = 30  # rang once, then nothing: no message, no later try
DAY_NAMES = (N_("gr_day_0"), N_("gr_day_1"), N_("gr_day_2"))


@dataclass(frozen=True)
class Attempt:
    attempt: int
    day: int  # 0 = the scenario's day
    at: str  # HH:MM
    answered: bool

    @property
    def clock(self) -> int:
        return self.day * DAY + minutes_of(self.at)

    def label(self) -> Said:
        day = say(DAY_NAMES[self.day]) if self.day < len(DAY_NAMES) else say("gr_day_n", n=self.day + 1)
        return say("gr_attempt_label", attempt=self.attempt, day=day, at=self.at)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        return cls(attempt=int(data["attempt"]), day=int(data["day"]), at=str(data["at"]),
                   answered=bool(data["answered"]))


@dataclass(frozen=True)
class Message:
    turn: int
    text: str


def at_night(at: str) -> bool:
    start, end = (minutes_of(t) for t in CALLING_HOURS)
    return not start <= minutes_of(at) < end


def too_soon(attempts: Sequence[Attempt], plan: AnswerPlan) -> list[Attempt]:
    """Redials placed sooner than ``min_redial_minutes`` after a call nobody answered."""
    return [b for a, b in zip(attempts, attempts[1:], strict=False)
            if not a.answered and b.clock - a.clock < plan.min_redial_minutes]


def _harassment(pack: RulePack, attempt: Attempt, rule: str, description: Said, suggestion: Said) -> ViolationRecord:
    cat = pack.categories["harassment"]
    return ViolationRecord(category="harassment", severity=cat.severity, turn=-1, quote=attempt.label(), rule=rule,
                           suggestion=suggestion, description=description, basis=list(cat.basis))


def dialing_violations(attempts: Sequence[Attempt], plan: AnswerPlan, pack: RulePack) -> list[ViolationRecord]:
    """Calls outside 08:00–22:00 the debtor did not agree to, and more calls in a day than the plan allows."""
    found = [
        _harassment(pack, a, "CN-DIAL-NIGHT", say("gr_dial_night", at=a.at), say("gr_dial_night_instead"))
        for a in attempts if at_night(a.at) and not plan.agreed(a.at)
    ]
    by_day: dict[int, list[Attempt]] = {}
    for a in attempts:
        by_day.setdefault(a.day, []).append(a)
    for day_attempts in by_day.values():
        if len(day_attempts) > plan.max_attempts_per_day:
            extra = day_attempts[plan.max_attempts_per_day]
            found.append(_harassment(
                pack, extra, "CN-DIAL-TOO-OFTEN",
                say("gr_dial_too_often", n=len(day_attempts), limit=plan.max_attempts_per_day),
                say("gr_dial_too_often_instead")))
    return found


def message_violations(messages: Sequence[Message], pack: RulePack) -> list[ViolationRecord]:
    """A text message may be read by anyone: checked like a line said before the listener is identified."""
    views = [TurnView(m.turn, "collector", m.text, analyze(m.text), None, verified_before=False,
                      third_party_on_line=False, anger_before=0.3, provoked=False, prev_pressure=0)
             for m in messages]
    return legality.find_violations(views, pack)


def grade_unanswered(
    attempts: Sequence[Attempt], messages: Sequence[Message], plan: AnswerPlan, rubric: Rubric, pack: RulePack,
) -> dict[str, Any]:
    """The grade of a call nobody answered: compliance of the dialing and of any message left, and
    whether the trainee followed up (a lawful message, or a later try at another time of day)."""
    violations = dialing_violations(attempts, plan, pack) + message_violations(messages, pack)
    soon = too_soon(attempts, plan)
    followed_up = bool(messages) or any(
        b.clock - a.clock >= plan.min_redial_minutes for a, b in zip(attempts, attempts[1:], strict=False))
    critical = [v for v in violations if v.category in rubric.pass_rules.critical_categories]
    points = 100 - TOO_SOON_PENALTY * len(soon) - (0 if followed_up else NO_FOLLOW_UP_PENALTY)
    majors = [v for v in violations if v.severity == "major"]
    if majors:
        points -= legality.FIRST_MAJOR_PENALTY + legality.NEXT_MAJOR_PENALTY * (len(majors) - 1)
    overall = 0 if critical else max(0, points)
    passed = overall >= rubric.pass_rules.min_overall and not (critical and rubric.pass_rules.fail_on_critical)
    debrief = [say("gr_dial_summary_texts", n=len(attempts), texts=len(messages)) if messages
               else say("gr_dial_summary", n=len(attempts))]
    if soon:
        debrief.append(say("gr_dial_too_soon", n=len(soon), minutes=plan.min_redial_minutes))
    if not followed_up:
        debrief.append(say("gr_dial_no_follow_up"))
    if messages and not any(v.turn >= 0 for v in violations):
        debrief.append(say("gr_dial_text_lawful"))
    fail_reasons = [say("gr_dial_fail_item", what=v.quote, why=v.description) for v in violations]
    if not passed and not fail_reasons:
        fail_reasons.append(say("gr_dial_below_pass", floor=rubric.pass_rules.min_overall))
    return with_said({"overall": overall, "passed": passed, "rubric": rubric.ref,
                      "rule_pack": f"{pack.id}@{pack.version}", "mode": "dialing", "dimensions": {},
                      "violations": [v.to_dict() for v in violations], "fail_reasons": fail_reasons,
                      "debrief": debrief, "judge": None}, debrief=debrief, fail_reasons=fail_reasons)
