"""A graded attempt as certification sees it: one ended session with its current grade.

Built by the service from a session row and the grade's stored result (design §6 grade object), so
everything below works on plain values and is tested without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Attempt:
    session_id: str
    grade_id: int
    user_id: int
    scenario_id: str
    archetype: str
    stage: str
    difficulty: int
    at: datetime  # when the call ended: windows and trends use it
    overall: int
    passed: bool
    rubric: str  # "default@1": rubric id @ version, as stored with the grade
    mode: str = "rules_only"  # rules_only | rules_judge | incomplete
    dimensions: Mapping[str, int] = field(default_factory=dict)
    violations: tuple[tuple[str, str], ...] = ()  # (category, severity)
    rule_pack: str = ""  # "cn@3": the rule pack version the grade used
    exam: bool = False  # an exam attempt (issue 21)

    @property
    def rubric_id(self) -> str:
        return self.rubric.split("@", 1)[0]

    @property
    def critical(self) -> int:
        return sum(1 for _cat, sev in self.violations if sev == "critical")

    def summary(self) -> dict[str, Any]:
        """What a certificate keeps of the attempt: enough to defend it later."""
        return {"session_id": self.session_id, "grade_id": self.grade_id, "scenario": self.scenario_id,
                "overall": self.overall, "rubric": self.rubric, "rule_pack": self.rule_pack, "exam": self.exam,
                "dimensions": dict(self.dimensions),
                "at": self.at.isoformat()}


def attempt_from_grade(*, session_id: str, user_id: int, scenario_id: str, archetype: str, stage: str,
                       difficulty: int, at: datetime, grade_id: int, result: Mapping[str, Any],
                       mode: str | None = None, exam: bool = False) -> Attempt:
    dims = {k: int(v.get("score", 0)) for k, v in (result.get("dimensions") or {}).items() if isinstance(v, Mapping)}
    violations = tuple((str(v.get("category", "")), str(v.get("severity", "")))
                       for v in (result.get("violations") or []) if isinstance(v, Mapping))
    return Attempt(session_id=session_id, grade_id=grade_id, user_id=user_id, scenario_id=scenario_id,
                   archetype=archetype, stage=stage, difficulty=difficulty, at=as_utc(at),
                   overall=int(result.get("overall", 0)), passed=bool(result.get("passed", False)),
                   rubric=str(result.get("rubric", "")), mode=mode or str(result.get("mode", "rules_only")),
                   dimensions=dims, violations=violations, rule_pack=str(result.get("rule_pack") or ""), exam=exam)


def as_utc(value: datetime) -> datetime:
    """SQLite may hand back naive datetimes for timestamps stored as UTC; make them comparable."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
