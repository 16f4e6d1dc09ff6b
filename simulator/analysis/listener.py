"""What the person on the other end says, as the grader needs it: did they confirm who they are
(or say they are someone else, a guarantor, or that the borrower has died), did they provoke the
collector (insults, shouting, accusations, complaint threats), are they in distress (crying)?

Part of the analyzer package so the persona engine, the grader and call mode share one reading
of debtor speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.analysis.normalize import normalize

# Text is normalised first, so "。" arrives as "." and full-width "!?" as ASCII.  Interjections
# ("哎,", "……", "(沉默)") may come before the answer; one character per step keeps the regex linear.
_LEAD = r"^(?:\([^)]{0,8}\))?[,. ~…]*(?:[喂哎诶欸啊哦噢呃嗯唉][,. ~…]*)*"
_CONFIRM = re.compile(
    _LEAD + r"(?:嗯+|对+|是+|是的|对的|没错|对啊|是啊|是呀|嗯嗯|我就是|是我|我是\S{0,4}(?:本人)?|本人)(?:[,.!?、…~ ]|$|是我|呢|啊|呀)"
    r"|我就是|是我本人|我本人|就是我|你说吧|什么事"
    # the last digits of the ID card, given in answer to a verification question: "0417。", "381X,什么事?"
    r"|" + _LEAD + r"[0-9x]{4,6}(?:[,.!?、…~ ]|$)"
    # "……这还像句人话。后四位4471。", "1985年11月2号": the proof asked for, given later in the line
    r"|后(?:四|4|六|6)位(?:是)?\s*[0-9x]{4,6}|[,.!?…。] ?[0-9x]{4}[.!]?$|" + _LEAD + r"(?:19|20)\d\d年\d{1,2}月\d{1,2}"
)
_DEATH_WORDS = (
    r"人(?:已经)?(?:走|没)了|去世|过世|病逝|离世|已经走了|不在了"
    r"|(?:上个?月|上周|上个?星期|前几天|前阵子|去年|今年)(?:就)?走了"
)
# A denial is about who is on the line — not "是不是我忘了还" or "不是我不想还".
_DENY = re.compile(
    _LEAD + r"(?:不是|不对)(?:的|啊|呀|哦)?(?:[,.!?…]|$)|(?<!是)不是(?:他|她)?本人|我不是(?:他|她)|(?<!是)不是我(?:[,.!?…]|$)"
    r"|打错了|找错人|他不在|她不在|没这个人"
    r"|我是(?:他|她)的?(?:妈|爸|老婆|妻子|丈夫|老公|爱人|媳妇|儿子|女儿|同事|朋友|家属|亲戚|哥|姐|弟|妹|室友|领导|邻居)"
    r"|我是(?:他|她)(?:家里人|家属)|" + _DEATH_WORDS
)
_DEATH = re.compile(_DEATH_WORDS)
# Crying and despair: the moments a 受害者型 debtor needs the pressure taken off.
_DISTRESS = re.compile(
    r"哭|哽咽|抽泣|吸鼻子|呜呜|泣不成声|活不下去|不想活|撑不下去|顶不住|受不了了|逼死|崩溃|走投无路|不知道(?:该)?怎么办|睡不着"
)
# Despair and self-harm: "我真不想活了", "死了算了", "从楼上跳下去". The next collector line must be
# safety-first (grading/welfare.py); pressing on is a duty-of-care failure.
_DESPAIR = re.compile(
    r"不想活|活不下去|活着(?:还)?(?:有|没)(?:什么|啥)?(?:意思|意义|劲)|死了(?:算了|就好了|一了百了|倒好|干净)|一死了之|(?:不如|还不如|干脆)(?:去)?死"
    r"|(?:想|要|去)(?:跳楼|跳河|跳下去|喝药|自杀|寻死|轻生|了结)|跳楼|跳河|(?:楼上|桥上|楼顶)跳(?:下去)?|喝农药|安眠药|(?:结束|了结)(?:自己|生命)|撑不下去了?[^,.!?]{0,4}(?:走|死)"
    r"|我死了[^,.!?]{0,8}(?:就|你们)|以死|不活了|没法活|没脸活|死的心都有|想死|活够了|一了百了|不如死"
)
# A third party who says they guaranteed the debt is liable for it and may be told about it.
_GUARANTOR = re.compile(r"担保人|保证人|(?:给|替|为)(?:他|她)(?:做(?:了|过)?)?(?:担保|作保)|担保(?:过|了)"
                        r"|签(?:了|过|的)?(?:个|字)?(?:的)?(?:担保|保证)")
_INSULT = re.compile(
    r"滚|神经病|有病吧?|骗子|王八蛋|去死|傻[逼比屄]|[sS][bB]|你算什么东西|他妈的|放屁|吸血鬼|流氓|黑社会|混蛋|狗东西|畜生|贱"
)
_ACCUSE = re.compile(r"高利贷|乱收费|敲诈|勒索|违法|违规|骗钱|坑人|黑心|抢钱|套路贷|你们就是|骚扰|威胁我|恐吓")
_COMPLAIN = re.compile(r"投诉|举报|告你|报警|12378|银保监|金融监管|消协|曝光你们|找媒体")
# Dares and put-downs: "你算老几", "有本事去告我啊", "吓唬谁呢", "你一个打电话的懂什么".
_DARE = re.compile(r"你算(?:老几|什么)|有本事|吓唬谁|谁怕谁|告(?:我|啊)|你(?:一个)?打电话的|你懂(?:什么|个屁)|少废话|关你屁事")
_HANGUP = re.compile(r"挂了|不跟你说了|别再打|再打我就|懒得跟你")
_SHOUT = re.compile(r"[!!]{2,}|[??][!!]|[!!][??]")


@dataclass(frozen=True)
class ListenerReading:
    confirms_identity: bool
    denies_identity: bool
    provocations: tuple[str, ...]  # insult | accusation | complaint_threat | shouting | hang_up_threat
    distressed: bool = False  # crying, despair
    despairing: bool = False  # says they want to die or harm themselves
    reports_death: bool = False  # "他上个月走了": the borrower has died
    guarantor: bool = False  # the speaker guaranteed the debt

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
            ("dare", _DARE),
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
        distressed=bool(_DISTRESS.search(norm)) or bool(_DESPAIR.search(norm)),
        despairing=bool(_DESPAIR.search(norm)),
        reports_death=bool(_DEATH.search(norm)),
        guarantor=bool(_GUARANTOR.search(norm)),
    )
