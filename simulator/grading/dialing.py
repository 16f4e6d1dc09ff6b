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
from simulator.grading.result import ViolationRecord

DAY = 24 * 60
TOO_SOON_PENALTY = 10  # per redial sooner than the plan's min_redial_minutes
NO_FOLLOW_UP_PENALTY = 30  # rang once, then nothing: no message, no later try
DAY_NAMES = ("今天", "明天", "后天")


@dataclass(frozen=True)
class Attempt:
    attempt: int
    day: int  # 0 = the scenario's day
    at: str  # HH:MM
    answered: bool

    @property
    def clock(self) -> int:
        return self.day * DAY + minutes_of(self.at)

    def label(self) -> str:
        day = DAY_NAMES[self.day] if self.day < len(DAY_NAMES) else f"第{self.day + 1}天"
        return f"第{self.attempt}次拨打({day} {self.at})"

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


def _harassment(pack: RulePack, attempt: Attempt, rule: str, description: str, suggestion: str) -> ViolationRecord:
    cat = pack.categories["harassment"]
    return ViolationRecord(category="harassment", severity=cat.severity, turn=-1, quote=attempt.label(), rule=rule,
                           suggestion=suggestion, description=description, basis=list(cat.basis))


def dialing_violations(attempts: Sequence[Attempt], plan: AnswerPlan, pack: RulePack) -> list[ViolationRecord]:
    """Calls outside 08:00–22:00 the debtor did not agree to, and more calls in a day than the plan allows."""
    found = [
        _harassment(pack, a, "CN-DIAL-NIGHT", f"在 {a.at} 拨打客户电话:未经客户同意,晚 10 点到次日早 8 点不得催收,属于夜间骚扰。",
                    "晚上十点以后不再拨打;改在第二天上午或中午休息时间再联系。客户本人要求晚些联系的,要在系统里记下他同意的时间。")
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
                f"同一天拨打了 {len(day_attempts)} 次,超过每天 {plan.max_attempts_per_day} 次的合理频次,属于频繁骚扰。",
                "无人接听时先发一条只留身份和回电方式的短信,换一个客户方便的时间段再打,不要一遍遍连续重拨。"))
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
    debrief = [f"共拨打 {len(attempts)} 次,均无人接听" + (f",发送短信 {len(messages)} 条。" if messages else "。")]
    if soon:
        debrief.append(f"有 {len(soon)} 次重拨距上一次不到 {plan.min_redial_minutes} 分钟:客户不方便接听时连续重拨"
                       "只会让他更抵触,应换一个时间段再打。")
    if not followed_up:
        debrief.append("无人接听后没有任何跟进:可以发一条只留身份和回电方式的短信,或者换到中午、晚上下班后再打。")
    if messages and not any(v.turn >= 0 for v in violations):
        debrief.append("短信没有透露欠款信息,做法合规。")
    fail_reasons = [f"{v.quote}:{v.description}" for v in violations]
    if not passed and not fail_reasons:
        fail_reasons.append(f"总分低于及格线 {rubric.pass_rules.min_overall} 分")
    return {"overall": overall, "passed": passed, "rubric": rubric.ref, "rule_pack": f"{pack.id}@{pack.version}",
            "mode": "dialing", "dimensions": {}, "violations": [v.to_dict() for v in violations],
            "fail_reasons": fail_reasons, "debrief": debrief, "judge": None}
