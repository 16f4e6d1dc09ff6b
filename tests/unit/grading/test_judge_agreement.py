"""Rules, judge and merged grades side by side against labelled calls (``eval FILE --judge``)."""

from __future__ import annotations

import asyncio
import json

import pytest

from simulator.config import PROJECT_ROOT
from simulator.grading import judge, judge_agreement
from simulator.grading.evaluate import load_labelled_transcripts
from simulator.grading.judge import JudgeVerdict
from simulator.llm.scripted import ScriptedProvider

CALLS = PROJECT_ROOT / "tests" / "data" / "graded_transcripts.jsonl"
DIMS = ("courtesy", "legality", "pressure_calibration", "emotional_control")


@pytest.fixture(scope="module")
def rubric(catalog):
    return catalog.rubric("default")


@pytest.fixture(scope="module")
def pack(catalog, rubric):
    return catalog.rule_packs[rubric.rule_pack]


@pytest.fixture(scope="module")
def records():
    return load_labelled_transcripts(CALLS)


def reply(score: int, violations: list | None = None) -> str:
    return json.dumps({"dimensions": {d: {"score": score} for d in DIMS}, "violations": violations or []})


@pytest.mark.parametrize(("pairs", "expected"), [
    ([(True, True), (False, False)] * 5, 1.0),
    ([(True, True)] * 8 + [(False, True)] * 2, 0.0),  # passes everything: 80 % agreement, no skill
    ([(True, False), (False, True)] * 3, -1.0),
    ([(True, True)] * 4, None),  # one class only: undefined
])
def test_kappa_corrects_agreement_for_chance(pairs, expected):
    assert judge_agreement.kappa(pairs) == expected


def test_a_judge_that_passes_everything_agrees_by_chance_only(rubric, pack, records):
    verdicts = asyncio.run(_ask(ScriptedProvider([reply(95)] * len(records)), rubric, records))
    report = judge_agreement.compare(records, rubric, pack, verdicts).to_dict()
    judged = report["systems"]["judge"]
    assert judged["answered"] == len(records) and judged["kappa"] == 0.0
    assert judged["pass_fail_agreement"] == round(report["labels"]["pass"] / len(records), 3)
    rules = report["systems"]["rules"]
    assert rules["pass_fail_agreement"] == 1.0 and rules["kappa"] == 1.0  # the rules pass the labelled set
    # the merged grade keeps the rules' critical findings: a red-line call still fails
    assert report["systems"]["merged"]["kappa"] > 0.5


def test_a_judge_that_fails_to_answer_is_counted_not_scored(rubric, pack, records):
    verdicts = [JudgeVerdict(None, "m", "h", error="bad")] * len(records)
    report = judge_agreement.compare(records, rubric, pack, verdicts).to_dict()
    assert report["judge_errors"] == len(records) and report["systems"]["judge"]["answered"] == 0
    assert report["systems"]["merged"] == report["systems"]["rules"]


def test_labelled_scores_give_a_mean_absolute_error_per_dimension(rubric, pack, records):
    one = records[:1]
    labelled = [type(one[0])(one[0].transcript, type(one[0].label)(
        one[0].label.passed, one[0].label.violations, note="", scores=(("courtesy", 60),)))]
    verdicts = [JudgeVerdict(judge._parse(reply(80), rubric, len(one[0].transcript.turns)), "m", "h")]
    report = judge_agreement.compare(labelled, rubric, pack, verdicts).to_dict()
    assert report["systems"]["judge"]["mae"] == {"courtesy": 20.0}


def test_the_text_report_warns_about_small_samples(rubric, pack, records):
    verdicts = asyncio.run(_ask(ScriptedProvider([reply(60)] * 3), rubric, records[:3]))
    text = judge_agreement.format_report(judge_agreement.compare(records[:3], rubric, pack, verdicts))
    assert "rules" in text and "judge" in text and "merged" in text and "kappa is unstable" in text


async def _ask(provider, rubric, records):
    return [await judge.ask(provider, rubric, r.transcript) for r in records]
