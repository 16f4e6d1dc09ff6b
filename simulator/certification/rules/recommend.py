"""The next scenario for a trainee: one that moves the programme forward *and* trains the weakest
dimension of their recent calls.

Which scenarios train which dimension follows the seed material: provocative and complaining
debtors test emotional control; a crying victim (lower the pressure) and a serial promiser (hold
firm) test pressure calibration; the sophisticated debtor who knows the law, and any call a third
party answers, test legality; the sophisticated and stubborn debtors punish sloppy courtesy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from simulator.certification.rules.attempts import Attempt
from simulator.certification.rules.evaluate import DONE, IN_PROGRESS, ProgrammeProgress
from simulator.certification.rules.spec import Requirement

AFFINITY: dict[str, dict[str, int]] = {
    "emotional_control": {"provocative": 3, "complaint": 3, "confident": 2, "stubborn": 1},
    "pressure_calibration": {"victim": 3, "promiser": 3, "broken_promises": 3, "no_ability_short": 2,
                             "no_ability_long": 2, "evasive": 2},
    "legality": {"sophisticated": 3, "third_party": 3, "deceased": 3, "confident": 2},
    "courtesy": {"sophisticated": 3, "stubborn": 2, "third_party": 2, "deceased": 2},
}


@dataclass(frozen=True)
class ScenarioInfo:
    id: str
    archetype: str
    stage: str
    difficulty: int
    situation: str = "none"


@dataclass(frozen=True)
class Recommendation:
    scenario_id: str
    requirement_id: str | None  # the unmet requirement it counts toward (None once all are done)
    dimension: str | None  # the weakest dimension it trains (None before any graded call)

    def to_dict(self) -> dict:
        return {"scenario_id": self.scenario_id, "requirement_id": self.requirement_id, "dimension": self.dimension}


def weakest_dimension(attempts: Sequence[Attempt], dims: Sequence[str], recent: int = 5) -> str | None:
    """The lowest mean over the last ``recent`` graded calls (ties: the order of ``dims``)."""
    graded = [a for a in sorted(attempts, key=lambda a: a.at) if a.mode != "incomplete"][-recent:]
    if not graded or not dims:
        return None
    means = {d: sum(a.dimensions.get(d, 0) for a in graded) / len(graded) for d in dims}
    return min(dims, key=lambda d: means[d])


def scenario_matches(req: Requirement, s: ScenarioInfo) -> bool:
    if req.scenario:
        return req.scenario == s.id
    return (req.archetype == s.archetype and (req.stage is None or req.stage == s.stage)
            and (req.difficulty is None or req.difficulty == s.difficulty))


def affinity(dimension: str | None, s: ScenarioInfo) -> int:
    table = AFFINITY.get(dimension or "", {})
    return max(table.get(s.archetype, 0), table.get(s.situation, 0))


def recommend(progress: ProgrammeProgress, scenarios: Sequence[ScenarioInfo], attempts: Sequence[Attempt],
              dims: Sequence[str]) -> Recommendation | None:
    weakest = weakest_dimension(attempts, dims)
    tried = Counter(a.scenario_id for a in attempts)
    open_reqs = [r for r in progress.requirements if r.status != DONE]
    candidates: list[tuple[tuple, ScenarioInfo, str | None]] = []
    for order, r in enumerate(open_reqs):
        for s in scenarios:
            if scenario_matches(r.requirement, s):
                key = (-affinity(weakest, s), r.status != IN_PROGRESS, s.difficulty, tried.get(s.id, 0), order)
                candidates.append((key, s, r.requirement.id))
    if not candidates:  # everything done: keep training the weakest dimension
        candidates = [((-affinity(weakest, s), s.difficulty, tried.get(s.id, 0)), s, None) for s in scenarios]
    if not candidates:
        return None
    _, best, req_id = min(candidates, key=lambda c: c[0])
    return Recommendation(best.id, req_id, weakest)
