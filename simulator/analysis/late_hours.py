"""A call near or past 22:00: does the collector ask before going on, and what does the debtor say?

中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026) bars phone collection from 22:00 to 08:00
without the debtor's consent; GB/T 45251-2025 says the same where the parties have not agreed a time.
A call that starts at 21:50 and runs long therefore needs one of two things before it goes past ten:
the collector asks whether the debtor is willing to go on (and the debtor says yes), or the collector
wraps up and proposes a daytime call.

Three readings, each of a single normalised line:

* ``asks_to_continue`` — a collector line that names the late hour and asks whether to go on now or
  to move the talk to another time ("时间不早了,您看是现在说完还是明天上午再聊?");
* ``wraps_up`` — a collector line that stops for the night without asking ("太晚了,明天九点我再打给您");
* ``late_answer`` — the debtor's answer to such a question: ``consents`` or ``refuses`` (None: neither).

Mentions of a time that are not about the call ("十点前把钱还上", "晚上下班后还款也行") are neither.
"""

from __future__ import annotations

import re
from typing import Literal

from simulator.analysis.normalize import normalize

# The hour is late, or the collector apologises for the hour.
_LATE = re.compile(
    r"时间不早|(?:这么|太|很|挺|比较|有点|有些)晚|天儿?(?:也|都|已经)晚|不早了|(?:快|快到|已经|都|过了|到|马上就?|眼看(?:就|要)?)(?:晚上)?(?:要)?十点|十点(?:了|多|过)"
    r"|九点(?:半|多|四十|五十)|2[01][:点][0-5][0-9]|这个(?:点|钟点|时间点|时候)|深夜|夜里|大晚上|晚上(?:这个时候|这时候|还)?(?:打扰|打电话)"
    r"|(?:耽误|影响|打扰|占用)(?:您|你)?(?:的)?(?:休息|睡觉)"
)
# …and offers a choice about the call: go on now, or another time.
_CHOICE = re.compile(
    r"(?:方便|可以|能|还能|介意|要紧|继续|接着|说完|聊完|谈完|再聊|再说|多说|占用|再说[一两五十]+分钟)[^.!?]{0,12}(?:吗|么|\?|不)"
    r"|要不要|还是(?:说|改|换|明天|现在|等|您想)|(?:改|换)(?:到|成|个|天|日)[^.!?]{0,10}(?:吗|\?|还是)|明天(?:白天|上午|下午|早上|中午)?(?:再)?(?:聊|谈|说|打|联系)[^.!?]{0,6}(?:吗|\?|行不行|可以吗|好不好)"
    r"|您看[^.!?]{0,16}(?:还是|行吗|可以吗|方便吗)|(?:行|好|可以|方便)(?:不|吗|么)\?|(?:如果|要是)(?:您|你)(?:愿意|方便|同意|不介意|想)|您看呢|您定|您决定|听您的|看您"
)
_QUESTION = re.compile(r"\?|吗|么|要不要|还是|行不行|好不好|可不可以|方不方便|介不介意|您定|您决定|听您的|看您")
# The collector stops for the night: no more today, a daytime call tomorrow.
_STOP = re.compile(
    r"(?:今天|今晚)?(?:就)?先(?:聊|谈|说)?(?:到这(?:里|儿)?|这样|停在这|收个尾)|(?:今天|今晚)(?:就)?(?:先)?不(?:聊|谈|说)了"
    r"|不(?:该|再|多)?(?:再)?(?:多)?(?:打扰|耽误|占用)(?:您|你)(?:的)?(?:时间|休息|睡觉)?了|先(?:挂|结束)|(?:这就|马上)挂|早点(?:歇|休息|睡)"
    r"|(?:明天|明早|明儿)[^,.!?]{0,12}(?:再|接着|继续)[^,.!?]{0,8}(?:打|联系|聊|谈|说|回电|沟通|确认|细说|唠)"
    r"|(?:明天|明早|明儿)(?:白天|上午|早上|中午|下午|九点|十点|[0-9一二三四五六七八九十]+点)?(?:以后|之后|左右)?(?:我|我们|咱们|咱)?(?:给您|给你)?(?:打|联系|聊|谈|回电)"
    r"|(?:明天|明早|明儿)[^,.!?]{0,10}(?:给您|给你)(?:回)?(?:个)?电话|改天(?:再)?(?:聊|谈|说|打|联系)|(?:这通|这个)电话(?:先|就)?(?:结束|到这)"
)
# Debtor: go on now (a bare "行" or "好" is not enough: it may agree to the later call).
_CONSENT = re.compile(
    r"(?<!不)(?:同意|愿意)(?:现在)?(?:继续|说|谈|聊)?|(?:你|您)(?:就)?(?:说|讲)吧|^(?:\W|嗯|哦|啊|行|好)*(?:你说|您说|说吧)|(?:继续|接着)(?:说|讲|聊|吧)?"
    r"|(?:一次|今天|现在|今晚)(?:就)?(?:说完|讲完|聊完|谈完|说清楚|定下来)|就现在|现在(?:就)?(?:方便|有空|可以)|(?:正好|正)有空|反而方便"
    r"|我还没睡|(?:还)?不(?:算)?晚|还早|不困|没事|没关系|不要紧|不碍事|无所谓"
)
# …strong enough to win over a mention of sleep ("孩子睡了我反而方便说话,继续吧").
_STRONG_CONSENT = re.compile(r"(?<!不)同意|(?<!不)愿意|继续吧|接着说|就现在|反而方便|现在(?:就)?方便")
# Debtor: not now.
_REFUSE = re.compile(
    r"太晚|这么晚|(?:都)?几点了|不早了|快十点|十点了|这个点|(?:明天|明早|改天|白天|天亮|明儿)[^.!?]{0,8}(?:再|打|说|聊|谈|回|联系)|明天[.!。]?$"
    r"|别(?:这么晚|晚上|半夜|大晚上|深更半夜)|(?:现在)?不方便|要睡|睡了|睡觉|(?:刚)?睡下|孩子[^.!?]{0,4}睡|休息了|困|(?:我)?挂了|别(?:再)?打了"
    r"|不想(?:再)?(?:说|聊|谈)|没空|不(?:同意|愿意)"
)


def asks_to_continue(text: str) -> bool:
    """The collector names the late hour and asks whether to go on now or another time."""
    norm = normalize(text)
    return bool(_LATE.search(norm) and _CHOICE.search(norm) and _QUESTION.search(norm))


def wraps_up(text: str) -> bool:
    """The collector stops the call for the night without asking (a daytime call proposed, or goodbye)."""
    norm = normalize(text)
    return bool(_STOP.search(norm)) and not asks_to_continue(text)


def late_answer(text: str) -> Literal["consents", "refuses"] | None:
    """The debtor's answer to "go on now, or another time?"."""
    norm = normalize(text)
    if _STRONG_CONSENT.search(norm):
        return "consents"
    if _REFUSE.search(norm):
        return "refuses"
    if _CONSENT.search(norm):
        return "consents"
    return None
