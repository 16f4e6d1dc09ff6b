"""A softened scenario (issue 21, item 5): the trainer turns an abusive debtor's insults off; the debtor
stays as angry, pushes back as hard and hangs up as soon, only without insulting the trainee."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.catalog.loader import load_catalog
from simulator.engine.conversation import Conversation, insults
from simulator.practice.demo_scripts import script_for

ROOT = Path(__file__).resolve().parents[3]
CATALOG = load_catalog(ROOT / "personas", ROOT / "rubrics")


def _play(scenario_id: str, intensity: str, seed: int, quality: str) -> list[tuple[str, dict]]:
    scenario = CATALOG.scenario(scenario_id).model_copy(update={"intensity": intensity})
    card = CATALOG.personas[scenario.persona]
    convo = Conversation(scenario, card, seed=seed)
    out = [(convo.open().text, {})]
    for line in script_for(scenario, card.archetype, quality):
        if convo.ended:
            break
        reply = convo.respond(line)
        out.append((reply.text, reply.state_dict()))
    return out


@pytest.mark.parametrize("scenario_id", ["provocative-m1", "provocative-m3", "stubborn-m3"])
def test_a_softened_debtor_never_insults_and_is_otherwise_the_same(scenario_id):
    insulted = 0
    for seed in range(20):
        for quality in ("poor", "weak", "good"):
            full = _play(scenario_id, "full", seed, quality)
            soft = _play(scenario_id, "softened", seed, quality)
            insulted += sum(insults(text) for text, _ in full)
            assert not any(insults(text) for text, _ in soft)
            assert [state for _, state in soft] == [state for _, state in full]  # same anger, same hang-up
    assert insulted > 0  # the full debtor does insult: the setting changes something


def test_scenarios_are_full_intensity_unless_a_trainer_softens_them():
    assert {s.intensity for s in CATALOG.scenarios.values()} == {"full"}
