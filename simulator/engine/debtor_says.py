"""What a debtor's line says about paying and about the call: does it commit to pay, say yes to what
was proposed, end the call; which figures does it state? (issue 16)

Used by the output guard (a model's line must voice the engine's decision) and by the persona
fidelity evaluation. Tuned on the persona banks and ``tests/data/tune/guard_lines_tune.jsonl`` only;
``tests/data/blind/guard_lines_frozen.jsonl`` measures it (118/150 before tuning, 142/150 after).
"""

from __future__ import annotations

import re
from itertools import pairwise

# A yes to the proposal: enough on the turn the engine decided the debtor agrees.
_ASSENT = re.compile(
    r"行|(?<![更最不只还挺很太])好[吧的啊嘞了呀]?|可以|没问题|同意|答应|认了|依你|听你的|照你说|按你说|就这么|那就|就按"
    r"|成吧|成交|一定|保证|会还|还上|还给你|还清|还你|转给你|转过去|打过去|打给你|付|凑|先还|准时|按时|说到做到|说话算话"
    r"|放心|记下|记住了|记在|定了|要得|妥了|得嘞|中[,，。!！]|(?<![A-Za-z])(OK|ok|Ok)(?![A-Za-z])"
)
# Accepting the plan or the terms in so many words.
_ACCEPT = re.compile(r"接受|同意|答应(你|了)?(?!不)|认了|就选|选那个|按(你们?|您)的?(方案|说的)|就这么(办|定|着|地)|妥了|成交"
                     r"|(?<!不)行,?按|一言为定|说定了")
# Paying, in the words a debtor uses for it.
# "还" pays in "先还", "还三千", "还上", not in "我还有会" or "还是".
_PAY = re.compile(r"(?:先|就|去|来|会|能|再|全|都|次性|马上|立刻|肯定|一定|我|把钱)还(?!有|是|在|要|没|得|挺|真|想|不|行|好|差)"
                  r"|还(?:钱|款|上|清|给|你|了吧|完|掉|\d|[一二三四五六七八九两几半])"
                  r"|转|存|付|结清|结了|交|打给你|打过去|打钱|给你们?[^,，。]{0,4}(钱|块)|凑")
# When: a concrete day or time.
_DAY = re.compile(r"\d{1,2}[月号日点]|[一二三四五六七八九十]{1,3}[号日点]|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜"
                  r"|月底|月初|月中|明天|后天|今天|今晚|晚上|一早|下午|上午|马上|现在就|这就|立刻|下个?月|这个?月|每个?月"
                  r"|发工资|工资到|发了")
# Taking it back: a refusal, no money, a condition to wait for, or vagueness about when.
_REFUSE = re.compile(
    r"(?<!是)不还|还不了|不会还|没法还|不同意|不可能|做不到|别想|不答应|答应不了|没门|免谈(?!了)|不接受|凭什么"
    r"|再想想|再说吧|考虑考虑|拿不出|没钱|(?<!多)一分(钱)?都没有|不会(付|给|还|转)|不付|不给|怎么可能|不怎么样|不干|别(跟我)?提(日期|时间)|再给我[^,，。]{0,4}时间"
    r"|等我[^,，。]{0,8}(有钱|好了|松|还我|到账|周转|宽裕)|手头一松|有钱了|原则上|再定|商量(以后|之后|一下)"
    r"|回头看看|哪天方便|看情况|过几天|过段时间|尽快|有本事|自己来|排后面|顾不上"
)
# "免谈" of one part (the interest) while paying the rest is still a commitment: "还本金两万,利息免谈".
_PARTIAL = re.compile(r"利息免谈|罚息免谈|别的你别想|其他的?别想")
_ENDS_CALL = re.compile(
    r"挂了|挂电话|我挂|先挂|不说了|不聊了|不谈了|不跟你(说|聊|谈|扯)|再见|拜拜|别(再)?(给我)?打|不要(再)?打|别烦|"
    r"就这样|先这样|到此为止|没空|没时间|忙着|在忙|开会|滚|懒得|不想(听|说|谈|跟你)|没什么(好)?(说|谈)的|嘟|"
    r"回头再说|改天再说|以后再说|有事发短信|爱咋咋|随便你们|你们看着办|别来烦|"
    r"不接了|不接你|拉黑|报警|投诉|到这(里|儿)|说不了话|得(去|走)|要(去|走)了|让你们(的)?(主管|领导|经理|上级)|"
    r"找你们(主管|领导|经理)|法院见|告你们|录着音|录音了|试试|撂|说不下去|没法再说|不跟你废话|废话少说|打错了|没这个人"
    r"|不(想)?再?(听|接|说)了|不再接|我先?去(看|接|忙|做|上|开)|晚点(吧|再说)"
)
_INVITES = re.compile(r"你(接着|继续)说|你说吧|你说说|说来听听|然后呢|还有(什么|啥)事[吗么]?[?？]|怎么办[?？]|挂(电话)?之前"
                      r"|(请问|确认一下|我想问)[^。!！]*[?？]")

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[万千]?")
_CHINESE = re.compile(r"[零〇一幺二两三四五六七八九十百千万]{2,}(?=[块元号日天个期月年笔次%％])"
                      r"|[零〇一幺二两三四五六七八九十百千万]+[百千万][零〇一二两三四五六七八九十百千万]*")



