"""A call near 22:00 (issue 17): no collection from 22:00 to 08:00 without the debtor's consent. The
collector asks before going on, or stops for the night; the grader keeps the simulated clock."""

from __future__ import annotations

import json
from functools import cache

import pytest

from simulator.analysis.late_hours import asks_to_continue, late_answer, wraps_up
from simulator.catalog.loader import load_catalog
from simulator.catalog.rubric import RulePack
from simulator.config import PROJECT_ROOT
from simulator.grading import late_call
from simulator.grading.context import build
from simulator.grading.transcript import Transcript


@cache
def _pack() -> RulePack:
    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics").rule_packs["cn"]


OPENING = ["您好,请问是周志强先生本人吗?我是安信消费金融的小陈,工号0357,今天打电话是关于您这个月的分期。", "是我,怎么了?"]
TALK = ["我理解您这个月加班少了,工资也少了八百多,咱们看看这周能不能先还一部分,剩下的等发工资当天再还,您觉得怎么样?",
        "我手头真的很紧,家里还有老人要看病,孩子也要交学费,这个月真的难,你让我想想办法吧,我也不是不想还。"]


def call(*lines: str, start: str | None = "21:58", call_ms: dict[int, int] | None = None) -> Transcript:
    turns = [{"speaker": "collector" if i % 2 == 0 else "debtor", "text": text, "call_ms": (call_ms or {}).get(i)}
             for i, text in enumerate(lines)]
    return Transcript(turns=turns, clock_start=start, stage="M1")


def late(transcript: Transcript) -> list[tuple[str, int]]:
    return [(v.rule, v.turn) for v in late_call.find(build(transcript), transcript, _pack())]


def test_the_clock_runs_from_the_answer_at_a_speaking_pace():
    times = late_call.clock(call(*OPENING, *TALK * 4))
    assert times[0] == (21 * 60 + 58) * 60
    assert all(b > a for a, b in zip(times, times[1:], strict=False))
    assert late_call.clock_now(call(*OPENING, *TALK * 4)) >= "22:00"


def test_going_on_past_ten_without_asking_is_harassment():
    found = late(call(*OPENING, *TALK * 4, "那您看这周五之前能先还八百吗?", "行吧。"))
    assert found and found[0][0] == "CN-CALL-PAST-TEN"
    assert late_call.clock(call(*OPENING, *TALK * 4, "x", "y"))[found[0][1]] >= 22 * 3600


def test_asking_and_hearing_yes_makes_it_lawful():
    asked = ["现在快十点了,不好意思占用您这么久,您看是现在把时间定下来,还是明天上午再聊?", "没事,你说吧,我还没睡。"]
    assert late(call(*OPENING, *TALK, *asked, *TALK * 3, "那您看这周五之前能先还八百吗?", "行吧。")) == []


def test_asking_and_hearing_no_then_going_on_is_harassment():
    asked = ["现在快十点了,您看是现在说完,还是明天上午再聊?", "太晚了,孩子都睡了,明天再说吧。"]
    found = late(call(*OPENING, *TALK, *asked, *TALK * 3, "那您看这周五之前能先还八百吗?", "行吧。"))
    assert [rule for rule, _ in found] == ["CN-CALL-PAST-TEN"]
    record = late_call.find(build(t := call(*OPENING, *TALK, *asked, *TALK * 3)), t, _pack())[0]
    assert "客户已经说了不方便" in record.description and record.basis


def test_stopping_for_the_night_is_lawful_and_a_daytime_call_is_never_late():
    stop = ["时间不早了,今天先聊到这,明天上午十点我再打给您。", "好,再见。"]
    assert late(call(*OPENING, *TALK * 4, *stop)) == [] or late(call(*OPENING, *TALK * 4, *stop))[0][1] < 10
    assert late(call(*OPENING, *TALK * 4, "那您看这周五之前能先还八百吗?", "行吧。", start="10:20")) == []
    assert late(call(*OPENING, *TALK * 4, start=None)) == []  # an upload with no time of day


def test_call_mode_uses_the_measured_time():
    """Call mode measures when each line began: 9 minutes in, a 21:52 call is past ten."""
    measured = call(*OPENING, *TALK, "那您看这周五之前能先还八百吗?", "行吧。", start="21:52", call_ms={4: 9 * 60 * 1000})
    assert late(measured) == [("CN-CALL-PAST-TEN", 4)]
    assert late(call(*OPENING, *TALK, "那您看这周五之前能先还八百吗?", "行吧。", start="21:52")) == []


ASKS = ["都快十点了,您还方便继续吗?", "这么晚打扰您了,要不要改到明天白天再谈?", "九点五十了,如果您愿意,咱们现在五分钟说完,您定。"]
STOPS = ["太晚了,这通电话先结束,明天九点以后我们接着谈。", "这么晚就不耽误您休息了,明天上午我再联系您。", "今晚就先不聊了,明天中午之前我给您回电话。"]
NEITHER = ["您看能不能今天晚上十点前把这期的一千五还上?", "您晚上几点下班?", "明天上午到账的话,您中午前能还上吗?"]


@pytest.mark.parametrize("text", ASKS)
def test_naming_the_hour_and_offering_the_choice_is_asking(text):
    assert asks_to_continue(text) and not wraps_up(text)


@pytest.mark.parametrize("text", STOPS)
def test_stopping_for_tonight_is_wrapping_up(text):
    assert wraps_up(text) and not asks_to_continue(text)


@pytest.mark.parametrize("text", NEITHER)
def test_other_talk_of_time_is_neither(text):
    assert not asks_to_continue(text) and not wraps_up(text)


@pytest.mark.parametrize(("text", "answer"), [
    ("没事,你说吧,早点说完我也踏实。", "consents"), ("我同意现在继续,你念一遍方案。", "consents"),
    ("孩子睡了我反而方便说话,继续吧。", "consents"), ("太晚了,明天白天再打吧。", "refuses"),
    ("困死了,有啥事天亮再说。", "refuses"), ("不同意,明天上午再说。", "refuses"),
    ("行,我晚上转账。", None), ("可以分期吗?", None), ("明天我就还。", None),
])
def test_the_debtor_says_yes_no_or_neither(text, answer):
    assert late_answer(text) == answer


def _score(path) -> tuple[int, int]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits = 0
    for r in rows:
        if r["speaker"] == "collector":
            got = "asks_consent" if asks_to_continue(r["text"]) else "wraps_up" if wraps_up(r["text"]) else "neither"
        else:
            got = late_answer(r["text"]) or "neither"
        hits += got == r["label"]
    return hits, len(rows)


def test_the_frozen_blind_set_keeps_its_floor():
    """Written blind and frozen before the readings existed: 45/60 at the first code, 51/60 after tuning."""
    hits, total = _score(PROJECT_ROOT / "tests/data/blind/late_call_frozen.jsonl")
    assert total == 60 and hits >= 51


def test_the_tune_set_keeps_its_floor():
    hits, total = _score(PROJECT_ROOT / "tests/data/tune/late_call_tune.jsonl")
    assert total == 90 and hits >= 89
