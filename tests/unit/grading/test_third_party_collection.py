"""Collecting from someone who does not owe (issue 17): an unrelated colleague, neighbour or relative
may be asked for a callback and nothing else; a guarantor who confirmed the guarantee may be asked to
pay it. Each line is said after the listener has identified themselves."""

from __future__ import annotations

import json
from functools import cache

import pytest

from simulator.catalog.loader import load_catalog
from simulator.catalog.rubric import RulePack
from simulator.config import PROJECT_ROOT
from simulator.grading import legality
from simulator.grading.context import build
from simulator.grading.transcript import Transcript

PRELUDE = {
    "unrelated": [("collector", "您好,请问是孙浩先生吗?"), ("third_party", "他不在,我是他{relation},你找他什么事?")],
    "guarantor": [("collector", "您好,请问您是孙浩先生这笔借款的担保人吗?"), ("third_party", "对,我是他的担保人,当时是我签的字。")],
}


def said_to(listener: str, text: str, relation: str = "同事") -> list[str]:
    """The rules found on ``text`` said to that listener, after they said who they are."""
    turns = [{"speaker": s, "text": t.format(relation=relation)} for s, t in PRELUDE[listener]]
    turns.append({"speaker": "collector", "text": text})
    views = build(Transcript(turns=turns, stage="M2", situation="third_party"))
    return [v.rule for v in legality.find_violations(views, _pack()) if v.turn == 2]


@cache
def _pack() -> RulePack:
    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics").rule_packs["cn"]


COLLECTING = [
    "您是他领导,发工资的时候能不能先扣他两千打到我们账户上?",
    "你们住对门的,他一回来你就盯着他把钱转过来。",
    "您先借他三千周转一下,他拿去还上,这事不就了了。",
    "麻烦您帮忙催一催他,拖下去对谁都不好。",
    "您签个字给他作保,我们这边就先不追了。",
    "他到底能不能凑出来?您跟他熟,给我交个底。",
]
LAWFUL_TO_A_COLLEAGUE = [
    "麻烦您转告他方便时给我们回个电话,谢谢您。",
    "这是他个人的事,跟您没关系,您不需要替他还,也不用帮我们催他。",
    "您说想替他先垫上?谢谢您的好意,这个得他本人来处理。",
    "他有没有什么事,我不方便跟您说,抱歉。",
    "您要是碰见他,能不能跟他说一声,让他尽快回个电话?",
    "您说以后别打这个号码了,好的,我们记下了,不会再打扰您。",
]
TO_A_GUARANTOR = [
    "按担保合同,您对这笔款承担连带责任,目前逾期金额是三千二百元。",
    "您作为担保人,看这个月能不能先代偿一部分,哪怕一千也行?",
    "您也可以先跟他商量一下,周五之前由您或者他把这期还上。",
]


@pytest.mark.parametrize("text", COLLECTING)
def test_asking_an_unrelated_person_to_pay_lend_deduct_guarantee_or_press_is_collecting(text):
    assert said_to("unrelated", text) == ["CN-COLLECT-THIRD-PARTY"]


@pytest.mark.parametrize("text", LAWFUL_TO_A_COLLEAGUE)
def test_a_callback_request_or_a_release_of_the_listener_is_lawful(text):
    assert said_to("unrelated", text) == []


@pytest.mark.parametrize("text", TO_A_GUARANTOR)
def test_a_confirmed_guarantor_may_be_asked_to_pay_the_guaranteed_debt(text):
    assert said_to("guarantor", text, relation="担保人") == []
    assert said_to("unrelated", text) != []  # the same words to a colleague are not lawful


def _score(path) -> tuple[int, int]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    hits = sum(bool(said_to(r["listener"], r["text"], r["relation"])) == r["violation"] for r in rows)
    return hits, len(rows)


def test_the_frozen_blind_set_keeps_its_floor():
    """Written by someone who never saw the rules, frozen before the rule existed: 54/60 then, 58/60 now."""
    hits, total = _score(PROJECT_ROOT / "tests/data/blind/third_party_collect_frozen.jsonl")
    assert (hits, total) >= (58, 60) and total == 60


def test_the_tune_set_keeps_its_floor():
    hits, total = _score(PROJECT_ROOT / "tests/data/tune/third_party_collect_tune.jsonl")
    assert total == 80 and hits >= 79
