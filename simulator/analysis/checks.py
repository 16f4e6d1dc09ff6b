"""Extra conditions for the few rules a regex alone cannot decide.

Each check answers one question a reviewer would ask about a match: is that hour really after
21:00?  is "每天打N个" really many?  is naming the debtor's child's school paired with "we know"?
is the money asked for a favour (stopping calls, wiping records) rather than the debt?
"""

from __future__ import annotations

import re

from simulator.analysis.context import clause, sentence
from simulator.analysis.numerals import parse_number

_MANY = re.compile(r"几十|几百|上百|上千|成百|无数|很多|好多|n多|(?:十|百|千)几")


def many_calls(text: str, m: re.Match[str]) -> bool:
    """More than a handful of calls or messages (5+), the FDCPA-style presumption of harassment."""
    raw = m.group("n")
    if m.groupdict().get("hourly") or _MANY.search(raw):
        return True
    value = parse_number(raw)
    # "早中晚各打三个": that many in each part of the day
    slots = 3 if "早中晚" in m.group(0) else 2 if re.search(r"上午下午|早晚|白天晚上|中午晚上", m.group(0)) else 1
    return value is not None and value * slots >= 5


def late_hour(text: str, m: re.Match[str]) -> bool:
    """An evening hour outside the 8:00–21:00 window: 22:00 on, or 21:00 with 以后/之后."""
    raw = m.group("h")
    if raw is None:
        return True  # 半夜, 凌晨, 深夜
    hour = parse_number(raw)
    if hour is None:
        return False
    if hour in (9, 21):
        return bool(m.group("after"))
    return 10 <= hour <= 12 or 22 <= hour <= 24


_SCHOOL_DETAIL = re.compile(
    r"[一二三四五六七八九\d]年级|[一二三四五六七八九十\d]+班|[高初][一二三]|[一二三四五六七八九十][中小](?![学时午间])|"
    r"[\u4e00-\u9fff]{2}(?:小学|中学|幼儿园|附小|附中)|哪个(?:学校|班|幼儿园)"
)
_KNOWING = re.compile(
    r"(?:我们|我)(?:都|早就|早|已经)?(?:知道|清楚|门儿清|一清二楚|了如指掌|摸清|查到|查得到|找得到)|门儿清|一清二楚|掂量|看着办|小心|当心"
    r"|心里有数|有数就行|(?:要不要|用不用)(?:我|我们)(?:说|讲|告诉)|(?:我|我们)(?:说|讲)给(?:你|您)听"
    r"|(?:去|来)(?:看看|会会|找找|拜访|接)(?:她|他|他们|她们|孩子|你家)|注意点|自己(?:走|一个人|回家)|一个人(?:在家|走|回家)"
    # a clock time of the family's day, a remark on how late they get home, "are you easy about it?"
    r"|(?:每天|天天)[^,.!?]{0,4}[\d一二三四五六七八九十两]+点|(?:挺|很|那么|这么)晚(?:的)?(?:吧|吗|啊)|(?:挺|很|那么|这么)晚才回|放心(?:吗|得下吗|\?)"
    r"|(?:走|过)那(?:段|条)路"
)


def family_whereabouts(text: str, m: re.Match[str]) -> bool:
    """Naming where the debtor's family is threatens when it is specific or paired with "we know"."""
    start, end = sentence(text, m.start())
    window = text[start : min(len(text), end + 20)]  # and the next sentence: "…上学吧?你自己掂量掂量."
    return bool(_SCHOOL_DETAIL.search(text, start, end) or _KNOWING.search(window))


_SERVICE_FOR_MONEY = re.compile(
    r"停催|免催|暂停催收|不再(?:打|催|联系)|撤诉|撤案|销案|销账|平(?:了|掉)?账|账平|(?:删|消|洗|抹|去|清|撤)(?:掉|除|白|干净)|修复|不上征信"
    r"|处理(?:掉|干净)|(?:弄|搞)干净"
    r"|保你|搞定|免息|减免|打点|疏通"
)


def pays_for_service(text: str, m: re.Match[str]) -> bool:
    """Money asked in exchange for a favour (stop calls, wipe records) is a fee, not repayment."""
    start, end = sentence(text, m.start())
    return bool(_SERVICE_FOR_MONEY.search(text, start, end))


_DEMAND = re.compile(r"交|付|缴|转|先|另外|额外|还要|还得|得|(?<!银行)收(?!到|的)")


def demanded(text: str, m: re.Match[str]) -> bool:
    """A contractual-sounding fee (手续费, 服务费) is a problem only when the collector asks for it, in the
    fee's own clause ("服务费的部分等核查结果出来再处理" next to "先把本金还上" asks for none)."""
    start, end = clause(text, m.start())
    return bool(_DEMAND.search(text, start, end))


# "您可以告诉家人…", "你跟你老婆商量…": the debtor, not the collector, is the one who tells.
_DEBTOR_SUBJECT = re.compile(r"(?<![帮替给让叫])(?:您|你)(?:也|自己|先|就|最好)?(?:可以|不妨|最好|可|能|要|去|得)?$")


# "找亲戚朋友凑", "问问家里人能不能借": the debtor goes to them for money, nobody is told of the debt.
_DEBTOR_ERRAND = re.compile(r"(?:借|凑|周转|想(?:想)?办法|商量|帮(?:忙|你|您)|筹)")


def collector_acts(text: str, m: re.Match[str]) -> bool:
    """False when the debtor is the subject of the telling verb, or the errand is the debtor's own
    (asking relatives to lend)."""
    if _DEBTOR_SUBJECT.search(text, max(0, m.start() - 6), m.start()):
        return False
    return not _DEBTOR_ERRAND.match(text, m.end(), m.end() + 4)

