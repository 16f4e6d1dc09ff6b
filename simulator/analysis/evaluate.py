"""Score the analyzer against labelled lines: the numbers behind ``collector-sim eval FILE``.

Input is JSON Lines ``{"id", "text", "labels"}`` (shared/eval/dev/README.md).  Scoring follows
that README: ``false_legal_claim`` and ``misleading`` are one group, "deception", because the
line between an exaggerated legal threat and other deception is a labelling judgement, not a
training point.  The headline figures — category micro-F1, binary F1, recall on critical
categories, false-positive rate on lawful lines — are printed last so a script can ``tail -4``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from simulator.analysis.analyzer import analyze
from simulator.analysis.jsonlines import iter_objects
from simulator.analysis.vocabulary import VIOLATION_SEVERITY, VIOLATIONS

GROUPS: dict[str, str] = {"false_legal_claim": "deception", "misleading": "deception"}
CRITICAL: frozenset[str] = frozenset(c for c, s in VIOLATION_SEVERITY.items() if s == "critical")
_MIN_TIMING_SECONDS = 0.2


def group(category: str) -> str:
    """The scoring group of a category (deception merges false_legal_claim and misleading)."""
    return GROUPS.get(category, category)


@dataclass(frozen=True)
class Labelled:
    """One labelled collector line."""

    id: str
    text: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Miss:
    """A line whose predicted category groups differ from its labels."""

    id: str
    text: str
    expected: tuple[str, ...]
    got: tuple[str, ...]
    kind: str  # "false negative", "false positive" or "both"


@dataclass(frozen=True)
class EvalReport:
    """Everything ``format_report`` prints and ``to_dict`` serialises."""

    total: int
    lawful: int
    lawful_flagged: int
    per_group: dict[str, Score]
    micro: Score
    binary: Score
    critical: Score
    seconds: float
    timed_utterances: int
    misses: tuple[Miss, ...] = field(default=())

    @property
    def micro_f1(self) -> float:
        return self.micro.f1

    @property
    def binary_f1(self) -> float:
        return self.binary.f1

    @property
    def critical_recall(self) -> float:
        return self.critical.recall

    @property
    def lawful_fp_rate(self) -> float:
        return self.lawful_flagged / self.lawful if self.lawful else 0.0

    @property
    def throughput(self) -> float:
        return self.timed_utterances / self.seconds if self.seconds > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "lawful": self.lawful,
            "lawful_flagged": self.lawful_flagged,
            "per_category": {g: s.to_dict() for g, s in self.per_group.items()},
            "micro": self.micro.to_dict(),
            "binary": self.binary.to_dict(),
            "critical": self.critical.to_dict(),
            "micro_f1": round(self.micro_f1, 4),
            "binary_f1": round(self.binary_f1, 4),
            "critical_recall": round(self.critical_recall, 4),
            "lawful_fp_rate": round(self.lawful_fp_rate, 4),
            "throughput_per_s": round(self.throughput, 1),
            "misses": [asdict(m) | {"expected": list(m.expected), "got": list(m.got)} for m in self.misses],
        }


def load_labelled(path: str | Path) -> list[Labelled]:
    """Read a labelled JSON Lines file; a malformed line raises ValueError naming line and field."""
    path = Path(path)
    records: list[Labelled] = []
    for where, obj in iter_objects(path, "id, text, labels"):
        rid = obj.get("id")
        if not isinstance(rid, str | int) or isinstance(rid, bool) or str(rid) == "":
            raise ValueError(f"{where}: field 'id' must be a non-empty string")
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: field 'text' must be a non-empty string")
        labels = obj.get("labels")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise ValueError(f"{where}: field 'labels' must be a list of category names")
        unknown = [x for x in labels if x not in VIOLATIONS]
        if unknown:
            raise ValueError(f"{where}: field 'labels' has unknown category {unknown[0]!r}")
        records.append(Labelled(id=str(rid), text=text, labels=tuple(labels)))
    return records


def _timed_predictions(texts: list[str]) -> tuple[list[tuple[str, ...]], float, int]:
    """Predict every text; repeat the pass until ~0.2 s so small sets still give a stable rate."""
    start = time.perf_counter()
    predictions = [analyze(t).categories for t in texts]
    done = len(texts)
    elapsed = time.perf_counter() - start
    while texts and elapsed < _MIN_TIMING_SECONDS:
        for t in texts:
            analyze(t)
        done += len(texts)
        elapsed = time.perf_counter() - start
    return predictions, elapsed, done


def evaluate(records: Iterable[Labelled]) -> EvalReport:
    """Compare the analyzer's categories with the labels, line by line."""
    items = list(records)
    predictions, seconds, timed = _timed_predictions([r.text for r in items])
    counts: dict[str, list[int]] = {g: [0, 0, 0] for g in dict.fromkeys(group(c) for c in VIOLATIONS)}
    binary = [0, 0, 0]
    critical = [0, 0, 0]
    lawful = lawful_flagged = 0
    misses: list[Miss] = []
    for rec, got in zip(items, predictions, strict=True):
        exp_g = {group(c) for c in rec.labels}
        got_g = {group(c) for c in got}
        for g in exp_g | got_g:
            tp, fp, fn = g in exp_g and g in got_g, g in got_g and g not in exp_g, g in exp_g and g not in got_g
            counts[g][0] += tp
            counts[g][1] += fp
            counts[g][2] += fn
        for c in set(rec.labels) & CRITICAL:
            critical[0 if c in got else 2] += 1
        if exp_g and got_g:
            binary[0] += 1
        elif got_g:
            binary[1] += 1
        elif exp_g:
            binary[2] += 1
        if not rec.labels:
            lawful += 1
            lawful_flagged += bool(got)
        if exp_g != got_g:
            kind = "both" if (exp_g - got_g) and (got_g - exp_g) else "false negative" if exp_g - got_g else "false positive"
            misses.append(Miss(rec.id, rec.text, rec.labels, tuple(got), kind))
    per_group = {g: Score(*v) for g, v in counts.items()}
    micro = Score(*(sum(v[i] for v in counts.values()) for i in range(3)))
    return EvalReport(
        total=len(items), lawful=lawful, lawful_flagged=lawful_flagged, per_group=per_group, micro=micro,
        binary=Score(*binary), critical=Score(*critical), seconds=seconds, timed_utterances=timed,
        misses=tuple(misses),
    )


