"""What the person on the other end says, as the grader needs it: did they confirm who they are,
did they provoke the collector (insults, shouting, accusations, complaint threats)?

Part of the analyzer package so the persona engine, the grader and call mode share one reading
of debtor speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.analysis.normalize import normalize

_CONFIRM = re.compile(
    r"^(?:嗯+|对+|是+|是的|对的|没错|对啊|是啊|是呀|嗯嗯|我就是|是我|我是\S{0,4}(?:本人)?|本人)(?:[,。!?、…~ ]|$)"
    r"|我就是|是我本人|我本人|就是我|你说吧|什么事"
)
_DENY = re.compile(
    r"不是(?:我|本人|他本人)|打错了|找错人|他不在|她不在|没这个人|我是(?:他|她)的?(?:妈|爸|老婆|妻子|丈夫|老公|儿子|女儿|同事|朋友|家属)"
    r"|我是(?:他|她)(?:家里人|家属)|人已经(?:走|没)了|去世了|过世了"
)
_INSULT = re.compile(
    r"滚|神经病|有病吧?|骗子|王八蛋|去死|傻[逼比屄]|[sS][bB]|你算什么东西|他妈的|放屁|吸血鬼|流氓|黑社会|混蛋|狗东西|畜生|贱"
)
_ACCUSE = re.compile(r"高利贷|乱收费|敲诈|勒索|违法|骗钱|坑人|黑心|抢钱|套路贷|你们就是")
_COMPLAIN = re.compile(r"投诉|举报|告你|报警|12378|银保监|金融监管|消协|曝光你们|找媒体")
_HANGUP = re.compile(r"挂了|不跟你说了|别再打|再打我就|懒得跟你")
_SHOUT = re.compile(r"[!!]{2,}|[??][!!]|[!!][??]")


@dataclass(frozen=True)
class ListenerReading:
    confirms_identity: bool
    denies_identity: bool
    provocations: tuple[str, ...]  # insult | accusation | complaint_threat | shouting | hang_up_threat

    @property
    def provoking(self) -> bool:
        return bool(self.provocations)


def read_listener(text: str) -> ListenerReading:
    norm = normalize(text).strip()
    provocations = [
        name
        for name, pattern in (
            ("insult", _INSULT),
            ("accusation", _ACCUSE),
            ("complaint_threat", _COMPLAIN),
            ("shouting", _SHOUT),
            ("hang_up_threat", _HANGUP),
        )
        if pattern.search(norm)
    ]
    denies = bool(_DENY.search(norm))
    return ListenerReading(
        confirms_identity=bool(_CONFIRM.search(norm)) and not denies,
        denies_identity=denies,
        provocations=tuple(provocations),
    )
