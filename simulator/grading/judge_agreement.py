"""How far the rules, the judge and the merged grade agree with labelled calls (issue 16;
``collector-sim eval FILE --judge``).

For each labelled transcript three grades are compared with the trainer's label, side by side:
**rules only** (the offline grader), **judge only** (the model's dimension scores weighted by the
rubric; it fails a call below the pass line or where it names a critical violation) and **merged**
(the grade the product stores). Figures: pass/fail agreement, Cohen's kappa on pass/fail, the mean
absolute error per dimension where the label carries scores, and how often a dimension the trainer
called weak (strong) scored below 70 (from 80).

Kappa corrects agreement for chance: with 80 % of calls passing, a grader that passes everything
agrees 80 % of the time and has kappa 0. On fewer than ~30 labelled calls, or with fewer than ~8 of
either verdict, kappa swings by 0.2 or more from one call: read it with its sample size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.catalog.rubric import Rubric, RulePack
from simulator.grading.evaluate import STRONG_FROM, WEAK_BELOW, LabelledTranscript
from simulator.grading.grader import grade
from simulator.grading.judge import JudgeVerdict

SYSTEMS = ("rules", "judge", "merged")
CRITICAL_FOR_JUDGE = frozenset({"threat", "impersonation", "false_legal_claim", "third_party_disclosure",
                                "duty_of_care"})


@dataclass
class Grades:
    """One system's verdict and dimension scores on one call (None: the judge gave no answer)."""

    passed: bool | None
    scores: dict[str, int] = field(default_factory=dict)


def judge_only(rubric: Rubric, verdict: JudgeVerdict | None) -> Grades:
    if verdict is None or verdict.output is None:
        return Grades(None)
    scores = {d.id: verdict.output.dimensions[d.id].score for d in rubric.dimensions}
    overall = round(sum(d.weight * scores[d.id] for d in rubric.dimensions) / 100)
    rules = rubric.pass_rules
    critical = set(rules.critical_categories) | CRITICAL_FOR_JUDGE
    failed = (overall < rules.min_overall
              or any(scores[dim] < floor for dim, floor in rules.min_dimension.items())
              or (rules.fail_on_critical and any(v.category in critical for v in verdict.output.violations)))
    return Grades(not failed, scores)


def kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of (label, predicted) pass/fail pairs; None when undefined (one class only)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    p_label = sum(a for a, _ in pairs) / n
    p_pred = sum(b for _, b in pairs) / n
    expected = p_label * p_pred + (1 - p_label) * (1 - p_pred)
    if expected >= 1:
        return None
    return round((observed - expected) / (1 - expected), 3)


@dataclass
class SystemFigures:
    n: int = 0
    answered: int = 0
    agree: int = 0
    pairs: list[tuple[bool, bool]] = field(default_factory=list)
    abs_errors: dict[str, list[int]] = field(default_factory=dict)
    bands: dict[str, list[int]] = field(default_factory=dict)  # dim -> [labelled, hit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "calls": self.n,
            "answered": self.answered,
            "pass_fail_agreement": round(self.agree / self.answered, 3) if self.answered else None,
            "kappa": kappa(self.pairs),
            "mae": {d: round(sum(e) / len(e), 1) for d, e in self.abs_errors.items() if e},
            "band_accuracy": {d: round(b[1] / b[0], 3) for d, b in self.bands.items() if b[0]},
        }


@dataclass
class AgreementReport:
    model: str | None
    rubric: str
    systems: dict[str, SystemFigures]
    judge_errors: int
    label_passes: int
    label_fails: int

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "rubric": self.rubric, "judge_errors": self.judge_errors,
                "labels": {"pass": self.label_passes, "fail": self.label_fails},
                "systems": {k: v.to_dict() for k, v in self.systems.items()}}


def compare(records: Sequence[LabelledTranscript], rubric: Rubric, pack: RulePack,
            verdicts: Sequence[JudgeVerdict | None]) -> AgreementReport:
    systems = {name: SystemFigures() for name in SYSTEMS}
    judge_errors = 0
    model = next((v.model for v in verdicts if v is not None), None)
    for rec, verdict in zip(records, verdicts, strict=True):
        rules = grade(rec.transcript, rubric, pack)
        merged = grade(rec.transcript, rubric, pack, verdict)
        if verdict is None or verdict.output is None:
            judge_errors += 1
        graded = {
            "rules": Grades(rules.passed, {d: s.score for d, s in rules.dimensions.items()}),
            "judge": judge_only(rubric, verdict),
            "merged": Grades(merged.passed, {d: s.score for d, s in merged.dimensions.items()}),
        }
        label = rec.label
        for name, g in graded.items():
            fig = systems[name]
            fig.n += 1
            if g.passed is None:
                continue
            fig.answered += 1
            fig.agree += g.passed == label.passed
            fig.pairs.append((label.passed, g.passed))
            for dim, value in label.scores:
                fig.abs_errors.setdefault(dim, []).append(abs(g.scores[dim] - value))
            for dims, hit in ((label.weak, lambda s: s < WEAK_BELOW), (label.strong, lambda s: s >= STRONG_FROM)):
                for dim in dims:
                    band = fig.bands.setdefault(dim, [0, 0])
                    band[0] += 1
                    band[1] += hit(g.scores[dim])
    passes = sum(r.label.passed for r in records)
    return AgreementReport(model, rubric.ref, systems, judge_errors, passes, len(records) - passes)


def format_report(report: AgreementReport) -> str:
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x * 100:.0f}%"

    lines = [f"judge agreement: model {report.model or '-'}, rubric {report.rubric}; labelled calls: "
             f"{report.label_passes} pass, {report.label_fails} fail; judge gave no usable answer on "
             f"{report.judge_errors}",
             f"{'':<8}{'answered':>9}{'agree':>8}{'kappa':>8}  mean abs. error by dimension / band accuracy"]
    for name in SYSTEMS:
        d = report.systems[name].to_dict()
        mae = ", ".join(f"{k} {v}" for k, v in d["mae"].items()) or "no labelled scores"
        bands = ", ".join(f"{k} {pct(v)}" for k, v in d["band_accuracy"].items()) or "-"
        k = "-" if d["kappa"] is None else f"{d['kappa']:.2f}"
        lines.append(f"{name:<8}{d['answered']:>9}{pct(d['pass_fail_agreement']):>8}{k:>8}  {mae} | {bands}")
    n = report.label_passes + report.label_fails
    if n < 30 or min(report.label_passes, report.label_fails) < 8:
        lines.append(f"note: {n} labelled calls ({report.label_passes}/{report.label_fails}): kappa is unstable "
                     "below ~30 calls or ~8 of either verdict")
    return "\n".join(lines)
