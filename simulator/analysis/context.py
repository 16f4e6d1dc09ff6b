"""Is a matched trigger really said, by the collector, as a claim?  Negation, report and denial.

Alarming words appear in lawful lines all the time: "我不是威胁您", "我们不会联系您通讯录里的人",
"如果您收到自称法院的电话,请先核实", "以前的催收说您要坐牢,那是不对的".  A keyword matcher flags
all of them; these guards are what keep the analyzer quiet on them without per-line exceptions:

* negation: a negator earlier in the same clause scopes over the trigger ("不会…告诉其他人"),
  unless it belongs to the debtor's condition ("不还钱就…", "你不接我就…") or a yes/no question
  ("要不要…", "信不信…");
* report: the trigger sits in a sentence about someone else's behaviour ("您说有人…",
  "之前的催收讲…", "如果有人冒充…");
* denial: the line goes on to call the claim false or forbidden ("…,那是谣言", "…都是骗子").
"""

from __future__ import annotations

import re
from functools import lru_cache

from simulator.analysis.normalize import CLAUSE_BREAK, SENTENCE_BREAK, enclosing, spans

# A yes/no question ("要不要", "信不信", "有没有") and four-character idioms built on 不
# ("不折不扣", "不依不饶") are not negations.
_A_NOT_A = re.compile(
    r"(.)[不没]\1|不折不扣|不依不饶|不三不四|不明不白|不清不楚|不伦不类|不管不顾|不理不睬|不闻不问|不痛不痒|不干不净|不死不活"
)

# 不/没/别 followed by these are not negating the collector's own action: the debtor's
# non-payment in a condition ("不还", "没钱"), potential complements ("删不掉", "跑不了"),
# fixed words ("不好意思", "不然", "别的", "别人"), or threats that begin with a negator.
_NOT_NEGATION = (
    r"不(?:良|还|接|交|给|理|回|配合|处理|肯|听|露面|出来|出面|开门|认账?|信|想还|打算还|愿意还|舍得|成|通|下来|"
    r"然|停|断|少|管|论|过|久|仅|但|如|错|行|好|对劲|到|了|掉|起|住|动|上|下|来|去|开|完|清|得了|得不|"
    r"得安|太平|客气|一定|同|光|止|知道|懂|明白|爽|靠谱|算数|算话|像话|要脸|讲理|得好死)"
    r"|没(?:钱|有钱|还|有还|能|接|有接|想到|事|关系|问题|什么|出息|脑子|良心|门|完|用|办法|见过|看过|遇(?:到|见)过)"
    r"|别(?:的|人|处|怪|逼|想|说|看|再|装|以为|给脸|哪天|到时候|回头|一不小心|让|等我|怪我|等到)"
)
_NEGATOR = re.compile(
    rf"(?!{_NOT_NEGATION})"
    r"(?:(?<!要)不|没|别|禁止|严禁|杜绝|无法|无需|无须|并非|未曾|从未|拒绝|谁都不|绝非|休想)"  # 要不: "how about"
)
# Between a negator and the trigger, these hand the trigger to a new (main) clause:
# "不还钱就…", "不配合的话…", "否则…".
_CONDITION_LINK = re.compile(r"就|的话|否则|不然|要不|才|那我|那我们|我就|我们就|马上|立刻|直接")

# "不会因为欠钱就被抓", "不要相信交钱就能…": the negation covers the whole because/belief clause.
_NEGATED_CAUSE = re.compile(r"(?:会|能|可能|是|要|应该)?(?:仅仅|只是|单纯|光|只)?(?:因为|由于|凭)|(?:要|用)?(?:相信|听信|轻信|信|听|理会|理睬|上当)")
_LEAD = re.compile(r"^(?:[,.!?;: ]|的|说法|话|做法|情况|行为|事|这种|那种|这些|那些|这个|那个|这|那)+")