def format_report(report: EvalReport) -> str:
    """Human-readable report; the last four lines are the headline figures."""
    lines = [f"utterances: {report.total} ({report.lawful} lawful)", "", "per category (deception = false_legal_claim + misleading):"]
    lines.append(f"  {'category':<24}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}")
    for g, s in report.per_group.items():
        if s.tp + s.fp + s.fn == 0:
            lines.append(f"  {g:<24}{'-':>7}{'-':>7}{'-':>7}{0:>5}{0:>5}{0:>5}")
            continue
        lines.append(f"  {g:<24}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    b = report.binary
    lines += [
        "",
        f"binary (any violation): P {b.precision:.3f}  R {b.recall:.3f}  F1 {b.f1:.3f}",
        f"micro: P {report.micro.precision:.3f}  R {report.micro.recall:.3f}",
        f"critical: {report.critical.tp}/{report.critical.tp + report.critical.fn} labels found",
        f"lawful lines flagged: {report.lawful_flagged}/{report.lawful}",
        f"throughput: {report.throughput:,.0f} utterances/s ({report.timed_utterances} analysed in {report.seconds:.3f} s)",
        "",
        f"misses: {len(report.misses)}",
    ]
    for m in report.misses:
        lines.append(f"  [{m.kind}] {m.id}: {m.text}")
        lines.append(f"      expected {list(m.expected) or '[]'}  got {list(m.got) or '[]'}")
    lines += [
        "",
        f"micro-F1: {report.micro_f1:.3f}",
        f"binary F1: {report.binary_f1:.3f}",
        f"critical recall: {report.critical_recall:.3f}",
        f"lawful FP rate: {report.lawful_fp_rate:.3f}",
    ]
    return "\n".join(lines)
