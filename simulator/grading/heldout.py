"""Scoring the frozen evaluation sets that are not utterance files (tests/data/blind/README.md).

Three shapes, each recognised by ``collector-sim eval``:

* **dimension pairs** (JSON Lines ``{"dimension", "better", "worse"}``): the better call must score
  strictly higher on its dimension;
* **call verdicts** (JSON Lines transcripts whose ``label.violations`` lists categories, not
  ``[turn, category]``): a trainer's pass/fail, the categories the call committed, and the
  dimensions a trainer would call weak (< 70) or strong (≥ 80);
* **coping scripts** (a JSON object ``{"<scenario id>": [[line, …], …], "hollow:<archetype>": …,
  "pressure:<archetype>": …}``): played on the offline engine with seeds 1–3; a skilled script
  should reach an agreement in at least 2 of 3 seeds, a hollow or pressuring one never.

Pure functions over the catalog: no database, no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.catalog.loader import Catalog
from simulator.engine.conversation import Conversation
from simulator.engine.state import AGREED
from simulator.grading.grader import grade
from simulator.grading.transcript import parse_transcript

SEEDS = (1, 2, 3)
DECEPTION = {"false_legal_claim": "deception", "misleading": "deception"}


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def kind_of(path: Path) -> str | None:
    """"pairs", "verdicts", "coping" or None for any other file."""
    text = path.read_text(encoding="utf-8").lstrip()
    if not text:
        return None
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return None
        return "coping" if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()) else None
    try:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError:
        return None
    if not all(isinstance(r, dict) for r in rows):
        return None
    if {"better", "worse", "dimension"} <= set(rows[0]):
        return "pairs"
    # A trainer's call verdicts list violated categories ("threat"), not [turn, category] pairs.
    labelled = [v for r in rows if "turns" in r and isinstance(r.get("label"), dict)
                for v in r["label"].get("violations", [])]
    if labelled and all(isinstance(v, str) for v in labelled):
        return "verdicts"
    return None


@dataclass
class Report:
    kind: str
    lines: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def pairs(path: Path, catalog: Catalog, rubric_id: str = "default") -> Report:
    rubric = catalog.rubric(rubric_id)
    assert rubric is not None
    pack = catalog.rule_packs[rubric.rule_pack]
    by_dim: dict[str, list[int]] = {}
    misses = []
    for row in _rows(path):
        dim = row["dimension"]
        better = grade(parse_transcript(row["better"], row.get("id", "better")), rubric, pack).dimensions[dim].score
        worse = grade(parse_transcript(row["worse"], row.get("id", "worse")), rubric, pack).dimensions[dim].score
        ok = better > worse
        by_dim.setdefault(dim, [0, 0])
        by_dim[dim][0] += ok
        by_dim[dim][1] += 1
        if not ok:
            misses.append(f"  {row.get('id')}: better {better} vs worse {worse} on {dim}")
    total = sum(v[0] for v in by_dim.values()), sum(v[1] for v in by_dim.values())
    lines = [f"dimension pairs ranked right: {total[0]}/{total[1]}"]
    lines += [f"  {dim:22s} {ok}/{n}" for dim, (ok, n) in by_dim.items()]
    return Report("pairs", lines + (["misses:", *misses] if misses else []),
                  {"ranked": total[0], "pairs": total[1], "by_dimension": by_dim})


def verdicts(path: Path, catalog: Catalog, rubric_id: str = "default") -> Report:
    rubric = catalog.rubric(rubric_id)
    assert rubric is not None
    pack = catalog.rule_packs[rubric.rule_pack]
    agree = tp = fp = fn = weak_ok = weak_n = strong_ok = strong_n = 0
    misses = []
    rows = _rows(path)
    for row in rows:
        result = grade(parse_transcript(row, row.get("id", "call")), rubric, pack)
        label = row["label"]
        agree += result.passed == label["passed"]
        if result.passed != label["passed"]:
            misses.append(f"  {row.get('id')}: trainer {'pass' if label['passed'] else 'fail'}, "
                          f"graded {result.overall} {'pass' if result.passed else 'fail'}")
        want = {DECEPTION.get(c, c) for c in label.get("violations", [])}
        got = {DECEPTION.get(v.category, v.category) for v in result.violations}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        for dim in label.get("weak", []):
            weak_n += 1
            weak_ok += result.dimensions[dim].score < 70
        for dim in label.get("strong", []):
            strong_n += 1
            strong_ok += result.dimensions[dim].score >= 80
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lines = [f"pass/fail agreement with the trainer: {agree}/{len(rows)}",
             f"violations (call level): P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}",
             f"dimensions: weak {weak_ok}/{weak_n}  strong {strong_ok}/{strong_n}"]
    return Report("verdicts", lines + (["misses:", *misses] if misses else []),
                  {"agree": agree, "calls": len(rows), "violation_f1": round(f1, 3),
                   "weak": [weak_ok, weak_n], "strong": [strong_ok, strong_n]})


def _play(catalog: Catalog, scenario_id: str, lines: list[str], seed: int) -> str:
    scenario = catalog.scenario(scenario_id)
    if scenario is None:
        raise ValueError(f"unknown scenario {scenario_id!r}")
    convo = Conversation(scenario, catalog.personas[scenario.persona], seed=seed)
    convo.open()
    for line in lines:
        if convo.ended:
            break
        convo.respond(line)
    return convo.memory.outcome


def coping(path: Path, catalog: Catalog) -> Report:
    data: dict[str, list[list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    skilled_ok = skilled = bad_agreed = bad_runs = 0
    per: dict[str, list[int]] = {}
    for key, scripts in data.items():
        if ":" in key:
            _, archetype = key.split(":", 1)
            for script in scripts:
                for seed in SEEDS:
                    bad_runs += 1
                    bad_agreed += _play(catalog, f"{archetype}-m1", script, seed) in AGREED
            continue
        for script in scripts:
            agreed = sum(_play(catalog, key, script, seed) in AGREED for seed in SEEDS)
            per.setdefault(key, []).append(agreed)
            skilled += 1
            skilled_ok += agreed >= 2
    lines = [f"skilled scripts reaching an agreement in ≥ 2 of 3 seeds: {skilled_ok}/{skilled}",
             f"hollow or pressuring runs that got an agreement: {bad_agreed}/{bad_runs}"]
    lines += [f"  {sid:18s} seeds agreed per script: {' '.join(str(n) for n in counts)}" for sid, counts in per.items()]
    return Report("coping", lines, {"skilled_ok": skilled_ok, "skilled": skilled, "bad_agreed": bad_agreed,
                                    "bad_runs": bad_runs, "per_scenario": per})
