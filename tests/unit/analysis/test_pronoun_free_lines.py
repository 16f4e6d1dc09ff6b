"""Collectors often drop the pronoun ("马上冻结银行卡" rather than "冻结你的银行卡"): rules still apply,
and short self-introductions and debt mentions are still read as moves."""

from __future__ import annotations

import pytest

from simulator.analysis import analyze


@pytest.mark.parametrize("text,category", [
    ("马上冻结银行卡", "false_legal_claim"),
    ("明天查封房子", "false_legal_claim"),
    ("会影响孩子上学", "misleading"),
    ("贴出欠款信息", "third_party_disclosure"),
])
def test_violations_without_a_pronoun(text, category):
    assert category in analyze(text).categories


def test_only_a_court_may_seize_is_a_lawful_statement():
    assert analyze("根据法律规定,只有法院才有权查封财产,我们没有。").violations == ()


@pytest.mark.parametrize("text,move", [
    ("您好,我是安信的小陈,请问是本人吗?", "self_identification"),
    ("我是陈经理", "self_identification"),
    ("你欠的8000块什么时候还?", "disclose_debt"),
    ("哭有什么用?", "blame"),
])
def test_short_moves(text, move):
    assert move in analyze(text).moves
