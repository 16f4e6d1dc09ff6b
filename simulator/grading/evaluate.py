"""Score the grader against labelled call transcripts: the numbers behind ``collector-sim eval FILE``
when FILE holds transcripts rather than single utterances.

Input is JSON Lines in the design §6 transcript format plus a ``label`` object written by a QA
trainer: ``{"passed", "violations": [[turn, category], ...], "weak": [...], "strong": [...],
"note"}``.  ``weak`` names the dimensions a trainer would clearly score below 70, ``strong`` those
clearly at 80 or above; dimensions left out are "somewhere in between" and not scored, because a
trainer's 72 and a grader's 68 are not a disagreement worth counting.

What we publish, and why each figure is there:

* pass/fail accuracy, and precision/recall/F1 of "fail" — the verdict a trainee sees first;
* violations at (turn, category) level — the grader must point at the right line, not just say
  "something in this call was illegal".  As in shared/eval/dev/README.md, ``false_legal_claim``
  and ``misleading`` count as one group, "deception";
* recall on critical labels — a missed red line is the costliest error;
* dimension agreement — does a clearly weak (or strong) dimension come out that way;
* grading time per transcript and per 40-turn equivalent (design §10 goal: ≤ 20 ms rules-only).

The headline figures are printed last so a script can ``tail -6``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from simulator.analysis import analyze
from simulator.analysis.evaluate import CRITICAL, Score, group
from simulator.analysis.jsonlines import iter_objects
from simulator.analysis.vocabulary import VIOLATIONS
from simulator.catalog.rubric import Rubric, RulePack
from simulator.grading import judge
from simulator.grading.grader import grade
from simulator.grading.result import GradeResult
from simulator.grading.transcript import Transcript, TranscriptError, parse_transcript
from simulator.llm.base import ChatProvider

DEFAULT_DIMENSIONS: tuple[str, ...] = ("courtesy", "legality", "pressure_calibration", "emotional_control")
WEAK_BELOW = 70
STRONG_FROM = 80
_MIN_TIMING_SECONDS = 0.2


@dataclass(frozen=True)
class TranscriptLabel:
    """What a trainer says about one call."""

    passed: bool
    violations: tuple[tuple[int, str], ...]
    weak: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    note: str = ""
    scores: tuple[tuple[str, int], ...] = ()  # optional: the trainer's 0–100 score per dimension


@dataclass(frozen=True)
class LabelledTranscript:
    """One labelled call: the transcript the grader sees and the label it is scored against."""

    transcript: Transcript
    label: TranscriptLabel

    @property
    def id(self) -> str:
        return self.transcript.id


@dataclass(frozen=True)
class GradeMiss:
    """One disagreement between the grader and the label, phrased for a reader of the report."""

    id: str
    kind: str  # verdict | missed violation | false violation | weak dimension | strong dimension
    expected: str
    got: str


@dataclass(frozen=True)
class DimensionAgreement:
    """How many weak / strong labels of a dimension the grader's score agrees with."""

    weak_total: int = 0
    weak_hit: int = 0
    strong_total: int = 0
    strong_hit: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class GradeEvalReport:
    """Everything ``format_report`` prints and ``to_dict`` serialises."""

    total: int
    verdict_correct: int
    fail: Score  # "fail" is the positive class
    violations: Score  # (turn, category group) pairs
    per_group: dict[str, Score]
    critical: Score  # (turn, category) pairs whose category is critical; only tp and fn are meaningful
    dimensions: dict[str, DimensionAgreement]
    ms_per_transcript: float
    ms_per_40_turns: float
    timed_transcripts: int
    analyzer_ms_per_40_turns: float = 0.0  # baseline: the analyzer alone on the same collector turns
    misses: tuple[GradeMiss, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        return self.verdict_correct / self.total if self.total else 0.0

    @property
    def critical_recall(self) -> float:
        return self.critical.recall

    def agreement(self, kind: str) -> tuple[int, int]:
        hit = sum(getattr(d, f"{kind}_hit") for d in self.dimensions.values())
        total = sum(getattr(d, f"{kind}_total") for d in self.dimensions.values())
        return hit, total

    @property
    def weak_agreement(self) -> float:
        hit, total = self.agreement("weak")
        return hit / total if total else 1.0

    @property
    def strong_agreement(self) -> float:
        hit, total = self.agreement("strong")
        return hit / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "grader",
            "transcripts": self.total,
            "passfail_accuracy": round(self.accuracy, 4),
            "fail": self.fail.to_dict(),
            "violations": self.violations.to_dict(),
            "per_category": {g: s.to_dict() for g, s in self.per_group.items()},
            "critical": self.critical.to_dict(),
            "critical_recall": round(self.critical_recall, 4),
            "dimensions": {d: a.to_dict() for d, a in self.dimensions.items()},
            "weak_agreement": round(self.weak_agreement, 4),
            "strong_agreement": round(self.strong_agreement, 4),
            "ms_per_transcript": round(self.ms_per_transcript, 3),
            "ms_per_40_turns": round(self.ms_per_40_turns, 3),
            "analyzer_ms_per_40_turns": round(self.analyzer_ms_per_40_turns, 3),
            "misses": [asdict(m) for m in self.misses],
        }


