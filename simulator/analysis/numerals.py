"""Read numbers the way collectors say them: 2350, 2,350, 1.5万, 3千, 两千五, 一万二, 二十八.

Used for amounts (``Analysis.amounts``), dates, and for rules that depend on a count
("每天打一百个电话") or an hour ("晚上十一点").
"""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "仨": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

CN_NUM_CHARS = "零〇一幺二两俩三仨四五六七八九十拾百佰千仟万萬亿"
# A Chinese numeral, or an Arabic one with an optional 百/千/万 multiplier ("1.5万", "3千").
NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?\s*[百千万wk]?|[{CN_NUM_CHARS}]+)"
_ARABIC = re.compile(r"^(\d[\d,]*(?:\.\d+)?)\s*([百千万wk]?)$")


def parse_chinese(text: str) -> int | None:
    """Value of a Chinese numeral, including colloquial ellipsis (两千五 = 2500, 一万二 = 12000)."""
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    total = 0
    section = 0
    number = 0
    last_unit = 1
    after_zero = False
    seen_digit = False
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen_digit = True
            if number == 0:
                after_zero = True
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if number == 0 and not seen_digit:
                number = 1  # "十五" = 15
            section += (number or (1 if unit == 10 else 0)) * unit
            number = 0
            last_unit = unit
            after_zero = False
            seen_digit = False
        else:
            unit = BIG_UNITS[ch]
            total += (section + number) * unit
            section = 0
            number = 0
            last_unit = unit
            after_zero = False
            seen_digit = False
    if number and last_unit >= 100 and not after_zero:
        number *= last_unit // 10  # trailing digit continues the last unit: 两千五 -> 2500
    return total + section + number


def parse_number(text: str) -> int | None:
    """Value of an Arabic or Chinese numeral as an int (rounded), or None when it is not a number."""
    text = text.strip()
    m = _ARABIC.match(text)
    if m:
        value = float(m.group(1).replace(",", ""))
        mult = {"百": 100, "千": 1000, "k": 1000, "万": 10_000, "w": 10_000}.get(m.group(2), 1)
        return round(value * mult)
    return parse_chinese(text)
