"""Is a pressure-bearing phrase asserted, or only mentioned?  Negation, deferral, report and denial.

The violation rules already keep quiet on "我们不会联系您单位" (``context.negated``); moves and the
pressure level need the same care.  "没有判决,谁也不能冻结您的账户", "起诉的事今天不谈",
"如果有人说要起诉您,那是吓唬人" all *mention* legal process without *putting* it to the debtor, so
they are not level-3 pressure and the debtor must not answer "起诉?" to them.

``asserted(text, start, end)`` is the one question every reader asks of a matched span.
"""

from __future__ import annotations

import re

from simulator.analysis.context import clause, denied, negated, reported, sentence

# "…的事今天不谈", "…先不说", "暂时不考虑…", "还没到…那一步": the collector sets the topic aside.
_DEFERRED_AFTER = re.compile(
    r"^[^,.!?;]{0,8}?(?:(?:今天|现在|目前|暂时|这次|先|咱们先|我们先)(?:都)?(?:不谈|不说|不提|不讲|不考虑|不涉及|放一边|搁一边)"
    r"|(?:还)?(?:没到|不到|谈不上|用不着|不至于|没必要)(?:那一步|那个地步|这一步|这个地步)?|(?:都)?(?:谈不上|用不着|不至于))"
)
_DEFERRED_BEFORE = re.compile(
    r"(?:还没到|不到|谈不上|用不着|不至于|没必要|不用(?:担心|害怕|怕)|不必(?:担心|害怕)|别(?:担心|害怕|怕)|没有(?:到)?要"
    r"|(?:今天|现在|目前|暂时)(?:不谈|不说|不提|不考虑)|没(?:有)?(?:打算|考虑|准备))[^,.!?;]{0,10}$"
)
# "没有判决,谁也不能冻结": a condition that is absent makes the consequence impossible.
_ABSENT_CONDITION = re.compile(r"(?:没有|没|未经|不经过?)(?:法院)?(?:判决|裁定|起诉|法院)[^.!?]{0,6}[,]?[^.!?]{0,6}$")
# "不谈起诉", "不存在起诉的问题", "哪有什么起诉", "谁都不能冻结": negators the clause guard misses.
_STRONG_NEGATION_BEFORE = re.compile(r"(?:不存在|哪有|哪来|谁(?:也|都)不(?:能|会|可以)|任何人都不(?:能|会)|没人(?:能|会)|不可能)[^,.!?;]{0,8}$")


# "您对违约金意见很大", "一千多的违约金,搁谁都肉疼": a penalty spoken of as the debtor's grievance,
# not put to them as a consequence (moves and the pressure level both skip such sentences).
GRIEVANCE = re.compile(r"意见|不满|有气|疑问|不合理|减免|异议|算得不对|算错|委屈|心疼|肉疼|不服|不认|不跟(?:您|你)争|搁谁|换谁")


def asserted(text: str, start: int, end: int) -> bool:
    """True when the normalised ``text[start:end]`` is put to the listener as the collector's own
    claim, not negated, deferred, reported as someone else's or called false."""
    if negated(text, start) or reported(text, start) or denied(text, end):
        return False
    c_start, c_end = clause(text, start)
    s_start, _ = sentence(text, start)
    before = text[c_start:start]
    if _DEFERRED_BEFORE.search(before) or _STRONG_NEGATION_BEFORE.search(before):
        return False
    if _DEFERRED_AFTER.match(text[end : max(c_end, end) + 10]):
        return False
    return not _ABSENT_CONDITION.search(text[s_start:start])


def any_asserted(pattern: re.Pattern[str], text: str) -> bool:
    """True when at least one match of ``pattern`` in ``text`` is asserted."""
    return any(asserted(text, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())


_PENALTY = re.compile(r"罚息|违约金|滞纳金|逾期利息|利息")
# "还6,120加罚息", "罚息以App显示为准", "其中违约金和利息1,140元", "罚息才九十几块": the penalty as a
# line of the bill, not as a consequence held over the debtor.
BILL_FACT = re.compile(r"加(?:上)?(?:当日|期间)?(?:的)?(?:罚息|利息|违约金)|以[^,.!?]{0,8}为准|其中|明细|一共|合计|才|只有")


def consequence_asserted(pattern: re.Pattern[str], text: str) -> bool:
    """A match of ``pattern`` asserted as a consequence: not in a sentence about the debtor's
    grievance ("违约金搁谁都肉疼") and not negated, deferred, reported or denied."""
    for m in pattern.finditer(text):
        s_start, s_end = sentence(text, m.start())
        if GRIEVANCE.search(text, s_start, s_end):
            continue
        if _PENALTY.fullmatch(m.group(0)):
            c_start, c_end = clause(text, m.start())
            if BILL_FACT.search(text, c_start, c_end):
                continue
        if asserted(text, m.start(), m.end()):
            return True
    return False