_REPORT = re.compile(
    r"(?<!所)(?<!我们)(?<!我)(?<!没)有人(?=说|讲|告诉|跟您|对您|给您|冒充|自称|威胁|骚扰|打电话|发|要求|让您|叫您|找您|上门|在您|去您|用|假装|声称|把(?:您|你)"
    r"|爆|曝光|挂|贴|喷|泼|堵|骂|辱骂|拉横幅)|(?:如果|要是|假如|万一|以前|过去|之前|确实|曾经)(?:也)?有人|有个(?:催收|人)|任何人|谁(?:让|叫|要)您|"
    r"(?:其他|别的|那个|之前的|以前的|上一个|上个|上一位|前一位|之前那位|上次那位|上次的|外面的|有些|有的|个别|某些|那些|不正规的?|非法的?)"
    r"(?:平台|公司|机构|催收员?|人|员工|同事|催收公司)|"
    r"(?<![跟和给对向])您(?:刚才说|刚才讲|刚才提到|说|提到|反映|讲|遇到|收到|接到|是说|是指|的意思是)|你是说|据您|自称|冒充|假冒|声称|假的(?:催收|法院|警察)|"
    r"(?:如果|要是|假如|万一)(?:您|有人|对方|他们)?(?:收到|遇到|碰到|接到)|诈骗分子|不法分子|网上那些|那些说|(?:以前|过去|之前)那种|像那种|"
    r"(?:很多|不少|有些|有的)(?:客户|人|朋友)(?:都)?(?:担心|害怕|怕|以为|觉得|听说)|(?:担心|害怕|误以为|听说)(?:会|自己|要)|"
    r"(?:之前|以前|上次|上回)(?:的)?(?:那个|那位|那些|那几个)"
)
_DENIAL = re.compile(
    r"^.{0,4}?(?:(?:都|也)?(?:是|属于|纯属)?(?:谣言|假的|不实|误导|吓唬人|骗人的|骗局)|都是(?:骗子|诈骗)|"
    r"(?:都|也|一律|千万)?(?:别|不要|切勿|勿)(?:转|给|付|交|信|理|听|相信|上当)|"
    r"(?:是)?(?:不对|错误|违规|不合规|不允许|不存在|不可能)的?|没有(?:这回事|这种事|法律依据|依据)|"
    r"不会(?:的|啊|呀|啦)?(?:[,.!?]|$)|都是不被允许|并不会|不是的|当然不是|并不是|不是这样|"
    r"\??(?:我们)?(?:这边)?(?:没(?:有)?人会|谁(?:也|都)不会|不会有人)|\??那不是我们|"
    r"(?:都|也)?(?:是)?(?:我们|公司)?(?:明令|严格|一律)?(?:禁止|不允许)的|(?:都|也)?(?:是)?严重违规|"
    r"(?:的)?(?:做法|行为|手段|方式)(?:都|已经|是|都是)?(?:被)?(?:违法|违规|禁止|不允许|严厉打击|打击|取缔|不合规))"
)


@lru_cache(maxsize=64)
def _clauses(text: str) -> list[tuple[int, int]]:
    return spans(text, CLAUSE_BREAK)


@lru_cache(maxsize=64)
def _sentences(text: str) -> list[tuple[int, int]]:
    return spans(text, SENTENCE_BREAK)


def clause(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause around ``pos`` (a line's spans are computed once: every guard asks)."""
    return enclosing(_clauses(text), pos)


def sentence(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence around ``pos``."""
    return enclosing(_sentences(text), pos)


def negated(text: str, start: int) -> bool:
    """True when a negator earlier in the clause scopes over the trigger starting at ``start``."""
    c_start, _ = clause(text, start)
    prefix = _A_NOT_A.sub(lambda m: "\0" * len(m.group(0)), text[c_start:start])
    last = None
    for m in _NEGATOR.finditer(prefix):
        last = m
    if last is None:
        return False
    between = prefix[last.end() :]
    # "不会因为欠钱就被抓": a negated cause keeps its scope over the 就-clause.
    return not _CONDITION_LINK.search(between) or bool(_NEGATED_CAUSE.match(between))


def _strip_lead(tail: str) -> str:
    return _LEAD.sub("", tail)


def reported(text: str, start: int) -> bool:
    """True when the sentence, before the trigger, says someone else did or said it."""
    s_start, _ = sentence(text, start)
    return bool(_REPORT.search(text, s_start, start))


def denied(text: str, end: int) -> bool:
    """True when the words right after the trigger call it false or forbidden ("…,那是谣言")."""
    return bool(_DENIAL.match(_strip_lead(text[end : end + 24])))


# "以后不管谁跟您要个人卡号、微信收款,您都别转": a warning about anyone who asks, not a demand.
_WARNING = re.compile(r"(?:不管|无论|不论|凡是|任何人|谁)[^.!?]{0,30}?(?:都|也|一律|千万)(?:别|不要|不能|不用|切勿)(?:转|给|付|交|信|理|听|打|汇|扫)")


def warned(text: str, start: int) -> bool:
    """True when the trigger sits in a universal warning ("不管谁…您都别转")."""
    s_start, s_end = sentence(text, start)
    return bool(_WARNING.search(text, s_start, s_end))


def in_sentence(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """True when ``pattern`` occurs anywhere in the sentence around ``start``."""
    s_start, s_end = sentence(text, start)
    return bool(pattern.search(text, s_start, s_end))
