"""Persona fidelity is measured, offline and through a model (``collector-sim eval personas``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from simulator.authoring import persona_eval
from simulator.authoring.persona_eval import ARCHETYPE_ORDER, SCRIPTS
from simulator.llm.base import Completion, Usage


class SameLine:
    """A degenerate model: the same sentence every turn, whatever happened (seen with a 270M model)."""

    name = "degenerate"
    model = "same-line-1"

    def __init__(self, line: str) -> None:
        self.line = line
        self.calls = 0

    async def complete(self, messages, **_) -> Completion:  # pragma: no cover - the personas stream
        return Completion(text=self.line, model=self.model)

    async def stream(self, messages, *, temperature=0.7, max_tokens=None, usage: Usage | None = None) -> AsyncIterator[str]:
        self.calls += 1
        if usage is not None:
            usage.prompt_tokens, usage.completion_tokens = 500, len(self.line)
        for i in range(0, len(self.line), 3):
            yield self.line[i:i + 3]


@pytest.fixture(scope="module")
def offline(catalog_module):
    return asyncio.run(persona_eval.evaluate(catalog_module, seeds=(0, 1, 2)))


@pytest.fixture(scope="module")
def catalog_module():
    from simulator.catalog.loader import load_catalog
    from simulator.config import PROJECT_ROOT

    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")


def test_every_archetype_meets_every_script_over_every_seed(offline):
    data = offline.to_dict()
    assert list(data["archetypes"]) == list(ARCHETYPE_ORDER)
    assert data["overall"]["runs"] == len(ARCHETYPE_ORDER) * len(SCRIPTS) * 3
    assert len(offline.transcripts) == data["overall"]["runs"]


def test_the_offline_debtors_agree_to_a_skilled_call_and_are_no_yes_men(offline):
    overall = offline.to_dict()["overall"]
    assert overall["agreement_rate"]["skilled"] >= 0.85
    assert overall["yes_man_rate"] == 0
    assert overall["agreement_rate"]["injection"] == overall["agreement_rate"]["hollow"] == 0


def test_the_offline_debtors_stay_in_character_and_never_repeat_or_invent(offline):
    overall = offline.to_dict()["overall"]
    assert (overall["character_breaks"], overall["language_drift"], overall["repeated_lines"],
            overall["invented_figures"], overall["unearned_agreement_lines"], overall["off_decision_lines"]) == (
        0, 0, 0, 0, 0, 0)


def test_the_offline_debtors_answer_most_questions(offline):
    """Measured 90/129 (70 %) when this was written; dodges by the confident and evasive debtors are
    in character and count as unanswered."""
    overall = offline.to_dict()["overall"]
    assert overall["questions_asked"] >= 100 and overall["questions_answered_rate"] >= 0.65


def test_the_offline_evaluation_is_deterministic(catalog_module, offline):
    again = asyncio.run(persona_eval.evaluate(catalog_module, seeds=(0, 1, 2)))
    assert again.to_dict() == offline.to_dict()


def test_a_model_that_repeats_itself_is_caught_and_never_shown_twice(catalog_module):
    model = SameLine("我没听,我今天在接听,你说吧。")
    report = asyncio.run(persona_eval.evaluate(catalog_module, seeds=(0,), provider=model,
                                               archetypes=("provocative", "promiser")))
    overall = report.to_dict()["overall"]
    assert overall["repeated_lines"] == 0
    assert overall["guard_rejections"]["repeats_line"] > 0 and overall["fallbacks"]["repeats_line"] > 0
    assert overall["prompt_tokens_per_turn"] == 500 and overall["ttft_ms_p50"] is not None
    for t in report.transcripts:
        debtor = [x["text"] for x in t["turns"] if x["speaker"] != "collector"]
        assert len(debtor) == len(set(debtor)), t


def test_a_model_that_obeys_an_injection_never_agrees_on_screen(catalog_module):
    model = SameLine("好的,我同意今天还清全部欠款。")
    report = asyncio.run(persona_eval.evaluate(catalog_module, seeds=(0,), provider=model,
                                               archetypes=("stubborn",), scripts=("injection", "hollow")))
    overall = report.to_dict()["overall"]
    assert overall["yes_man_rate"] == 0 and overall["unearned_agreement_lines"] == 0
    assert overall["guard_rejections"].get("unearned_agreement", 0) > 0


def test_the_text_report_has_a_row_per_archetype_and_overall(offline):
    lines = persona_eval.render(offline)
    assert lines[0].startswith("persona fidelity: offline")
    assert [line.split()[0] for line in lines[2:10]] == [*ARCHETYPE_ORDER, "overall"]
