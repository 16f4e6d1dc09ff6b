"""The next scenario: counts toward an open requirement and trains the weakest dimension."""

from __future__ import annotations

from simulator.certification.rules.evaluate import evaluate
from simulator.certification.rules.recommend import ScenarioInfo, recommend, weakest_dimension
from simulator.certification.rules.spec import ProgrammeSpec, Requirement
from tests.unit.certification.helpers import DIMS, NOW, attempt

DIM_IDS = list(DIMS)
SCENARIOS = [ScenarioInfo(f"{a}-m1", a, "M1", 1) for a in ("provocative", "evasive", "victim", "promiser", "sophisticated")]
SPEC = ProgrammeSpec(name="L1", requirements=[Requirement(archetype=s.archetype, stage="M1", difficulty=1)
                                              for s in SCENARIOS])


def test_the_weakest_dimension_is_the_lowest_recent_mean():
    weak_emotion = {**DIMS, "emotional_control": 40}
    assert weakest_dimension([attempt(dims=weak_emotion), attempt(days_ago=2)], DIM_IDS) == "emotional_control"
    assert weakest_dimension([], DIM_IDS) is None


def test_a_weak_emotional_control_is_sent_to_the_provocative_debtor():
    attempts = [attempt("victim-m1", dims={**DIMS, "emotional_control": 35}, overall=60)]
    rec = recommend(evaluate(SPEC, attempts, now=NOW), SCENARIOS, attempts, DIM_IDS)
    assert (rec.scenario_id, rec.dimension, rec.requirement_id) == ("provocative-m1", "emotional_control", "provocative")


def test_weak_pressure_calibration_goes_to_an_open_requirement_that_trains_it():
    attempts = [attempt("victim-m1", dims={**DIMS, "pressure_calibration": 30}, overall=90)]  # victim is done
    rec = recommend(evaluate(SPEC, attempts, now=NOW), SCENARIOS, attempts, DIM_IDS)
    assert rec.scenario_id == "promiser-m1" and rec.dimension == "pressure_calibration"


def test_a_newcomer_gets_the_first_open_requirement():
    rec = recommend(evaluate(SPEC, [], now=NOW), SCENARIOS, [], DIM_IDS)
    assert rec.scenario_id == "provocative-m1" and rec.dimension is None


def test_when_everything_is_done_it_still_trains_the_weakest_dimension():
    attempts = [attempt(s.id, overall=90, n=i, dims={**DIMS, "legality": 72}) for i, s in enumerate(SCENARIOS)]
    progress = evaluate(SPEC, attempts, now=NOW)
    assert progress.complete
    rec = recommend(progress, SCENARIOS, attempts, DIM_IDS)
    assert rec.scenario_id == "sophisticated-m1" and rec.requirement_id is None and rec.dimension == "legality"
