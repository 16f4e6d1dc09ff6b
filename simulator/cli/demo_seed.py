"""Demo data so the HR dashboard means something on first run: a cohort of six trainees with
weeks of practice behind them.

Nothing is made up: every session is played turn by turn against the offline engine through the
same service calls the browser uses, graded by the real grader, then moved back to the day it is
meant to have happened; certificates are issued by the real rule at that moment. The six profiles
cover what HR looks for: a certified star, an improver, a red-line risk, a trainee who stopped
practising, one whose scores are falling, and a senior working on L2.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from simulator.accounts.service import create_user, generate_password
from simulator.catalog.loader import Catalog
from simulator.certification import service as certification
from simulator.core.errors import Conflict, ServiceError
from simulator.db import repository as repo
from simulator.db.models import Cohort, CohortMember, User, utcnow
from simulator.practice import debrief
from simulator.practice import service as practice
from simulator.practice.demo_scripts import script_for

COHORT_NAME = "演示班组 · 新人一期"
L1 = "新人上岗认证 L1"
M1 = ["provocative-m1", "evasive-m1", "victim-m1", "confident-m1", "stubborn-m1", "sophisticated-m1", "promiser-m1"]
M3 = [s.replace("-m1", "-m3") for s in M1]
SITUATIONS = ["broken-promises", "complaint-unwilling", "deceased-relative", "no-ability-short", "no-ability-long",
              "third-party-answers"]
Plan = list[tuple[float, str, str]]  # (days ago, scenario id, script quality)


def _spread(start: float, end: float, items: list[tuple[str, str]]) -> Plan:
    step = (start - end) / max(len(items) - 1, 1)
    return [(round(start - i * step, 2), sc, q) for i, (sc, q) in enumerate(items)]


PROFILES: list[tuple[str, str, Plan]] = [
    ("demo_wang", "王晓明",  # the star: all seven M1 archetypes passed, certified L1
     _spread(24, 2, [(M1[0], "fair"), *[(s, "good") for s in M1], (M3[0], "good")])),
    ("demo_li", "李娜",  # the improver: rough start, five of seven done
     _spread(26, 1, [(M1[2], "weak"), (M1[0], "fair"), (M1[2], "good"), (M1[1], "good"), (M1[0], "good"),
                     (M1[4], "weak"), (M1[6], "good"), (M1[3], "good")])),
    ("demo_zhang", "张伟",  # the red-line risk: good scores but critical violations
     _spread(20, 1, [(M1[0], "good"), (M1[1], "red_line"), (M1[2], "fair"), (M1[3], "red_line"), (M1[4], "good"),
                     (M1[5], "red_line")])),
    ("demo_liu", "刘洋",  # stopped practising three weeks ago; the oldest call is already outside the window
     _spread(34, 19, [(M1[0], "good"), (M1[1], "fair"), (M1[2], "weak")])),
    ("demo_chen", "陈静",  # falling: a strong start, then weak and poor calls
     _spread(22, 1, [(M1[0], "good"), (M1[1], "good"), (M1[2], "good"), (M1[3], "weak"), (M1[4], "poor"),
                     (M1[5], "poor")])),
    ("demo_zhao", "赵磊",  # the senior: L1 certified, well into L2
     _spread(28, 1, [*[(s, "good") for s in M1], *[(s, "good") for s in M3[:5]], (SITUATIONS[0], "good"),
                     (SITUATIONS[2], "good"), (SITUATIONS[5], "fair")])),
]


@dataclass
class SeedReport:
    cohort: str
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, display name, password)
    sessions: int = 0
    certificates: list[tuple[str, str, str]] = field(default_factory=list)  # (username, programme, code)


def _play(db: Session, catalog: Catalog, user: User, scenario_id: str, quality: str, when: datetime,
          seed: int) -> datetime:
    """Play and grade one call, dated ``when``; returns when it ended."""
    scenario = catalog.scenario(scenario_id)
    assert scenario is not None, scenario_id
    session, _ = practice.start_session(db, catalog, user, scenario_id, seed=seed)
    for line in script_for(scenario, catalog.personas[scenario.persona].archetype, quality):
        try:
            practice.send_turn(db, catalog, user, session.id, line, max_chars=2000)
        except ServiceError:  # the debtor hung up: the call is over, as in the browser
            break
    minutes = 0.0
    turns = repo.list_turns(session=db, session_id=session.id)
    for turn in turns:  # a believable pace: one exchange every 20–50 seconds
        minutes += random.Random(seed + turn.index).uniform(0.3, 0.8)
        turn.created_at = when + timedelta(minutes=minutes)
        db.add(turn)
    session.started_at, session.ended_at, session.updated_at = when, when + timedelta(minutes=minutes + 0.5), \
        when + timedelta(minutes=minutes + 0.5)
    session.status = "ended"
    session.summary = debrief.summary(db, session)
    db.add(session)
    grade = debrief.grade_session(db, catalog, session)
    grade.created_at = session.ended_at
    db.add(grade)
    db.commit()
    return session.ended_at


def seed_demo(db: Session, catalog: Catalog, *, seed: int | None = None, now: datetime | None = None,
              trainees: int = len(PROFILES)) -> SeedReport:
    """Create the demo cohort, its trainees (generated passwords) and their graded sessions; commits."""
    if repo.get_cohort_by_name(session=db, name=COHORT_NAME):
        raise Conflict(f"cohort: {COHORT_NAME!r} already exists; the demo data is seeded")
    now = now or utcnow()
    rng = random.Random(seed)
    programme = repo.get_programme_by_name(session=db, name=L1)
    cohort = repo.add_cohort(session=db, cohort=Cohort(
        name=COHORT_NAME, programme_id=programme.id if programme else None,
        description="演示数据:六名学员过去几周的真实练习记录(离线引擎对练、规则评分)。"))
    report = SeedReport(cohort=COHORT_NAME)
    trainer = repo.get_user_by_username(session=db, username="trainer")
    if trainer is not None and trainer.role == "trainer":
        repo.add_member(session=db, member=CohortMember(cohort_id=cohort.id, user_id=trainer.id, role="trainer"))
    for username, name, plan in PROFILES[:trainees]:
        if repo.get_user_by_username(session=db, username=username):
            raise Conflict(f"username: {username!r} already exists; the demo data is seeded")
        password = generate_password()
        user = create_user(db, username=username, role="trainee", password=password, display_name=name,
                           must_change=True)
        repo.add_member(session=db, member=CohortMember(cohort_id=cohort.id, user_id=user.id, role="trainee"))
        db.commit()
        report.accounts.append((username, name, password))
        for days_ago, scenario_id, quality in plan:
            when = now - timedelta(days=days_ago, hours=rng.uniform(0, 3))
            end = _play(db, catalog, user, scenario_id, quality, when, rng.randrange(2**31))
            report.sessions += 1
            for cert in certification.check_and_issue(db, user.id, now=end):
                report.certificates.append((username, cert.programme_name, cert.code))
            db.commit()
    return report
