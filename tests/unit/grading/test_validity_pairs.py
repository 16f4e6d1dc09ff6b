"""Grader validity: on each dimension, a better call must score strictly higher than a worse one.

tests/data/validity_pairs.jsonl holds pairs of calls written from the seeds and the rubric anchors,
not from what the grader outputs: the same scenario and mostly the same lines, differing only in
what one dimension measures (courtesy, legality, pressure calibration, emotional control), in a
way an experienced collection QA trainer would agree on. Every pair's ``why`` names the seed
advice or rubric anchor that makes ``better`` better.

A pair the rule layer currently gets wrong is marked xfail(strict=True) below with the cause, so
the suite stays green, the gap stays visible, and the mark must be removed once the grader is
fixed. Never edit a pair to make it pass.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from simulator.config import PROJECT_ROOT
from simulator.grading.grader import grade
from simulator.grading.transcript import parse_transcript

DATA = PROJECT_ROOT / "tests" / "data" / "validity_pairs.jsonl"
DIMENSIONS = ("courtesy", "legality", "pressure_calibration", "emotional_control")
MIN_PAIRS_PER_DIMENSION = 8
ARCHETYPES = {"provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser"}

# Pairs the rule layer ranks wrongly (or ties), with the cause; see the module docstring.
KNOWN_GAPS: dict[str, str] = {
}


def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


PAIRS = _load()


def _param(pair: dict):
    marks = []
    if pair["id"] in KNOWN_GAPS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[pair["id"]]))
    return pytest.param(pair, id=pair["id"], marks=marks)


@pytest.fixture(scope="module")
def rubric(catalog):
    return catalog.rubric("default")


@pytest.fixture(scope="module")
def pack(catalog):
    return catalog.rule_packs["cn"]


def test_every_dimension_has_enough_pairs():
    counts = Counter(p["dimension"] for p in PAIRS)
    assert set(counts) == set(DIMENSIONS)
    for dim in DIMENSIONS:
        assert counts[dim] >= MIN_PAIRS_PER_DIMENSION, (dim, counts[dim])


def test_pairs_are_well_formed_and_varied():
    ids = [p["id"] for p in PAIRS]
    assert len(ids) == len(set(ids))
    assert set(KNOWN_GAPS) <= set(ids)
    for p in PAIRS:
        assert p["why"].strip()
        better = parse_transcript(p["better"], f"{p['id']}.better")
        worse = parse_transcript(p["worse"], f"{p['id']}.worse")
        # the same scenario, different calls
        assert (better.archetype, better.stage, better.situation) == (worse.archetype, worse.stage, worse.situation)
        assert [t.model_dump() for t in better.turns] != [t.model_dump() for t in worse.turns]
    assert {p["better"]["archetype"] for p in PAIRS} == ARCHETYPES
    assert {p["better"]["stage"] for p in PAIRS} == {"M1", "M2", "M3", "M4"}
    for dim in DIMENSIONS:
        assert len({p["better"]["archetype"] for p in PAIRS if p["dimension"] == dim}) >= 5, dim


@pytest.mark.parametrize("pair", [_param(p) for p in PAIRS])
def test_the_better_call_scores_higher_on_its_dimension(pair, rubric, pack):
    dim = pair["dimension"]
    better = grade(parse_transcript(pair["better"], f"{pair['id']}.better"), rubric, pack)
    worse = grade(parse_transcript(pair["worse"], f"{pair['id']}.worse"), rubric, pack)
    b, w = better.dimensions[dim].score, worse.dimensions[dim].score
    assert b > w, f"{pair['id']}: {dim} better={b} worse={w} — {pair['why']}"
