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


@pytest.mark.parametrize("text,category", [
    ("你的店开在哪儿我们清清楚楚", "threat"),
    ("你们家属必须替他还", "misleading"),
    ("我给您发个收款码", "improper_fee"),
    ("明天你们领导就会接到我们电话", "third_party_disclosure"),
    ("影响的是你们全家的征信", "misleading"),
])
def test_indirect_violations(text, category):
    assert category in analyze(text).categories


@pytest.mark.parametrize("text", ["我们会把还款账户通过官方短信发给您", "逾期会影响您本人的征信", "您家属可以转告他回个电话"])
def test_lawful_neighbours_stay_clean(text):
    assert analyze(text).violations == ()


@pytest.mark.parametrize("text", ["借钱的时候怎么不嫌我们烦", "爱还不还", "随便投诉,投诉完了钱还是得还"])
def test_reproach_is_blame(text):
    assert "blame" in analyze(text).moves