# ---- loading ----------------------------------------------------------------------------------


def is_transcript_file(path: str | Path) -> bool:
    """True when the first record of a JSON Lines file is a transcript (it has ``turns``)."""
    with Path(path).open(encoding="utf-8") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError:
                return False
            return isinstance(obj, dict) and "turns" in obj
    return False


def _strings(value: object, where: str, name: str, known: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"{where}: field 'label.{name}' must be a list of dimension ids")
    unknown = [x for x in value if x not in known]
    if unknown:
        raise ValueError(f"{where}: field 'label.{name}' has unknown dimension {unknown[0]!r}")
    return tuple(value)


def _parse_label(obj: object, transcript: Transcript, where: str, dims: tuple[str, ...]) -> TranscriptLabel:
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: field 'label' must be an object with passed, violations, weak, strong")
    passed = obj.get("passed")
    if not isinstance(passed, bool):
        raise ValueError(f"{where}: field 'label.passed' must be true or false")
    raw = obj.get("violations", [])
    if not isinstance(raw, list):
        raise ValueError(f"{where}: field 'label.violations' must be a list of [turn, category] pairs")
    violations: list[tuple[int, str]] = []
    for k, pair in enumerate(raw):
        field_name = f"label.violations[{k}]"
        if (not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], int)
                or isinstance(pair[0], bool) or not isinstance(pair[1], str)):
            raise ValueError(f"{where}: field '{field_name}' must be [turn index, category]")
        turn, category = pair
        if category not in VIOLATIONS:
            raise ValueError(f"{where}: field '{field_name}' has unknown category {category!r}")
        if not 0 <= turn < len(transcript.turns):
            raise ValueError(f"{where}: field '{field_name}' turn {turn} is outside 0..{len(transcript.turns) - 1}")
        if transcript.turns[turn].speaker != "collector":
            raise ValueError(f"{where}: field '{field_name}' turn {turn} is not a collector turn")
        violations.append((turn, category))
    weak = _strings(obj.get("weak", []), where, "weak", dims)
    strong = _strings(obj.get("strong", []), where, "strong", dims)
    both = set(weak) & set(strong)
    if both:
        raise ValueError(f"{where}: field 'label.strong' repeats {sorted(both)[0]!r}, already in 'label.weak'")
    note = obj.get("note", "")
    if not isinstance(note, str):
        raise ValueError(f"{where}: field 'label.note' must be a string")
    raw_scores = obj.get("scores", {})
    if not isinstance(raw_scores, dict):
        raise ValueError(f"{where}: field 'label.scores' must be an object of dimension id to 0–100")
    scores = []
    for dim, value in raw_scores.items():
        if dim not in dims:
            raise ValueError(f"{where}: field 'label.scores' has unknown dimension {dim!r}")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise ValueError(f"{where}: field 'label.scores.{dim}' must be an integer 0–100")
        scores.append((dim, value))
    return TranscriptLabel(passed, tuple(violations), weak, strong, note, tuple(scores))


def load_labelled_transcripts(
    path: str | Path, dimensions: Iterable[str] = DEFAULT_DIMENSIONS
) -> list[LabelledTranscript]:
    """Read labelled transcripts; a malformed line raises ValueError naming the line and the field."""
    path = Path(path)
    dims = tuple(dimensions)
    records: list[LabelledTranscript] = []
    seen: set[str] = set()
    for where, obj in iter_objects(path, "id, turns, label"):
        if not isinstance(obj.get("id"), str) or not obj["id"]:
            raise ValueError(f"{where}: field 'id' must be a non-empty string")
        if obj["id"] in seen:
            raise ValueError(f"{where}: field 'id' repeats {obj['id']!r}")
        seen.add(obj["id"])
        if "label" not in obj:
            raise ValueError(f"{where}: field 'label' is missing")
        try:
            transcript = parse_transcript({k: v for k, v in obj.items() if k != "label"}, where)
        except TranscriptError as exc:
            raise ValueError(str(exc)) from None
        records.append(LabelledTranscript(transcript, _parse_label(obj["label"], transcript, where, dims)))
    if not records:
        raise ValueError(f"{path}: no labelled transcripts")
    return records


