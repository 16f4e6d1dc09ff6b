"""Collecting from someone who does not owe: asking a colleague, neighbour or relative to pay, lend,
deduct, guarantee, or to press the debtor (issue 17).

中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026): "原则上严禁对无关第三人进行催收。仅在债务人本人
失联的特定情形下，方可联系无关第三人以获取债务人联系方式或请求转告，且严禁透露具体债务信息。" Only "please ask him to
call us back" is lawful; asking the listener to do anything about the money is collection.

``asks_to_collect(text)`` reads one collector line said to such a listener and returns the words that
ask, or None. The grader applies it only while an unrelated third party is on the line (a confirmed
guarantor may be asked to pay under the guarantee). Refusals of the listener's own offer — "您说要替他还?
不用,这得他本人处理" — and promises that they need do nothing are not asks.
"""

from __future__ import annotations

import re

from simulator.analysis.context import clause, negated, sentence
from simulator.analysis.normalize import normalize

_HIM = r"(?:他|她)"
_YOU = r"(?:您|你|你们|您们|大家)"
_ASKS = re.compile(
    # pay, lend, advance, deduct, guarantee for him
    rf"(?:替|帮|给){_HIM}?(?:还|垫|担|扛|出|补)(?!有|是|在)|代(?:偿|还|为(?:偿还|还款|清偿))|先(?:垫|借|替|帮){_HIM}?|借{_HIM}(?:点|些|一点|[0-9一二两三四五六七八九十百千万]+)"
    rf"|借给{_HIM}|凑(?:一凑|点|些|一点|出来|出)|(?:工资|奖金|提成)里(?:先)?扣|扣(?:他|她)(?:的)?(?:工资|奖金|[0-9一二两三四五六七八九十百千万]+)"
    rf"|做(?:个|一个)?担保|(?:给{_HIM}|帮{_HIM})(?:签(?:个)?字|担保|作保|兜底)|(?:您|你)[^,.!?]{{0,6}}(?:担|出|摊|承担)(?:一点|一部分|点|些)"
    rf"|(?:就是|就得|就该|只能由|由){_YOU}(?:来)?(?:还|出|负责|承担|替{_HIM}还)|{_YOU}[^,.!?]{{0,4}}(?:必须|得|要)(?:今天|马上|尽快)?"
    rf"(?:把钱|打钱|还钱)[^,.!?]{{0,6}}|(?:有人|总得有人|得有人)还|{_YOU}(?:就)?(?:来|得|要|该)(?:还|出|担|负责|承担|管)|找{_YOU}(?:要|还|负责)|你们?[^,.!?]{{0,6}}也该(?:担|出|帮|管|说说|过问)"
    # press him: urge, persuade, watch over, make him pay
    rf"|(?:帮|替)(?:我们|忙)?(?:催|劝|说说|盯|看着)|催催|劝劝|做做{_HIM}?(?:的)?(?:思想)?工作|盯(?:着|紧)(?:点)?{_HIM}"
    rf"|(?:跟|和|给){_HIM}(?:说说|讲讲|念叨|施加|提个醒)|(?:让|叫|要){_HIM}(?:赶紧|抓紧|尽快|马上|立刻|务必)(?![^,.!?]{{0,6}}(?:回|联系|来电|打(?:个)?电话|接电话))"
    rf"|(?:让|叫|要){_HIM}(?:赶紧|抓紧|尽快|马上|今天|明天|立刻|务必|必须)"
    rf"(?:[^,.!?]{{0,6}})?(?:还|打钱|把钱|转|处理|结清)|(?:让|叫){_HIM}(?:给我们)?(?:打钱|还钱|转钱|把钱)|(?:该|得)(?:说说|管管|过问)"
    # relay a payment demand rather than a callback request
    rf"|(?:转告|告诉|带(?:个)?话(?:给)?){_HIM}?[^.!?]{{0,24}}(?:打过来|打钱|还钱|还上|还清|转过来|结清|不还|把钱)"
    # ask the listener about his money
    rf"|{_HIM}[^,.!?]{{0,10}}(?:到底|能不能|能否|会不会)(?:还|凑|拿出)|{_HIM}(?:这周|这个月|最近)?(?:还不还|凑得出)|还不还"
)
# "不用您替他还", "不需要您承担", "您别为这个操心": the collector releases the listener.
_RELEASE = re.compile(r"不(?:用|需要|必|要|该|应该|会让|会要|会找)|别|没(?:有)?(?:必要|义务|责任)|无需|不能(?:收|要|让)|谢谢|领了")
# "…,这些我都不能跟您说": what came before is withheld, not told.
_DECLINE_AFTER = re.compile(r"[,.!?]?[^,.!?]{0,6}(?:不能|不方便|没法|无法)(?:跟|和|向|告诉)(?:您|你)")
# "您说要替他还?", "您刚才说想劝劝他": the listener's own offer, quoted before it is declined.
_OFFERED = re.compile(rf"{_YOU}(?:刚才|主动)?(?:说|提|讲)(?:要|想|愿意|可以|去)?|{_YOU}(?:要|想|愿意)(?:帮|替|去)")


def released(norm: str, start: int) -> bool:
    """The words at ``start`` quote the listener's own offer or sit in the collector's release of them
    ("您说要替他还?谢谢,不需要您承担"; "这些我都不能跟您说")."""
    s_start, s_end = sentence(norm, start)
    c_start, c_end = clause(norm, start)
    if _OFFERED.search(norm, s_start, start):
        return True
    return bool(_RELEASE.search(norm, c_start, start) or _DECLINE_AFTER.match(norm, c_end, min(len(norm), c_end + 14)))


def asks_to_collect(text: str) -> str | None:
    """The words asking the listener to pay for, lend to, or press the debtor (None: no such ask)."""
    norm = normalize(text)
    for m in _ASKS.finditer(norm):
        if negated(norm, m.start()):
            continue
        c_start, _ = clause(norm, m.start())
        s_start, s_end = sentence(norm, m.start())
        if _OFFERED.search(norm, s_start, m.start()):
            continue  # quoting the listener's offer; what follows decides
        if _RELEASE.search(norm, c_start, m.start()):
            continue
        return text[m.start():m.end()] if len(text) == len(norm) else m.group(0)
    return None
