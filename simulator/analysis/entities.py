"""Extract yuan amounts and date expressions from a collector's line.

The persona engine needs them to tell "您看什么时候能还?" (no amount, no date) from a concrete
proposal ("11月28日还2350元"), and the grader needs them to check that a promise was confirmed
with an amount and a date.  Colloquial forms matter as much as written ones: 两千五, 三千块, 28号,
下周五, 月底, 发工资那天.
"""

from __future__ import annotations

import re

from simulator.analysis.numerals import CN_NUM_CHARS, NUMBER, parse_number

_CN = f"[{CN_NUM_CHARS}]"
# Units that say a number is a count of something other than money.
_NOT_MONEY = (
    r"(?:个|天|次|期|人|号|年|月|日|周|公里|米|遍|通|条|分钟|秒|岁|小时|钟头|家|户|名|位|点|倍|%|％|成|栋|楼|层|"
    r"单元|班|张|台|辆|套|斤|克|页|章|条|项|笔|份)"
)

_AMOUNT = re.compile(
    "|".join(
        (
            # explicit currency: 2350元, 三千块, 500块钱, 1.5万元, 两千五百元
            rf"(?<![这那哪每])(?P<cur>{NUMBER})\s*(?:多)?(?:元钱|元|块钱|块(?!儿)|圆|人民币|rmb)",
            # magnitude words without a unit: 两千五, 一万二, 1.5万, 3千 (and not "一百个电话")
            rf"(?P<mag>\d[\d,]*(?:\.\d+)?\s*[千万w]|{_CN}*[百千万]{_CN}*)(?!{_CN}|\d|多?{_NOT_MONEY})",
            # a thousands-separated figure is money in a collection call: "你那两期3,980还没还"
            r"(?P<sep>(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,]))",
            # a bare Arabic number straight after a money verb: 先还500, 转了300
            rf"(?:还|还款|还上|转|转账|付|交|欠|凑|打款|补)(?:了|上|个)?(?:给)?(?:你|您|我们|他|她)?(?P<bare>\d[\d,]*(?:\.\d+)?)(?![\d.]|\s*{_NOT_MONEY})",
        )
    )
)

_DAY = rf"(?:\d{{1,2}}|{_CN}{{1,3}})"
_WEEKDAY = "[一二三四五六日天末]"
_TIME = rf"(?:(?:早上|上午|中午|下午|傍晚|晚上)?(?:{_DAY}点(?:半|钟|前|之前|以前)?))"
_DATE = re.compile(
    "|".join(
        (
            rf"{_DAY}月(?:份)?{_DAY}(?:日|号)(?:{_TIME})?",
            rf"(?:下下|下|这|本|上)个?月(?:初|中|底|末|{_DAY}(?:日|号))?",
            rf"{_DAY}月(?:初|中|底|末|份)",
            r"(?:本月|这个月)?(?:月底|月初|月中|月末)",
            r"(?:年底|年前|年后|春节前|春节后|过年前|过完年|节前|节后)",
            rf"(?<![月\d]){_DAY}(?:号|日)(?!楼|线|码|房|院|床|车|门|子)(?:{_TIME})?",
            rf"(?:今天|明天|后天|大后天|今晚|明晚|明早|今早|当天|周内|本周末?|这周末?){_TIME}?(?:之内|以内|内|前|之前)?",
            rf"(?:下下|下|这|本|上)?(?:个)?(?:周|星期|礼拜){_WEEKDAY}(?:{_TIME})?",
            r"(?:下下|下|这|本)(?:个)?(?:周|星期|礼拜)",
            rf"{NUMBER}个?(?:天|工作日|小时)(?:之内|以内|内|后|以后|之后)",
            r"发工资(?:那天|当天|之后|以后|后)?",
        )
    )
)


_HAS_DIGIT = re.compile(r"[\d一二两俩三仨四五六七八九十]")


def amounts(text: str) -> tuple[int, ...]:
    """Yuan amounts in order of mention (repeats kept: the last one is the latest proposal)."""
    out: list[int] = []
    for m in _AMOUNT.finditer(text):
        raw = m.group("cur") or m.group("mag") or m.group("bare") or m.group("sep")
        if raw is None:
            continue
        if not _HAS_DIGIT.search(raw):
            continue  # "千万不要", "百分百": magnitude words used as adverbs
        value = parse_number(raw)
        if value and value > 0:
            out.append(value)
    return tuple(out)


def dates(text: str) -> tuple[str, ...]:
    """Date expressions as written ("11月28日", "下周五", "月底", "28号"), in order of mention."""
    return tuple(m.group(0) for m in _DATE.finditer(text))


# "11月28日", "28号", "下周五", "明天", "三天之内" name a day; "下周", "月底", "过段时间" do not.
_CONCRETE = re.compile(rf"{_DAY}(?:日|号)|(?:周|星期|礼拜)[一二三四五六日天](?!末)|今天|明天|后天|今晚|明晚|明早|{NUMBER}个?(?:天|工作日|小时)")


def concrete_date(expression: str) -> bool:
    """True when a date expression names a day a promise can be held to."""
    return bool(_CONCRETE.search(expression))