# ---- scoring ----------------------------------------------------------------------------------


def _timed_grades(
    records: list[LabelledTranscript], rubric: Rubric, pack: RulePack, provider: ChatProvider | None
) -> tuple[list[GradeResult], float, int]:
    """Grade every transcript; repeat rules-only passes until ~0.2 s so the mean time is stable."""
    start = time.perf_counter()
    verdicts = (judge.ask_all(provider, rubric, [r.transcript for r in records]) if provider is not None
                else [None] * len(records))
    results = [grade(r.transcript, rubric, pack, v) for r, v in zip(records, verdicts, strict=True)]
    done = len(records)
    elapsed = time.perf_counter() - start
    while provider is None and records and elapsed < _MIN_TIMING_SECONDS:
        for r in records:
            grade(r.transcript, rubric, pack)
        done += len(records)
        elapsed = time.perf_counter() - start
    return results, elapsed, done


def _timed_analyzer(records: list[LabelledTranscript]) -> float:
    """Seconds per pass of the analyzer alone over every collector turn: the baseline the grading
    time is reported next to (design §10: absolute times drift on shared machines)."""
    texts = [t.text for r in records for t in r.transcript.turns if t.speaker == "collector"]
    start = time.perf_counter()
    passes = 0
    while texts and (passes == 0 or time.perf_counter() - start < _MIN_TIMING_SECONDS):
        for text in texts:
            analyze(text)
        passes += 1
    return (time.perf_counter() - start) / passes if passes else 0.0


def _violation_misses(rec: LabelledTranscript, result: GradeResult) -> list[GradeMiss]:
    misses = []
    expected = {(t, group(c)) for t, c in rec.label.violations}
    got = {(v.turn, group(v.category)): v for v in result.violations}
    for turn, g in sorted(expected - set(got)):
        text = rec.transcript.turns[turn].text
        misses.append(GradeMiss(rec.id, "missed violation", f"turn {turn} {g}: {text}",
                                "; ".join(f"{v.category}" for (t, _), v in got.items() if t == turn) or "nothing"))
    for (turn, g), v in sorted(got.items()):
        if (turn, g) not in expected:
            want = [c for t, c in rec.label.violations if t == turn]
            misses.append(GradeMiss(rec.id, "false violation", ", ".join(want) or "lawful",
                                    f"turn {turn} {v.category} ({v.rule}): {v.quote}"))
    return misses


def _dimension_checks(rec: LabelledTranscript, result: GradeResult, dims: dict[str, list[int]],
                      rubric: Rubric) -> list[GradeMiss]:
    """Count weak/strong labels into ``dims`` ([weak total, weak hit, strong total, strong hit]); return misses."""
    misses = []
    for slot, names in ((0, rec.label.weak), (2, rec.label.strong)):
        kind = "weak" if slot == 0 else "strong"
        for dim in names:
            if dim not in dims:
                raise ValueError(f"{rec.id}: label.{kind} names {dim!r}, which rubric {rubric.ref} does not have")
            score = result.dimensions[dim].score
            dims[dim][slot] += 1
            if (score < WEAK_BELOW) if slot == 0 else (score >= STRONG_FROM):
                dims[dim][slot + 1] += 1
            else:
                bound = f"< {WEAK_BELOW}" if slot == 0 else f">= {STRONG_FROM}"
                misses.append(GradeMiss(rec.id, f"{kind} dimension", f"{dim} {bound}", f"{dim} {score}"))
    return misses


