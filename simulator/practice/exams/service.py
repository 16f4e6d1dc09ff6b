"""Exam mode (issue 21, item 1): a trainer or HR assigns an exam to a cohort; each trainee gets one attempt.

An attempt is a practice session carrying ``exam_id`` and a ``deadline``: the scenario is drawn at random
from the exam's pool and played under a random seed; there are no hints, no study notes, and the case
file does not name the debtor's type (the title and brief would); there is no rewind and no retry; the
trainee cannot ask for a re-grade; the call ends when its time is up. One attempt per trainee unless HR
(or the cohort's trainer) grants another. A programme requirement marked ``exam`` counts exam attempts only.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from simulator.accounts import cohorts
from simulator.catalog.loader import Catalog
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from simulator.db import repository as repo
from simulator.db.models import Exam, ExamGrant, Grade, PracticeSession, User, utcnow
from simulator.practice import debrief
from simulator.practice import service as practice

STAFF = ("trainer", "hr", "admin")
MAX_MINUTES = 60


def _staff(db: Session, user: User) -> list[int] | None:
    """The cohorts whose exams ``user`` sets (None: all of them, for HR and admins)."""
    if user.role not in STAFF:
        raise Forbidden("role: exams are set by a trainer or HR")
    return cohorts.visible_ids(db, user)


def _staff_exam(db: Session, user: User, exam_id: int) -> Exam:
    visible = _staff(db, user)
    exam = repo.get_exam(session=db, exam_id=exam_id)
    if exam is None or (visible is not None and exam.cohort_id not in visible):
        raise NotFound(f"exam_id: unknown exam {exam_id}", field="exam_id")
    return exam


def create_exam(db: Session, catalog: Catalog, user: User, *, name: Any, cohort_id: Any, pool: Any,
                time_limit_minutes: Any) -> Exam:
    visible = _staff(db, user)
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 80:
        raise InvalidInput("name: give the exam a name (at most 80 characters)", field="name")
    if isinstance(cohort_id, bool) or not isinstance(cohort_id, int) or repo.get_cohort(
            session=db, cohort_id=cohort_id) is None or (visible is not None and cohort_id not in visible):
        raise InvalidInput(f"cohort_id: unknown cohort {cohort_id!r}", field="cohort_id")
    if not isinstance(pool, list) or not pool or not all(isinstance(s, str) for s in pool):
        raise InvalidInput("pool: list at least one scenario to draw the exam call from", field="pool")
    chosen = list(dict.fromkeys(pool))
    for scenario_id in chosen:
        scenario = catalog.scenario(scenario_id)
        if scenario is None:
            raise InvalidInput(f"pool: unknown scenario {scenario_id!r}", field="pool")
        if scenario.call_only():
            raise InvalidInput(f"pool: {scenario_id!r} is played in call mode only; an exam call is a chat",
                               field="pool")
    if isinstance(time_limit_minutes, bool) or not isinstance(time_limit_minutes, int) \
            or not 1 <= time_limit_minutes <= MAX_MINUTES:
        raise InvalidInput(f"time_limit_minutes: between 1 and {MAX_MINUTES}", field="time_limit_minutes")
    exam = repo.add_exam(session=db, exam=Exam(name=name.strip(), cohort_id=cohort_id, pool=chosen,
                                               time_limit_minutes=time_limit_minutes, created_by=user.id))
    db.commit()
    return exam


def staff_exams(db: Session, user: User) -> list[Exam]:
    return list(repo.list_exams(session=db, cohort_ids=_staff(db, user)))


def _trainee_cohorts(db: Session, user: User) -> list[int]:
    return [m.cohort_id for m in repo.memberships_of(session=db, user_id=user.id) if m.role == "trainee"]


def _allowed(db: Session, exam: Exam, user_id: int) -> int:
    return 1 + repo.grant_counts(session=db, exam_id=exam.id or 0).get(user_id, 0)


def grant_attempt(db: Session, user: User, exam_id: int, *, trainee_id: Any, reason: Any = "") -> ExamGrant:
    """One more attempt for a trainee of the exam's cohort."""
    exam = _staff_exam(db, user, exam_id)
    if isinstance(trainee_id, bool) or not isinstance(trainee_id, int) \
            or trainee_id not in cohorts.trainee_ids(db, exam.cohort_id):
        raise InvalidInput(f"user_id: {trainee_id!r} is not a trainee of the exam's cohort", field="user_id")
    if not isinstance(reason, str) or len(reason) > 200:
        raise InvalidInput("reason: at most 200 characters", field="reason")
    grant = repo.add_exam_grant(session=db, grant=ExamGrant(exam_id=exam.id or 0, user_id=trainee_id,
                                                            granted_by=user.id, reason=reason.strip()))
    db.commit()
    return grant


def past_deadline(session: PracticeSession, now: datetime | None = None) -> bool:
    return session.deadline is not None and (now or utcnow()) > practice.past_due(session.deadline)


def expire_if_due(db: Session, catalog: Catalog, session: PracticeSession) -> bool:
    """End and grade (rules only) an exam call whose time is up; True when it did."""
    if session.exam_id is None or session.status != "active" or not past_deadline(session):
        return False
    owner = repo.get_user(session=db, user_id=session.user_id)
    if owner is None:
        return False
    ended, needs_grade = debrief.close_session(db, catalog, owner, session.id)
    if needs_grade:
        debrief.record_end_grade(db, catalog, ended, None)
    return True


