"""One result shape for every grade (design §6 grade output contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.messages import said_json


def with_said(data: dict[str, Any], **texts: Any) -> dict[str, Any]:
    """``data`` plus ``<field>_said`` for each text that is a ``Said``: how to say it in another language."""
    for name, text in texts.items():
        if isinstance(text, list):
            stored = [said_json(t) for t in text]
            if any(stored):
                data[f"{name}_said"] = stored
        elif (stored := said_json(text)) is not None:
            data[f"{name}_said"] = stored
    return data


@dataclass
class Evidence:
    turn: int  # 0-based index into the transcript's turns
    quote: str
    note: str  # why this turn earned or lost points: Chinese, a ``Said`` to be said in English too
    suggestion: str | None = None  # what to say instead, when the turn lost points
    positive: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = {"turn": self.turn, "quote": self.quote, "note": self.note, "positive": self.positive}
        if self.suggestion:
            data["suggestion"] = self.suggestion
        return with_said(data, note=self.note, suggestion=self.suggestion)


@dataclass
class DimensionScore:
    score: int
    evidence: list[Evidence] = field(default_factory=list)
    summary: str = ""
    rules_score: int | None = None
    judge_score: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"score": self.score, "summary": self.summary,
                                "evidence": [e.to_dict() for e in self.evidence]}
        if self.judge_score is not None:
            data["rules_score"] = self.rules_score
            data["judge_score"] = self.judge_score
        return with_said(data, summary=self.summary)


@dataclass
class ViolationRecord:
    category: str
    severity: str
    turn: int
    quote: str
    rule: str
    suggestion: str
    description: str = ""
    basis: list[str] = field(default_factory=list)
    source: str = "rules"  # rules | judge | model (a model's reading of the turn during the call)
    needs_review: bool = False

    def to_dict(self) -> dict[str, Any]:
        return with_said(asdict(self), description=self.description, quote=self.quote, suggestion=self.suggestion)


@dataclass
class GradeResult:
    overall: int
    passed: bool
    rubric: str  # "default@1"
    rule_pack: str  # "cn@1"
    mode: str  # rules_only | rules_judge
    dimensions: dict[str, DimensionScore]
    violations: list[ViolationRecord]
    debrief: list[str] = field(default_factory=list)  # short Chinese paragraphs
    fail_reasons: list[str] = field(default_factory=list)
    judge: dict[str, Any] | None = None  # model, prompt hash, error
    transcript_id: str | None = None
    call_outcome: dict[str, Any] | None = None  # what the call achieved (grading/outcome.py)
    collector_ordinals: dict[int, int] | None = None  # transcript index -> the trainee's n-th line (debrief)
    objectives: list[dict[str, Any]] | None = None  # the scenario's objectives and whether each was met

    def to_dict(self) -> dict[str, Any]:
        return with_said({
            "id": self.transcript_id,
            "overall": self.overall,
            "passed": self.passed,
            "rubric": self.rubric,
            "rule_pack": self.rule_pack,
            "mode": self.mode,
            "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
            "violations": [v.to_dict() for v in self.violations],
            "fail_reasons": self.fail_reasons,
            "debrief": self.debrief,
            "judge": self.judge,
            "call_outcome": self.call_outcome,
            "objectives": self.objectives,
        }, debrief=self.debrief, fail_reasons=self.fail_reasons)
