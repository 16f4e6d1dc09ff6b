"""Requirement evaluation: which of a trainee's graded attempts count, and is each requirement met.

Policies (documented in the README, tested in tests/unit/certification):

* **Matching.** An attempt matches a requirement by scenario id, or by archetype; difficulty and
  stage, when the requirement names them, must be equal.
* **Rubric versions.** Attempts graded under *any version* of the programme's rubric id count
  (``default@1`` and ``default@2`` both count for a programme on ``default``), so a rubric update in
  the middle of a programme does not wipe out a trainee's work; attempts under another rubric id do
  not. The certificate records every rubric version its evidence was graded under.
* **Pinned versions** (issue 18). A programme may pin the rubric and rule-pack versions its
  certificates rely on (``rubric_version``, ``rule_pack_version``): then only attempts graded under
  exactly those count, so publishing a looser rubric, or re-grading a call under one, never changes
  what a certificate rests on without HR re-pinning the programme.
* **Qualifying.** A matching attempt qualifies when its overall score and each named dimension reach
  the minimums and, with ``no_critical``, it has no critical violation — a critical violation
  disqualifies an attempt whatever its score. Incomplete grades never qualify.
* **Window.** With ``window_days``, only attempts that ended within that many days before ``now``
  count; older ones are reported as ``outside_window``.
* **Boundary.** Evidence must be newer than ``since`` (the end of the trainee's previous certificate
  of the programme: its revocation, or its issue date once it expired), so an expired or revoked
  certificate is not silently re-issued from the same old sessions.
* **Status.** ``done`` when at least ``min_attempts`` counted attempts qualify; ``in_progress`` when
  the trainee has practised what the requirement names at all; ``not_started`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from simulator.certification.rules.attempts import Attempt
from simulator.certification.rules.spec import ProgrammeSpec, Requirement

DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"


@dataclass
class RequirementProgress:
    requirement: Requirement
    status: str
    attempts: int  # matching attempts that count (rubric, window, boundary)
    qualifying: int
    best_score: int | None
    last_practice: datetime | None  # of any matching attempt, counted or not
    blockers: dict[str, int] = field(default_factory=dict)  # reason → how many attempts it stopped
    evidence: list[Attempt] = field(default_factory=list)  # the best qualifying attempts used

    def to_dict(self) -> dict:
        r = self.requirement
        return {"id": r.id, "label": r.label or r.target(), "status": self.status, "best_score": self.best_score,
                "attempts": self.attempts, "qualifying": self.qualifying, "min_attempts": r.min_attempts,
                "last_practice": self.last_practice, "blockers": self.blockers, "exam": r.exam,
                "evidence": [a.summary() for a in self.evidence]}


@dataclass
class ProgrammeProgress:
    requirements: list[RequirementProgress]

    @property
    def done(self) -> int:
        return sum(1 for r in self.requirements if r.status == DONE)

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def rubric_versions(self) -> list[str]:
        return sorted({a.rubric for r in self.requirements for a in r.evidence})

    def rule_pack_versions(self) -> list[str]:
        return sorted({a.rule_pack for r in self.requirements for a in r.evidence if a.rule_pack})

    def evidence(self) -> list[dict]:
        return [{"requirement": r.requirement.id, "label": r.requirement.label or r.requirement.target(),
                 "attempts": [a.summary() for a in r.evidence]} for r in self.requirements]


def matches(req: Requirement, attempt: Attempt) -> bool:
    if req.exam and not attempt.exam:
        return False
    if req.scenario and attempt.scenario_id != req.scenario:
        return False
    if req.archetype and attempt.archetype != req.archetype:
        return False
    if req.difficulty is not None and attempt.difficulty != req.difficulty:
        return False
    return req.stage is None or attempt.stage == req.stage


@dataclass(frozen=True)
class Basis:
    """What an attempt must have been graded under: the rubric id, and pinned versions if any."""

    rubric: str
    rubric_version: int | None = None
    rule_pack_version: int | None = None

    @classmethod
    def of(cls, spec: ProgrammeSpec) -> Basis:
        return cls(spec.rubric, spec.rubric_version, spec.rule_pack_version)

    def excludes(self, attempt: Attempt) -> str | None:
        if attempt.rubric_id != self.rubric:
            return "other_rubric"
        if self.rubric_version is not None and attempt.rubric != f"{self.rubric}@{self.rubric_version}":
            return "other_rubric_version"
        if self.rule_pack_version is not None and attempt.rule_pack.rpartition("@")[2] != str(self.rule_pack_version):
            return "other_rubric_version"
        return None


def exclusion(req: Requirement, attempt: Attempt, *, rubric_id: str | Basis, now: datetime,
              since: datetime | None) -> str | None:
    """Why a matching attempt does not count at all (None: it counts)."""
    basis = rubric_id if isinstance(rubric_id, Basis) else Basis(rubric_id)
    reason = basis.excludes(attempt)
    if reason:
        return reason
    if since is not None and attempt.at <= since:
        return "before_boundary"
    if req.window_days is not None and attempt.at < now - timedelta(days=req.window_days):
        return "outside_window"
    return None


def shortfall(req: Requirement, attempt: Attempt) -> str | None:
    """Why a counted attempt does not qualify (None: it qualifies)."""
    if attempt.mode == "incomplete":
        return "incomplete"
    if attempt.mode == "dialing":  # nobody answered: a dialing grade, no conversation to certify
        return "no_conversation"
    if req.no_critical and attempt.critical:
        return "critical_violation"
    if attempt.overall < req.min_overall:
        return "below_overall"
    for dim, floor in req.min_dimensions.items():
        if attempt.dimensions.get(dim, 0) < floor:
            return "below_dimension"
    return None


def evaluate_requirement(req: Requirement, attempts: Iterable[Attempt], *, rubric_id: str | Basis, now: datetime,
                         since: datetime | None = None) -> RequirementProgress:
    matching = [a for a in attempts if matches(req, a)]
    blockers: Counter[str] = Counter()
    counted: list[Attempt] = []
    for a in matching:
        reason = exclusion(req, a, rubric_id=rubric_id, now=now, since=since)
        if reason:
            blockers[reason] += 1
        else:
            counted.append(a)
    qualifying = []
    for a in counted:
        reason = shortfall(req, a)
        if reason:
            blockers[reason] += 1
        else:
            qualifying.append(a)
    qualifying.sort(key=lambda a: (-a.overall, a.at))
    status = DONE if len(qualifying) >= req.min_attempts else IN_PROGRESS if matching else NOT_STARTED
    return RequirementProgress(
        requirement=req, status=status, attempts=len(counted), qualifying=len(qualifying),
        best_score=max((a.overall for a in counted), default=None),
        last_practice=max((a.at for a in matching), default=None),
        blockers=dict(blockers), evidence=qualifying[: req.min_attempts] if status == DONE else [],
    )


def evaluate(spec: ProgrammeSpec, attempts: Sequence[Attempt], *, now: datetime,
             since: datetime | None = None) -> ProgrammeProgress:
    """Evaluate every requirement of ``spec`` over one trainee's graded attempts."""
    basis = Basis.of(spec)
    return ProgrammeProgress([evaluate_requirement(r, attempts, rubric_id=basis, now=now, since=since)
                              for r in spec.requirements])
