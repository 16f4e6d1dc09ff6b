"""Score the structured reading against lines labelled with ``pressure`` and ``acts``.

A labelled utterance file may carry, next to ``labels``, the pressure level 0–3 a trainer hears and
the speech acts the line performs (tests/data/blind/README.md lists them).  ``collector-sim eval``
prints these figures after the violation figures when the file has them: pressure agreement
(exact and within one level) and per-act precision/recall, the acts mapped onto the reading.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.analysis.analyzer import analyze
from simulator.analysis.evaluate import Score
from simulator.analysis.result import Analysis

# How each labelled act is recognised in an analysis.
ACTS: dict[str, Callable[[Analysis], bool]] = {
    "greeting": lambda a: "greeting" in a.moves,
    "self_identification": lambda a: bool(a.reading.self_id),
    "identity_question": lambda a: a.reading.identity == "name",
    "identity_verification": lambda a: a.reading.identity == "proof",
    "disclose_debt": lambda a: "disclose_debt" in a.moves,
    "ask_reason": lambda a: "ask_reason" in a.moves or "reason" in a.reading.questions,
    "question_amount": lambda a: "amount" in a.reading.questions,
    "question_date": lambda a: "date" in a.reading.questions,
    "question_income": lambda a: "income" in a.reading.questions,
    "question_contact_time": lambda a: "contact_time" in a.reading.questions,
    "question_choice": lambda a: "choice" in a.reading.questions,
    "empathy_specific": lambda a: a.reading.empathy == "specific",
    "empathy_generic": lambda a: a.reading.empathy == "generic",
    "reassurance": lambda a: "reassure" in a.moves,
    "reproach": lambda a: a.reading.reproach,
    "sarcasm": lambda a: a.reading.sarcasm,
    "offer_plan": lambda a: a.reading.offer is not None and a.reading.offer.get("kind") == "instalment"
    or "offer_plan" in a.moves,
    "offer_full": lambda a: a.reading.offer is not None and a.reading.offer.get("kind") == "full",
    "recap": lambda a: len(a.reading.recap) >= 2,
    "explain_consequence": lambda a: "explain_consequence" in a.moves,
    "legal_process": lambda a: "legal_process" in a.moves,
    "benefit_of_paying": lambda a: "benefit_of_paying" in a.moves,
    "closing": lambda a: "closing" in a.moves,
}


@dataclass
class ReadingReport:
    lines: int = 0
    pressure_exact: int = 0
    pressure_within_one: int = 0
    lawful_lines: int = 0
    lawful_pressure_over: int = 0  # lawful lines read at least two levels above the label
    acts: dict[str, Score] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        n = self.lines or 1
        return {
            "lines": self.lines,
            "pressure_exact": round(self.pressure_exact / n, 3),
            "pressure_within_one": round(self.pressure_within_one / n, 3),
            "lawful_pressure_overread": self.lawful_pressure_over,
            "acts": {k: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                         "tp": s.tp, "fp": s.fp, "fn": s.fn} for k, s in self.acts.items()},
            "act_micro_f1": round(self.micro().f1, 3),
            "misses": self.misses,
        }

    def micro(self) -> Score:
        return Score(sum(s.tp for s in self.acts.values()), sum(s.fp for s in self.acts.values()),
                     sum(s.fn for s in self.acts.values()))


def has_reading_labels(path: str | Path) -> bool:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                return "pressure" in obj or "acts" in obj
    return False


def evaluate_reading(path: str | Path) -> ReadingReport:
    report = ReadingReport(acts={k: Score() for k in ACTS})
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        a = analyze(row["text"])
        report.lines += 1
        miss: dict[str, Any] = {}
        if "pressure" in row:
            want = int(row["pressure"])
            report.pressure_exact += a.pressure == want
            report.pressure_within_one += abs(a.pressure - want) <= 1
            if not row.get("labels"):
                report.lawful_lines += 1
                if a.pressure - want >= 2:
                    report.lawful_pressure_over += 1
            if a.pressure != want:
                miss["pressure"] = f"{want} → {a.pressure}"
        want_acts = {x for x in row.get("acts", []) if x in ACTS}
        for act, test in ACTS.items():
            got, wanted = test(a), act in want_acts
            s = report.acts[act]
            report.acts[act] = Score(s.tp + (got and wanted), s.fp + (got and not wanted), s.fn + (wanted and not got))
            if got != wanted:
                miss.setdefault("acts", []).append(("+" if got else "-") + act)
        if miss:
            report.misses.append({"id": row.get("id"), "text": row["text"], **miss})
    return report


def format_reading_report(report: ReadingReport) -> str:
    d = report.to_dict()
    out = ["", "reading (pressure level and speech acts):",
           f"  pressure exact {d['pressure_exact']:.3f}, within one level {d['pressure_within_one']:.3f}; "
           f"lawful lines read 2+ levels too high: {d['lawful_pressure_overread']}/{report.lawful_lines}"]
    out.append(f"  {'act':22s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for act, s in d["acts"].items():
        if s["tp"] + s["fp"] + s["fn"]:
            out.append(f"  {act:22s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
    out.append(f"  act micro-F1 {d['act_micro_f1']:.3f}")
    return "\n".join(out)
