"""The grader applies the rubric's rule pack's house pattern rules like built-in ones."""

from __future__ import annotations

import gc
import time

import pytest

from simulator.catalog.rubric import CustomRule
from simulator.grading.grader import grade
from simulator.grading.transcript import Transcript

HELLO = "您好,我是安信消费金融贷后服务部的小陈,工号0917,请问是王建军先生本人吗?"

ULTIMATUM = CustomRule(
    id="HOUSE-ULTIMATUM", category="misleading", match="phrase", patterns=["最后通牒"],
    description="公司禁止对客户说“最后通牒”。", suggestion="请您在月底前处理,有困难可以跟我说。")
PRIVATE_ACCOUNT = CustomRule(
    id="CN-HOUSE-PRIVATE-ACCOUNT", category="improper_fee", match="regex",
    patterns=[r"转到[^,.!?]{0,10}账户"], unless=["对公账户", "官方"],
    description="还款只能进公司对公账户或官方App。", suggestion="请您通过官方App或者我们公司的对公账户还款。",
    should_fire=["钱转到财务小刘那个账户就行"], should_not_fire=["您可以转到我们公司的对公账户。"])


def call(*collector_lines: str) -> Transcript:
    turns = [{"speaker": "debtor", "text": "喂?"}, {"speaker": "collector", "text": HELLO},
             {"speaker": "debtor", "text": "是我,什么事?"}]
    for line in collector_lines:
        turns += [{"speaker": "collector", "text": line}, {"speaker": "debtor", "text": "嗯。"}]
    return Transcript(turns=turns, stage="M3")


@pytest.fixture
def rubric(catalog):
    return catalog.rubric("default")


@pytest.fixture
def house_pack(catalog):
    pack = catalog.rule_packs["cn"]
    return pack.model_copy(update={"custom_rules": [ULTIMATUM, PRIVATE_ACCOUNT]})


def test_a_house_rule_quotes_the_turn_and_counts_under_its_category(rubric, house_pack):
    result = grade(call("王先生,这是最后通牒,月底前必须还清。"), rubric, house_pack)
    [v] = result.violations
    assert (v.rule, v.category, v.severity, v.turn, v.quote) == ("HOUSE-ULTIMATUM", "misleading", "major", 3, "最后通牒")
    assert v.description == ULTIMATUM.description and v.suggestion == ULTIMATUM.suggestion
    assert v.basis == house_pack.categories["misleading"].basis
    assert result.dimensions["legality"].score < 70


def test_the_same_call_graded_with_the_shipped_pack_has_no_violation(rubric, catalog):
    assert grade(call("王先生,这是最后通牒,月底前必须还清。"), rubric, catalog.rule_packs["cn"]).violations == []


def test_a_house_rule_in_a_critical_category_fails_the_call(rubric, house_pack):
    result = grade(call("钱转到财务小刘那个账户就行,今天就转。"), rubric, house_pack)
    assert [(v.rule, v.severity) for v in result.violations] == [("CN-HOUSE-PRIVATE-ACCOUNT", "critical")]
    assert not result.passed
    assert result.dimensions["legality"].score == 0
    assert any("违规收费" in r for r in result.fail_reasons)  # its name, never its id


def test_a_lawful_context_named_in_unless_cancels_the_hit(rubric, house_pack):
    result = grade(call("您可以转到我们公司的对公账户,以官方App显示为准。"), rubric, house_pack)
    assert result.violations == []


def test_a_negated_use_does_not_fire_unless_the_phrase_is_banned_outright(rubric, house_pack, catalog):
    line = "这不是最后通牒,只是提醒您按时还款。"
    assert grade(call(line), rubric, house_pack).violations == []
    outright = house_pack.model_copy(update={"custom_rules": [ULTIMATUM.model_copy(update={"banned_outright": True})]})
    assert [v.rule for v in grade(call(line), rubric, outright).violations] == ["HOUSE-ULTIMATUM"]


def test_a_category_the_built_in_rules_found_in_the_turn_is_not_counted_twice(rubric, house_pack):
    result = grade(call("您把钱转到我同事的账户上就行。"), rubric, house_pack)
    assert [v.category for v in result.violations] == ["improper_fee"]
    assert result.violations[0].rule.startswith("CN-") and "HOUSE" not in result.violations[0].rule


def test_house_rules_keep_a_40_turn_grade_fast(rubric, house_pack, catalog):
    lines = ["王先生,您这笔款已经逾期了,请问什么时候能还?", "我理解您的难处,咱们可以分期。"] * 20
    transcript = call(*lines)
    def per_grade(pack) -> float:
        """The best of five grades: a garbage-collector pause or a busy machine slows one, not all five."""
        grade(transcript, rubric, pack)
        gc.collect()
        times = []
        for _ in range(5):
            start = time.perf_counter()
            grade(transcript, rubric, pack)
            times.append(time.perf_counter() - start)
        return min(times)
    baseline, with_house = per_grade(catalog.rule_packs["cn"]), per_grade(house_pack)
    assert with_house < baseline * 1.5 + 0.005, (baseline, with_house)