def exam_name(db: Session, session: PracticeSession) -> str | None:
    exam = repo.get_exam(session=db, exam_id=session.exam_id) if session.exam_id is not None else None
    return exam.name if exam else None


@dataclass
class AttemptView:
    session_id: str
    scenario_id: str
    status: str
    started_at: datetime
    deadline: datetime | None
    score: int | None = None
    passed: bool | None = None
    left: bool = False


@dataclass
class ExamStatus:
    """One exam as one trainee stands with it."""

    exam: Exam
    attempts: list[AttemptView] = field(default_factory=list)
    allowed: int = 1

    @property
    def remaining(self) -> int:
        return max(0, self.allowed - len(self.attempts))

    @property
    def running(self) -> AttemptView | None:
        return next((a for a in self.attempts if a.status == "active"), None)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    def to_dict(self) -> dict[str, Any]:
        return {"exam_id": self.exam.id, "name": self.exam.name, "time_limit_minutes": self.exam.time_limit_minutes,
                "allowed": self.allowed, "remaining": self.remaining, "passed": self.passed,
                "attempts": [{"session_id": a.session_id, "status": "left" if a.left else a.status,
                              "score": a.score, "passed": a.passed, "started_at": a.started_at.isoformat(),
                              "deadline": a.deadline.isoformat() if a.deadline else None} for a in self.attempts]}


def _status(db: Session, catalog: Catalog, exam: Exam, user_id: int, grades: dict[str, Grade] | None = None,
            allowed: int | None = None) -> ExamStatus:
    sessions = list(repo.exam_attempts(session=db, exam_id=exam.id or 0, user_id=user_id))
    for s in sessions:
        expire_if_due(db, catalog, s)
    grades = grades if grades is not None else repo.current_grades(session=db, session_ids=[s.id for s in sessions])
    views = []
    for s in sessions:
        g = grades.get(s.id)
        views.append(AttemptView(session_id=s.id, scenario_id=s.scenario_id, status=s.status, started_at=s.started_at,
                                 deadline=s.deadline, score=g.overall if g else None, passed=g.passed if g else None,
                                 left=bool((s.summary or {}).get("left"))))
    return ExamStatus(exam=exam, attempts=views, allowed=allowed if allowed is not None else _allowed(db, exam, user_id))


def trainee_exams(db: Session, catalog: Catalog, user: User) -> list[ExamStatus]:
    """The active exams of the cohorts ``user`` is a trainee of, with their attempts."""
    return [_status(db, catalog, e, user.id or 0) for e in repo.list_exams(session=db, cohort_ids=_trainee_cohorts(db, user))
            if e.active]


def exam_results(db: Session, catalog: Catalog, user: User, exam_id: int) -> tuple[Exam, list[tuple[User, ExamStatus]]]:
    """Each trainee of the exam's cohort with their attempts (for the trainer or HR who set it)."""
    exam = _staff_exam(db, user, exam_id)
    grants = repo.grant_counts(session=db, exam_id=exam.id or 0)
    trainees = repo.users_by_ids(session=db, ids=cohorts.trainee_ids(db, exam.cohort_id))
    return exam, [(t, _status(db, catalog, exam, t.id or 0, allowed=1 + grants.get(t.id or 0, 0)))
                  for t in sorted(trainees.values(), key=lambda u: u.username)]


def _draw(exam: Exam, catalog: Catalog, seed: int | None, attempt: int) -> tuple[str, int]:
    """The scenario and engine seed of an attempt: random, unless the engine seed is fixed (tests, demos)."""
    pool = [s for s in exam.pool if catalog.scenario(s) is not None]
    if not pool:
        raise Conflict("exam_id: none of the exam's scenarios is in the catalog any more", field="exam_id")
    rng: random.Random = random.Random(f"{seed}:{exam.id}:{attempt}") if seed is not None else secrets.SystemRandom()
    return rng.choice(pool), rng.randrange(2**31)


def start_exam(db: Session, catalog: Catalog, user: User, exam_id: int, *, seed: int | None,
               provider: str = "offline") -> PracticeSession:
    """The trainee's attempt: the running one, or a new one while an attempt remains (409 once none does)."""
    exam = repo.get_exam(session=db, exam_id=exam_id)
    if exam is None or not exam.active or exam.cohort_id not in _trainee_cohorts(db, user):
        raise NotFound(f"exam_id: unknown exam {exam_id}", field="exam_id")
    status = _status(db, catalog, exam, user.id or 0)
    if status.running is not None:
        running = repo.get_practice_session(session=db, session_id=status.running.session_id)
        if running is not None:
            return running
    if status.remaining <= 0:
        raise Conflict("exam_id: you have taken this exam; another attempt needs a grant from HR or your trainer",
                       field="exam_id")
    scenario_id, call_seed = _draw(exam, catalog, seed, len(status.attempts))
    session, _ = practice.start_session(db, catalog, user, scenario_id, seed=call_seed, provider=provider,
                                        exam_id=exam.id, deadline=utcnow() + timedelta(minutes=exam.time_limit_minutes))
    return session
