"""The frozen evaluation sets (tests/data/blind/, written blind on 2026-12-06) and the tuning halves
(tests/data/tune/) are scored by ``collector-sim eval``; these floors keep what was reached from
sliding back. They are regression guards, not targets: the frozen sets are never tuned on.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from simulator.cli.main import app
from simulator.config import PROJECT_ROOT
from simulator.grading import heldout

BLIND = PROJECT_ROOT / "tests" / "data" / "blind"
TUNE = PROJECT_ROOT / "tests" / "data" / "tune"
BLIND2 = PROJECT_ROOT / "tests" / "data" / "blind2"


@pytest.mark.parametrize("path, kind", [
    (BLIND / "validity_pairs.jsonl", "pairs"),
    (BLIND / "graded_calls_frozen.jsonl", "verdicts"),
    (BLIND / "coping_paraphrases_frozen.json", "coping"),
    (TUNE / "graded_calls_tune.jsonl", "verdicts"),
    (TUNE / "coping_paraphrases_tune.json", "coping"),
    (BLIND / "utterances_meaning_frozen.jsonl", None),
])
def test_each_set_is_recognised_by_its_shape(path, kind):
    assert heldout.kind_of(path) == kind


def test_blind_dimension_pairs_floor(catalog):
    figures = heldout.pairs(BLIND / "validity_pairs.jsonl", catalog).figures
    assert figures["ranked"] >= 28, figures  # 20/32 before issue 15's work, 27/32 blind, 28/32 now


def test_frozen_trainer_verdicts_floor(catalog):
    figures = heldout.verdicts(BLIND / "graded_calls_frozen.jsonl", catalog).figures
    assert figures["agree"] >= 11, figures  # 8/15 before issue 15's work
    second = heldout.verdicts(BLIND2 / "graded_calls_frozen.jsonl", catalog).figures
    assert second["agree"] >= 10, second  # 7/12 before issue 15's work (d29c2ca), 8/12 blind


def test_coping_scripts_floor_and_no_agreement_for_hollow_or_pressuring_calls(catalog):
    frozen = heldout.coping(BLIND / "coping_paraphrases_frozen.json", catalog).figures
    tune = heldout.coping(TUNE / "coping_paraphrases_tune.json", catalog).figures
    assert frozen["bad_agreed"] == 0 and tune["bad_agreed"] == 0
    assert frozen["skilled_ok"] >= 10 and tune["skilled_ok"] >= 28, (frozen, tune)


def test_tuning_half_of_the_trainer_verdicts_is_all_agreed(catalog):
    assert heldout.verdicts(TUNE / "graded_calls_tune.jsonl", catalog).figures["agree"] == 15


def test_eval_prints_pairs_and_json():
    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(BLIND / "validity_pairs.jsonl")])
    assert res.exit_code == 0 and "dimension pairs ranked right:" in res.output
    res = runner.invoke(app, ["eval", str(BLIND / "validity_pairs.jsonl"), "--json"])
    assert json.loads(res.output)["pairs"] == 32


def test_eval_of_an_utterance_file_with_reading_labels_reports_pressure_and_acts():
    res = CliRunner().invoke(app, ["eval", str(BLIND / "utterances_meaning_frozen.jsonl")])
    assert res.exit_code == 0
    assert "pressure exact" in res.output and "act micro-F1" in res.output
