"""A model's line must voice the engine's decision and be new to the call (``engine/voicing.py``)."""

from __future__ import annotations

import json

import pytest

from simulator.config import PROJECT_ROOT
from simulator.engine import debtor_says, voicing
from simulator.engine.guard import agrees, guard
from simulator.engine.voicing import Decision

EARLIER = ("我没听,我今天在接听,你说吧。", "你们天天打电话烦不烦啊!")


@pytest.mark.parametrize("text", [
    "我没听,我今天在接听,你说吧。",  # verbatim
    "我没听，我今天在接听…你说吧",  # the same words, other punctuation
    "我没听,我今天在接听,你说吧!",
    "你们天天打电话烦不烦!",  # a particle dropped
])
def test_a_line_heard_earlier_in_the_call_is_a_repeat(text):
    assert voicing.problem(text, Decision(earlier=EARLIER)) == "repeats_line"


def test_a_new_line_on_the_same_topic_is_not_a_repeat():
    assert voicing.problem("打电话也没用,我现在手上就是没钱。", Decision(earlier=EARLIER)) is None
    assert not voicing.repeats("嗯。", ["嗯,行。"])  # short lines repeat only when identical


@pytest.mark.parametrize("text", [
    "我没钱我没钱我没钱我没钱", "还还还还还,就知道还",
    # said by a 270M model through llama.cpp
    "我听完,我马上回答:我听完了,我马上回答.",
    "是吴志刚先生,你是客户的,请问客户是客户还是客户的代理人,如果是客户,请问你是客户的代理人?",
])
def test_a_line_that_says_the_same_thing_over_and_over_is_runaway(text):
    assert voicing.runaway(text)


def test_ordinary_emphasis_is_not_runaway():
    assert not voicing.runaway("行行行,我知道了,月底再说。")
    assert not voicing.runaway("你们利息这么高,罚息还这么高。")
    assert not voicing.runaway("你说啥,你说啥,我听不清。")
    assert not voicing.runaway("哎,别别,真到那一步就麻烦了,我尽快,我尽快!")
    assert not voicing.runaway("你放心,我心里有数的,先不说了啊,拜拜拜拜。")


@pytest.mark.parametrize("text", ["行吧,那我25号先还三千。", "好,就按你说的分六期。", "就4380,10月30日。",
                                  "嗯,1000,下周五,我记在本子上了。", "那就这么定了,周五之前转过去。"])
def test_an_agreement_turn_that_agrees_passes(text):
    assert voicing.problem(text, Decision(agrees_now=True, given=frozenset({25, 3000, 4380, 10, 30, 1000}))) is None


@pytest.mark.parametrize("text", ["我再想想吧。", "你说分期就分期?凭什么。", "这个钱我是不会还的。", "你们利息这么高,谁还得起啊。"])
def test_an_agreement_turn_that_does_not_agree_is_rejected(text):
    assert voicing.problem(text, Decision(agrees_now=True)) == "misses_agreement"


@pytest.mark.parametrize("text", ["行了行了,我不想听,挂了。", "别再打来了!", "我在开会,先这样。", "再打我就拉黑!",
                                  "跟你说不明白,让你们主管打给我。"])
def test_a_hang_up_turn_that_ends_the_call_passes(text):
    assert voicing.problem(text, Decision(hangs_up=True)) is None


@pytest.mark.parametrize("text", ["那你说怎么办吧?", "嗯,你接着说。", "我这个月真的困难。"])
def test_a_hang_up_turn_that_keeps_talking_is_rejected(text):
    assert voicing.problem(text, Decision(hangs_up=True)) == "keeps_talking"


@pytest.mark.parametrize(("text", "numbers"), [
    ("我下周五还5000", {5000}), ("那就两万五吧", {25000}), ("这个月二十号先还三千", {20, 3000}),
    ("一下子拿不出1,200块", {1200}), ("还3.5万", {35000}), ("我等一下", set()), ("一千零五", {1005}),
])
def test_figures_are_read_in_digits_and_in_chinese(text, numbers):
    assert debtor_says.figures(text) == numbers


def test_a_figure_nobody_gave_is_invented_one_that_was_given_is_not():
    given = frozenset({4380, 30})
    assert voicing.problem("我只能先还2000。", Decision(given=given)) == "invented_figure"
    assert voicing.problem("4380我知道,可我拿不出来。", Decision(given=given)) is None
    assert voicing.problem("过两三天再说吧。", Decision(given=given)) is None  # small counts are talk, not figures


def test_the_guard_applies_the_decision_after_cleaning_and_the_length_limit():
    verdict = guard("王建军:(叹气)我没听,我今天在接听,你说吧。", max_chars=60, names=("王建军",),
                    decision=Decision(earlier=EARLIER))
    assert verdict.problem == "repeats_line"
    assert guard("行吧,你说。", max_chars=60, decision=Decision(earlier=EARLIER)).problem is None


def _scored(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits = 0
    for r in rows:
        text = r["text"]
        said = (debtor_says.assents(text) if r["decision"] == "agree" else debtor_says.ends_call(text)
                if r["decision"] == "hang_up" else not agrees(text))
        hits += said == r["voices"]
    return hits, len(rows)


def test_the_frozen_blind_guard_set_stays_above_its_floor():
    """150 debtor lines written blind (tests/data/blind/guard_lines_frozen.jsonl): does the line voice an
    agreement, a hang-up, or neither? The floor is the figure measured; it may only rise."""
    hits, total = _scored(PROJECT_ROOT / "tests" / "data" / "blind" / "guard_lines_frozen.jsonl")
    assert total == 150 and hits >= FLOOR_BLIND


def test_the_tuning_guard_set_stays_above_its_floor():
    """160 lines written to the same brief by another writer (tests/data/tune/): the set the detectors
    were tuned on, so its figure is no evidence of generalisation; the floor guards against regressions."""
    hits, total = _scored(PROJECT_ROOT / "tests" / "data" / "tune" / "guard_lines_tune.jsonl")
    assert total == 160 and hits >= FLOOR_TUNE


FLOOR_BLIND = 142  # 118 before any tuning (the first detectors, from the persona banks); 142 after
FLOOR_TUNE = 158


def test_the_wrong_person_on_the_line_is_rejected():
    relative = Decision(speaker="third_party", debtor_name="王建军")
    assert voicing.problem("我就是王建军,你们有完没完?", relative) == "wrong_person"
    assert voicing.problem("那笔钱我会还的,你别打了。", relative) == "wrong_person"
    assert voicing.problem("他不在家,你有什么事?", relative) is None
    assert voicing.problem("我是他老婆,他不在。", Decision()) == "wrong_person"
    assert voicing.problem("我老婆不知道这事,你可别跟她说。", Decision()) is None