def evaluate_grader(
    records: Iterable[LabelledTranscript], rubric: Rubric, pack: RulePack, provider: ChatProvider | None = None
) -> GradeEvalReport:
    """Grade every labelled transcript and compare verdicts, violations and dimension scores."""
    items = list(records)
    results, seconds, timed = _timed_grades(items, rubric, pack, provider)
    counts: dict[str, list[int]] = {g: [0, 0, 0] for g in dict.fromkeys(group(c) for c in VIOLATIONS)}
    fail, critical, correct = [0, 0, 0], [0, 0, 0], 0
    dims: dict[str, list[int]] = {d.id: [0, 0, 0, 0] for d in rubric.dimensions}
    misses: list[GradeMiss] = []
    for rec, result in zip(items, results, strict=True):
        label = rec.label
        if label.passed == result.passed:
            correct += 1
        else:
            why = "; ".join(result.fail_reasons) or "no fail reason"
            misses.append(GradeMiss(rec.id, "verdict", f"{'pass' if label.passed else 'fail'} ({label.note})",
                                    f"{'pass' if result.passed else 'fail'}, overall {result.overall}"
                                    + ("" if result.passed else f": {why}")))
        if not label.passed:
            fail[0 if not result.passed else 2] += 1
        elif not result.passed:
            fail[1] += 1
        expected = {(t, group(c)) for t, c in label.violations}
        got = {(v.turn, group(v.category)) for v in result.violations}
        for turn, g in expected | got:
            counts[g][0 if (turn, g) in expected and (turn, g) in got else 1 if (turn, g) in got else 2] += 1
        exact = {(v.turn, v.category) for v in result.violations}
        for pair in label.violations:
            if pair[1] in CRITICAL:
                critical[0 if pair in exact else 2] += 1
        misses.extend(_violation_misses(rec, result))
        misses.extend(_dimension_checks(rec, result, dims, rubric))
    all_turns = sum(len(r.transcript.turns) for r in items)
    turns = all_turns * (timed // max(1, len(items)))
    baseline = _timed_analyzer(items)
    return GradeEvalReport(
        total=len(items),
        verdict_correct=correct,
        fail=Score(*fail),
        violations=Score(*(sum(v[i] for v in counts.values()) for i in range(3))),
        per_group={g: Score(*v) for g, v in counts.items()},
        critical=Score(*critical),
        dimensions={d: DimensionAgreement(*v) for d, v in dims.items()},
        ms_per_transcript=1000 * seconds / timed if timed else 0.0,
        ms_per_40_turns=1000 * seconds / turns * 40 if turns else 0.0,
        timed_transcripts=timed,
        analyzer_ms_per_40_turns=1000 * baseline / all_turns * 40 if all_turns else 0.0,
        misses=tuple(misses),
    )


def format_report(report: GradeEvalReport) -> str:
    """Human-readable report; the last six lines are the headline figures."""
    lines = [f"transcripts: {report.total}", "",
             "violations per category, (turn, category) level (deception = false_legal_claim + misleading):",
             f"  {'category':<24}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}"]
    for g, s in report.per_group.items():
        if s.tp or s.fp or s.fn:
            lines.append(f"  {g:<24}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    lines += ["", f"dimension agreement (weak: score < {WEAK_BELOW}; strong: score >= {STRONG_FROM}):"]
    for dim, a in report.dimensions.items():
        lines.append(f"  {dim:<24} weak {a.weak_hit}/{a.weak_total}   strong {a.strong_hit}/{a.strong_total}")
    lines += ["", f"misses: {len(report.misses)}"]
    for m in report.misses:
        lines.append(f"  [{m.kind}] {m.id}")
        lines.append(f"      expected {m.expected}")
        lines.append(f"      got      {m.got}")
    f, v, c = report.fail, report.violations, report.critical
    wh, wt = report.agreement("weak")
    sh, st = report.agreement("strong")
    lines += [
        "",
        f"pass/fail accuracy: {report.accuracy:.3f} ({report.verdict_correct}/{report.total})",
        f"fail detection: P {f.precision:.3f}  R {f.recall:.3f}  F1 {f.f1:.3f}",
        f"violations (turn, category): P {v.precision:.3f}  R {v.recall:.3f}  F1 {v.f1:.3f}",
        f"critical recall: {report.critical_recall:.3f} ({c.tp}/{c.tp + c.fn})",
        f"dimension agreement: weak {report.weak_agreement:.3f} ({wh}/{wt})  strong {report.strong_agreement:.3f} ({sh}/{st})",
        f"grading time: {report.ms_per_transcript:.2f} ms per transcript, {report.ms_per_40_turns:.2f} ms per 40 turns"
        f" (analyzer alone: {report.analyzer_ms_per_40_turns:.2f} ms per 40 turns, same run)",
    ]
    return "\n".join(lines)
