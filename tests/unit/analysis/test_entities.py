"""Amounts and dates: what a concrete promise is made of."""

from __future__ import annotations

import pytest

from simulator.analysis import analyze
from simulator.analysis.numerals import parse_chinese, parse_number


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("本期应还2350元。", (2350,)),
        ("我这个月只能还两千五。", (2500,)),
        ("下个月先还三千块。", (3000,)),
        ("一万二的欠款可以分三期。", (12000,)),
        ("先还500吧,剩下的月底。", (500,)),
        ("还款金额是2,350元。", (2350,)),
        ("大概1.5万的样子。", (15000,)),
        ("违约金每期50元,罚息另计。", (50,)),
        ("先还一千,下周再还一千五。", (1000, 1500)),
    ],
)
def test_amounts(text: str, amounts: tuple[int, ...]) -> None:
    assert analyze(text).amounts == amounts


@pytest.mark.parametrize(
    "text",
    ["每天给你打一百个电话。", "逾期6天了。", "工号0917。", "征信这一块会受影响。", "我们一块儿想办法。", "住3号楼。"],
)
def test_counts_ids_and_idioms_are_not_amounts(text: str) -> None:
    assert analyze(text).amounts == ()


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("那就11月28日还款。", ("11月28日",)),
        ("您说下周五还?", ("下周五",)),
        ("明天能处理吗?", ("明天",)),
        ("月底之前还清。", ("月底",)),
        ("28号一定还。", ("28号",)),
        ("您之前承诺20号还款,今天已经23号了。", ("20号", "今天", "23号")),
        ("那我们明天上午十点再联系您。", ("明天上午十点",)),
        ("发工资那天还你。", ("发工资那天",)),
        ("三天内还清可以吗?", ("三天内",)),
        ("下个月初再还剩下的。", ("下个月初",)),
    ],
)
def test_dates(text: str, dates: tuple[str, ...]) -> None:
    assert analyze(text).dates == dates


def test_building_numbers_are_not_dates() -> None:
    assert analyze("我住3号楼。").dates == ()


@pytest.mark.parametrize(
    ("raw", "value"),
    [("两千五", 2500), ("一万二", 12000), ("三百五", 350), ("一千零五十", 1050), ("一百零五", 105), ("二十八", 28), ("十五", 15)],
)
def test_chinese_numerals_with_colloquial_ellipsis(raw: str, value: int) -> None:
    assert parse_chinese(raw) == value


def test_arabic_with_multiplier() -> None:
    assert parse_number("1.5万") == 15000
    assert parse_number("3千") == 3000
