"""The structured reading of a collector turn: what it *means*, part by part (design §5, wave 2).

Moves say "this line self-identifies"; the reading says *how completely* (institution, name,
工号), whether an identity check asks for proof or only a name, which topic a question is about,
what a proposal or a recap actually contains (amount, date, channel; full payment or instalments),
whether empathy mirrors what the debtor said or is a stock phrase, and how a consequence is framed
(threat, information, benefit).  The persona engine answers questions and weighs offers from it;
the grader credits only the parts that were really said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.analysis.entities import amounts, concrete_date, dates
from simulator.analysis.late_hours import asks_to_continue

# -- self-identification -----------------------------------------------------------------------
_INSTITUTION = re.compile(
    r"(?:我是|我这边是|这里是|这边是|我们是|我在|来自|代表)[^,.!?]{0,14}?(?:公司|金融|银行|中心|部|平台|小贷|消金|信贷|法务|律所|事务所|贷后|催收|客服)"
    r"|[\u4e00-\u9fff]{2,8}(?:消费金融|银行|小额贷款|金融|信用卡中心|贷后服务部|客服中心)(?:公司)?(?:的|这边)"
    r"|(?:^|[,.!?])(?:喂[,.]?)?(?:您好[,.]?)?[\u4e00-\u9fff]{2,10}(?:银行|消费金融|小额贷款|信用卡中心|汽车金融|金融)(?:有限公司)?(?=[,.])"
)
_NAME = re.compile(
    r"我姓[\u4e00-\u9fff]|我叫[\u4e00-\u9fff]|(?:的|是)(?:小|老)[\u4e00-\u9fff](?:[,.!?,]|$|,|工号|经理|专员)"
    r"|(?:的|是)[\u4e00-\u9fff](?:经理|专员|主管|老师)(?![\u4e00-\u9fff]{2})|我是(?:小|老)[\u4e00-\u9fff]|(?:专员|客服|工作人员|经理)[\u4e00-\u9fff]{2,3}(?:,|工号)"
)
_EMPLOYEE_ID = re.compile(r"工号(?:是|为|:)?\s*[0-9a-z一二三四五六七八九零〇]{2,}|编号(?:是|为|:)?\s*\d{3,}")

# -- identity ----------------------------------------------------------------------------------
# Proof: ID digits, birth date, a reserved phone number, an explicit verification request.
_PROOF = re.compile(
    r"身份证(?:号)?(?:码)?(?:的)?(?:后|末)(?:四|4|六|6)位|出生(?:日期|年月)|生日是|预留(?:的)?(?:手机|电话)|(?:核实|确认|核对|验证)(?:一下)?(?:您的?|你的?)?身份"
    r"|报一下[^,.!?]{0,8}(?:号码|后四位|信息)"
)
_NAME_QUESTION = re.compile(
    r"(?:请问)?(?:您|你)?(?:是不是|就是|是)[\u4e00-\u9fff]{2,4}?(?:先生|女士|小姐)?(?:本人)?(?:吗|吧|么|是吧|对吧|对吗)"
    r"|[\u4e00-\u9fff]{2,3}(?:先生|女士)?(?:是吧|对吧)|请问(?:您|你)是|本人吗"
)

# -- questions by topic ------------------------------------------------------------------------
_QUESTION_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "一次性结清,还是分三期?" offers two options; "现在还是这样吗?" does not.
    ("choice", re.compile(r"[^.!?]{2,}(?<!现在)(?<!是不是)(?<![也都仍])(?:还是|或者)(?!这样|那样|老样子|没|不|一样)[^.!?]{2,20}(?:\?|吗|呢|哪(?:个|种))"
                          r"|哪(?:一)?(?:个|种)(?:方案|方式|更|比较)|选哪|倾向(?:于)?哪|(?:两|几)(?:个|种)(?:方案|办法|选择)[^?]{0,60}(?:哪个|哪种|哪一个)")),
    ("contact_time", re.compile(r"什么时候(?:方便)?(?:接|联系|打|回(?:电话|电|个电话|复))(?:电话)?|几点(?:方便|能接|有空)|(?:方便|能)接电话|手机什么时候|什么时间(?:方便|能)(?:接|联系)")),
    ("income", re.compile(r"收入|工资(?:多少|大概|一个月|每月|是)|每个?月(?:能)?(?:挣|赚|进账|到手)|做什么工作|在哪(?:儿)?上班|现在(?:有)?工作吗|生意(?:怎么样|还行吗)|经济来源")),
    ("amount", re.compile(r"(?:能|可以|打算|准备|先)?还多少|多少(?:钱)?(?:能|可以)|手(?:上|里|头)(?:有|能拿出|还有)[^.!?]{0,6}(?:多少|吗|\?)"
                          r"|(?:能|可以)?(?:先)?(?:拿出|凑出|凑|匀出|挤出|承担|负担|安排)(?:来|得出)?(?:多少|几)|凑(?:多少|得出)|每(?:个)?月能(?:还|承担)"
                          r"|(?:钱|款)(?:能)?有多少|有多少(?:钱|能还)")),
    ("date", re.compile(r"什么时候(?:能|可以|方便|打算)?(?:还|处理|到账|结清|回款|发|到)|哪天|几号|(?:具体)?(?:时间|日期)(?:是)?(?:哪|什么|多少)|多久(?:能|可以)|(?:钱|款|工资|货款|回款)[^.!?]{0,6}(?:什么时候|哪天|几号)")),
    ("reason", re.compile(r"什么原因|(?:为什么|为啥|怎么)(?:没|不|一直没|还没)|怎么回事|什么情况|遇到(?:了)?(?:什么|啥)|出(?:了)?什么事|有什么困难|是不是(?:遇到|有|出)")),
)
_IS_QUESTION = re.compile(r"\?|吗|呢(?:[,.!]|$)|么(?:[,.!?]|$)|多少|什么|哪|几|怎么|是否|能不能|可不可以|行不行|好不好|是不是|有没有|还是")

# -- proposals and recaps ----------------------------------------------------------------------
_AMOUNT_SPAN = re.compile(r"(?:\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:万)?(?:元|块)")
_CHANNEL = re.compile(r"官方|app|小程序|公众号|对公账户|还款(?:通道|渠道|入口)|指定(?:的)?(?:还款)?账户|自动扣款|银行卡(?:自动)?扣|网银|柜台|客户端")
_INSTALMENT = re.compile(r"分(?:[0-9一二两三四五六七八九十]+)期|分期|每(?:个)?月(?:还)?|先还(?:一部分|一点|一些|[0-9一二两三四五六七八九十百千万]+)|剩下的|首期|第一期|两次|分两次|分几次")
_FULL = re.compile(r"全(?:部|额)|一次性|结清|还清|全款|(?:把)?(?:这|那)?(?:笔|期)?[^,.!?]{0,4}都还上")
# "那就11月28日前还1000元,好吗?": a figure and a day put to the debtor as a question.
_PROPOSAL_TAIL = re.compile(r"(?:好吗|行吗|可以吗|怎么样|好不好|行不行|能不能做到|没问题吧|对吧)[?.!]?$|^(?:那|那就|那咱们|咱们就)"
                            r"|(?:能不能|能否|可不可以)[^,.!?]{0,8}\?$")
_DEBT_FACT = re.compile(r"到期|应还|逾期|欠款|欠了|账单|那期|这期(?:的)?(?:金额|账)")
_PAY_PLAN = re.compile(r"(?:前|之前|以前)(?:先)?(?:还|把|转|处理)|先还|还上|能还|还清|结清|把[^,.!?]{0,10}还|处理掉|(?:通过|用)[^,.!?]{0,10}(?:还|转)")
_RECAP_CUE = re.compile(r"确认一下|跟您确认|再确认|核对一下|也就是说|那就(?:说好|这么定)了|(?:咱|咱们|我们)?就(?:这么|这样)定|说定了|一言为定|我(?:给您)?(?:登记|记录|记)(?:一下|下来|好了)|说好了|约定")
_OFFER_CUE = re.compile(r"(?:可以|能|帮您|给您|我们)[^.!?]{0,10}(?:申请|办理|安排|分期|延期|减免|先还)|您看[^.!?]{0,16}(?:行吗|可以吗|怎么样|好吗)|(?:要不|不如)[^.!?]{0,4}(?:先|您)")

# -- empathy -----------------------------------------------------------------------------------
_STOCK_EMPATHY = re.compile(r"(?<!不)理解(?:您|你)?(?:的(?:心情|难处|感受))?|(?:我)?明白(?:您|你)|体谅|不容易|辛苦(?:了|您)|换(?:作|成)(?:是)?我|心情(?:可以)?理解")
# What a debtor's situation is made of, by family: naming the same family the debtor spoke of
# ("我儿子住院了" → "孩子还在医院") is mirroring, whatever the exact words.
SITUATION_FAMILIES: dict[str, re.Pattern[str]] = {
    "illness": re.compile(r"住院|医院|看病|手术|病|化疗|身体|吃药|治疗|受伤|车祸"),
    "child": re.compile(r"孩子|儿子|女儿|娃|小孩|上学|学费"),
    "job": re.compile(r"失业|裁员|没(?:了)?工作|工作丢|丢了工作|工资|降薪|欠薪|拖欠|上班|找工作"),
    "business": re.compile(r"生意|店|货款|回款|压货|亏|厂|工地|客户|营业额|进货"),
    "family": re.compile(r"老公|老婆|离婚|丈夫|妻子|爱人|父母|爸|妈|老人|家里"),
    "alone": re.compile(r"一个人|单亲|带娃|撑着|没人帮"),
    "debts": re.compile(r"房贷|车贷|房租|别的(?:贷款|欠款)|好几笔|网贷"),
}
SITUATION_WORDS = re.compile("|".join(p.pattern for p in SITUATION_FAMILIES.values()))


def _families(text: str) -> set[str]:
    return {name for name, pattern in SITUATION_FAMILIES.items() if pattern.search(text)}


# "您孩子住院", "你们店里", "厂里裁员": a situation said as the debtor's own.
_NAMES_SITUATION = re.compile(
    r"(?:您|你)(?:的|家|们)?(?:孩子|老人|父母|爸|妈|老公|老婆|爱人|家里|店|生意|厂|工地|工作|身体|病)|"
    r"(?:住院|看病|手术|化疗|失业|裁员|降薪|欠薪|离婚|车祸|生病|受伤|回款|压货|亏(?:了|损))"
)

# -- reproach and sarcasm (lawful but costly) --------------------------------------------------
_REPROACH = re.compile(
    r"(?:每次|老是|总是|回回|次次)都(?:说|这样|这么|拖)|到底(?:还)?(?:想不想|打不打算|还不还|要不要)|(?:就)?有理了|(?:怎么|咋)(?:还|又)(?:好意思|有脸)"
    r"|早(?:知道|干嘛)|自己(?:心里)?(?:没数|不清楚吗)|(?:讲|说)了(?:多少|几)遍|能不能(?:讲|有)点(?:信用|诚信)|一点(?:信用|诚信)都没有"
    # 说教 (rubric anchor 50): lecturing the debtor on morals instead of solving the problem
    r"|契约精神|(?:您|你)是成年人|(?:自己的账|自己欠的)[^,.!?]{0,4}自己(?:负责|还|扛)|(?:不能|别)(?:一直|老|总)?拿[^,.!?]{0,8}说事"
    r"|借(?:钱)?的时候怎么不|这可不是[^,.!?]{0,6}(?:问题|事)|(?:跟|和)(?:您|你)讲道理|做人(?:要|得)"
    # brushing the debtor off: "那随便您", "您自己看着办", "爱怎么样怎么样"
    r"|(?:那)?随便(?:您|你)(?:吧)?(?:[,.!?]|$)|(?:您|你)自己看着办|爱(?:怎么样|怎么办|咋样|咋办)(?:就)?(?:怎么样|怎么办|咋样|咋办)"
)
_SARCASM = re.compile(
    r"嗓门(?:再|这么|那么)?大|声音(?:再|这么)?大就|态度挺好的(?:啊|呀)|你(?:可)?真(?:行|会)|您可真是|真是(?:大忙人|贵人)|(?:哟|呦)[,.!]|挺(?:能|会)(?:说|扯|编)|编(?:得|的)(?:挺|真)|故事(?:讲得|编得)"
    r"|(?:您|你)(?:可)?(?:真)?(?:够)?(?:忙|厉害)的(?:啊|呀)|了不起|(?:了不得|好大的)"
)

# -- safety-first reply to despair -------------------------------------------------------------
SAFETY_REPLY = re.compile(
    r"安全|身边(?:有|有没有)(?:人|家人|朋友)|(?:家人|朋友)(?:在|陪)|陪(?:着)?您|别(?:做|想)傻事|千万(?:别|不要)(?:想不开|做傻事)|想不开"
    r"|心理(?:援助|热线|咨询)|(?:心理|援助|求助|急救)热线|(?<![\d,])12356(?!\d)|(?:打|拨|找)[^,.!?]{0,6}(?<![\d,])(?:110|120)(?!\d)|生命(?:最|更)?(?:重要|要紧)|(?:钱|还款)的事(?:先)?(?:放一放|不急|先不说|先放|往后放|可以再说)"
    r"|先不谈(?:钱|还款)|您(?:现在)?(?:在哪|一个人吗)|我很担心您|身体(?:和命)?(?:要紧|最重要)"
)


@dataclass(frozen=True)
class Reading:
    """One collector turn, read for meaning.  Every field is empty when the line does not do it."""

    self_id: frozenset[str] = field(default_factory=frozenset)  # institution | name | employee_id
    identity: str | None = None  # "proof" (asks for ID digits…) | "name" (只问"是X吗")
    questions: tuple[str, ...] = ()  # topics: late, amount, date, income, reason, contact_time, choice
    offer: dict[str, object] | None = None  # {"kind": full|instalment|unspecified, "amount", "date", "channel"}
    recap: frozenset[str] = field(default_factory=frozenset)  # amount | date | channel restated
    empathy: str | None = None  # "specific" | "generic"
    reproach: bool = False
    sarcasm: bool = False
    safety_first: bool = False  # asks after safety / sets the money aside / points to help

    def to_dict(self) -> dict[str, object]:
        return {
            "self_id": sorted(self.self_id),
            "identity": self.identity,
            "questions": list(self.questions),
            "offer": self.offer,
            "recap": sorted(self.recap),
            "empathy": self.empathy,
            "reproach": self.reproach,
            "sarcasm": self.sarcasm,
            "safety_first": self.safety_first,
        }


_PAY_CUE = re.compile(r"(?:还|还款|付|交|转|每期|首期|第一期|先还|凑)[^,.!?]{0,4}$")


def _offered_amount(norm: str, found: tuple[int, ...]) -> int | None:
    """The amount the collector asks to be paid: the first one said right after a paying verb
    ("您欠2350元,先还1000元" offers 1000), else the last one named."""
    if not found:
        return None
    for m in _AMOUNT_SPAN.finditer(norm):
        value = amounts(m.group(0))
        if value and _PAY_CUE.search(norm[max(0, m.start() - 8):m.start()]):
            return value[0]
    return found[-1]


def _held_date(found: tuple[str, ...]) -> str | None:
    """The day a promise can be held to: the first concrete one ("第一期下周五前…剩下的下个月"),
    else the last date named."""
    for d in found:
        if concrete_date(d):
            return d
    return found[-1] if found else None


def _self_id(norm: str) -> frozenset[str]:
    parts = set()
    if _INSTITUTION.search(norm):
        parts.add("institution")
    if _NAME.search(norm):
        parts.add("name")
    if _EMPLOYEE_ID.search(norm):
        parts.add("employee_id")
    return frozenset(parts)


def _questions(norm: str) -> tuple[str, ...]:
    if not _IS_QUESTION.search(norm):
        return ()
    late = ("late",) if asks_to_continue(norm) else ()  # "快十点了,您看是现在说完还是明天再聊?"
    return late + tuple(topic for topic, pattern in _QUESTION_TOPICS if pattern.search(norm) and not late)


def _offer_kind(norm: str) -> str:
    if _INSTALMENT.search(norm):
        return "instalment"
    if _FULL.search(norm):
        return "full"
    return "unspecified"


def read(norm: str, moves: tuple[str, ...], heard: str = "", *,
         found: tuple[tuple[int, ...], tuple[str, ...]] | None = None) -> Reading:
    """Read normalised ``norm`` (whose ``moves`` are already found). ``heard`` is what the other
    party said just before, so that empathy can be judged specific or stock; ``found`` passes the
    amounts and dates when the caller already has them."""
    found_amounts, found_dates = found if found is not None else (amounts(norm), dates(norm))
    channel = bool(_CHANNEL.search(norm))
    offer = None
    proposing = "request_commitment" in moves or _OFFER_CUE.search(norm) or _PROPOSAL_TAIL.search(norm)
    if _DEBT_FACT.search(norm) and not _PAY_PLAN.search(norm):
        proposing = False  # "是10月9号到期的2842,对吧?" checks the bill; it proposes nothing
    if "offer_plan" in moves or (proposing and found_amounts and found_dates):
        offer = {
            "kind": _offer_kind(norm),
            "amount": _offered_amount(norm, found_amounts),
            "date": _held_date(found_dates),
            "channel": channel,
        }
    recap: set[str] = set()
    # "好的:下周五前,您通过App还18061元" states the arrangement with no cue word: a figure, a day
    # it can be held to and the channel are a recap by themselves.
    settled = channel and found_amounts and any(concrete_date(d) for d in found_dates)
    if "confirm_commitment" in moves or _RECAP_CUE.search(norm) or settled:
        if found_amounts:
            recap.add("amount")
        if found_dates:
            recap.add("date")
        if channel:
            recap.add("channel")
    identity = "proof" if _PROOF.search(norm) else ("name" if _NAME_QUESTION.search(norm) else None)
    return Reading(
        self_id=_self_id(norm) if "self_identification" in moves or _EMPLOYEE_ID.search(norm) else frozenset(),
        identity=identity,
        questions=_questions(norm),
        offer=offer,
        recap=frozenset(recap) if len(recap) >= 2 or "confirm_commitment" in moves else frozenset(),
        empathy=_empathy(norm, moves, heard),
        reproach=bool(_REPROACH.search(norm)) or "blame" in moves,
        sarcasm=bool(_SARCASM.search(norm)) or "sarcasm" in moves,
        safety_first=bool(SAFETY_REPLY.search(norm)),
    )


def _empathy(norm: str, moves: tuple[str, ...], heard: str) -> str | None:
    """Specific when the line mirrors a situation word the debtor used; generic for a stock phrase."""
    if heard:
        mirrored = _families(heard) & _families(norm)
        if mirrored and ("empathy" in moves or "listen" in moves or _STOCK_EMPATHY.search(norm)
                         or re.search(r"确实|真的|肯定|挺|太|这么|那么|难|累|苦|着急|不好受|担心|扛不住|受不了|撑|委屈|心疼|换谁", norm)):
            return "specific"
    if "empathy" in moves or _STOCK_EMPATHY.search(norm):
        # "您住院花了那么多钱,真的不容易": naming the debtor's own situation is not a stock phrase.
        return "specific" if _NAMES_SITUATION.search(norm) else "generic"
    return None
