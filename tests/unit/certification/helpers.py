"""Attempt builders for the certification tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from simulator.certification.rules.attempts import Attempt

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DIMS = {"courtesy": 85, "legality": 90, "pressure_calibration": 80, "emotional_control": 85}


def attempt(scenario: str = "victim-m1", *, days_ago: float = 1, overall: int = 85, archetype: str | None = None,
            stage: str = "M1", difficulty: int = 1, rubric: str = "default@1", critical: int = 0,
            dims: dict[str, int] | None = None, user_id: int = 1, mode: str = "rules_only", n: int = 0) -> Attempt:
    violations = tuple(("threat", "critical") for _ in range(critical))
    return Attempt(
        session_id=f"s-{scenario}-{days_ago}-{overall}-{n}", grade_id=int(days_ago * 100) + overall + n,
        user_id=user_id, scenario_id=scenario, archetype=archetype or scenario.split("-")[0], stage=stage,
        difficulty=difficulty, at=NOW - timedelta(days=days_ago), overall=overall, passed=overall >= 70 and not critical,
        rubric=rubric, mode=mode, dimensions=dims or DIMS, violations=violations)