_SENTENCES = re.compile(r"(?<=[。!！?？…])")


def _asked_back(text: str) -> bool:
    """A question about paying is no commitment: "你要我马上还?", "分三期?"."""
    for sentence in _SENTENCES.split(text):
        if not sentence.rstrip().endswith(("?", "？")):
            continue
        asked = re.split(r"[,，;；]", sentence)[-1]  # "月底给你转三千,满意了吧?" asks nothing about paying
        if _PAY.search(asked) or _ACCEPT.search(asked) or figures(asked) or "期" in asked:
            return True
    return False


def _hedged(text: str) -> bool:
    cleaned = _PARTIAL.sub("", text.replace("不是不还", "").replace("又没说不还", ""))
    return _REFUSE.search(cleaned) is not None or _asked_back(text)


def commits(text: str) -> bool:
    """The line commits to pay: accepts the plan in so many words, or names when or how much it pays
    ("行,下周一我转两千过去", "那就按你说的分四期"), and does not take it back. "会还的" with no day
    and no amount is no commitment."""
    if _hedged(text):
        return False
    if _ACCEPT.search(text):
        return True
    amounts = {n for n in figures(text) if n > 10}
    day = _DAY.search(text) is not None
    if amounts and day:  # the terms restated: "就4380,10月30日。"
        return True
    return _PAY.search(text) is not None and (day or bool(amounts))


def assents(text: str) -> bool:
    """On the turn the engine decided an agreement: the line commits, or says yes to what was proposed,
    and does not take it back."""
    return commits(text) or (_ASSENT.search(text) is not None and not _hedged(text))


def ends_call(text: str) -> bool:
    """The line ends the call (or brushes the caller off) rather than inviting more."""
    return _ENDS_CALL.search(text) is not None and _INVITES.search(text) is None


def _cn_number(token: str) -> int | None:
    """"三千" 3000, "二十" 20, "两万五" 25000 (the spoken short form), "一千零五" 1005; "两三" and "七八"
    (a rough range, "两三天") are no figure."""
    if len(token) == 2 and all(ch in _CN_DIGIT for ch in token):
        return None
    if any(a in _CN_DIGIT and b in _CN_DIGIT and a != b and "零" not in (a, b) for a, b in pairwise(token)) \
            and any(ch in _CN_UNIT for ch in token):
        return None  # "两三千", "七八百": a rough range
    total, section, digit, last_unit, zero = 0, 0, None, 1, False
    for ch in token:
        if ch in _CN_DIGIT:
            zero = zero or _CN_DIGIT[ch] == 0
            digit = _CN_DIGIT[ch] if digit is None else digit * 10 + _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            last_unit = _CN_UNIT[ch]
            if last_unit == 10000:
                total += (section + (digit or 0)) * last_unit
                section = 0
            else:
                section += (1 if digit is None else digit) * last_unit
            digit = None
    if digit is not None and last_unit >= 100 and not zero and digit < 10:
        digit *= last_unit // 10  # "两万五", "三千五": the unit below is understood
    value = total + section + (digit or 0)
    return value or None


def figures(text: str) -> set[int]:
    """The numbers a line states: Arabic digits (with 千/万) and Chinese numerals long enough or with a
    unit to be a figure ("三千", "两万五", "二十号"); "一下", "一点" and the like are not figures."""
    found: set[int] = set()
    for m in _ARABIC.finditer(text):
        raw = m.group().replace(",", "").replace("，", "").strip()
        scale = 10000 if raw.endswith("万") else 1000 if raw.endswith("千") else 1
        try:
            found.add(round(float(raw.rstrip("万千").strip()) * scale))
        except ValueError:
            continue
    stripped = _ARABIC.sub(" ", text)
    for m in _CHINESE.finditer(stripped):
        value = _cn_number(m.group())
        if value is not None:
            found.add(value)
    return found


def invented(text: str, given: set[int]) -> set[int]:
    """Figures in ``text`` that were not among ``given`` (anything ≤ 10 passes: "两三天", "一两千" vagueness
    and counts a debtor may say of themselves)."""
    return {n for n in figures(text) if n > 10 and n not in given}
