"""Pressure level 0–3 of a collector line (design §5).

The grader compares it with the band a stage and a debtor's state call for (a crying victim at
M1 needs 0–1, a serial promiser at M3 needs 2–3), so the levels follow what the debtor hears:
0 service and care, 1 a reminder of the obligation, 2 factual consequences (credit report,
contractual penalties, a record of broken promises), 3 a firm deadline or lawful legal process.
Any violation is level 3: it is pressure, whatever else the line says.
"""

from __future__ import annotations

import re

from simulator.analysis.scope import any_asserted, consequence_asserted

_LEVEL3 = re.compile(
    r"起诉|诉讼|判决|失信被执行人|强制执行|法律(?:程序|途径|手段)|司法程序|仲裁|律师函"
    r"|今天(?:之内|下班前|[^,.!?]{0,6}前)?(?:必须|务必|一定要)|必须(?:今天|马上|立刻|在)|最后(?:期限|一次机会|通牒|一次)|不能再(?:拖|延|等)"
    r"|最晚(?:今天|明天)|(?:这是)?最后的?机会"
)
_LEVEL2 = re.compile(
    r"征信|罚息|违约金|滞纳金|逾期(?:费用|利息)|(?:留下|有)(?:不良)?记录|记录在案|影响(?:您|你)?(?:的)?(?:贷款|信用|办卡|借款)"
    r"|产生(?:额外)?(?:的)?费用|上门(?:拜访|外访|核实)|外访|担保人|保证人|信用记录"
)
_LEVEL1 = re.compile(
    r"尽快|逾期|应还|欠款|到期|按时还款|还款(?:日|义务|责任)|赶紧|抓紧|一直(?:没|不)|还没(?:有)?(?:还|入账)|什么时候(?:能)?还|能还多少"
    r"|今天(?:能|可以)(?:处理|还)|承诺|爽约|兑现|催"
)
_MOVE_LEVEL: dict[str, int] = {
    "legal_process": 3,
    "explain_consequence": 2,
    "stress_promise": 2,
    "disclose_debt": 1,
    "request_commitment": 1,
    "confirm_commitment": 1,
    "blame": 1,
    "sarcasm": 1,
}


# "早点还上对您的征信也是一种保护", "还清以后信用记录就干净了": credit named as something the debtor
# gains by paying, with no consequence of not paying, is 服务诱导 (seed 002), not a consequence.
_BENEFIT = re.compile(
    r"(?:保护|保住|维护|爱护|珍惜|保持|恢复|修复)[^,.!?]{0,6}(?:征信|信用)|(?:征信|信用)[^,.!?]{0,8}(?:保护|保住|好处|有利|干净|良好|不受影响|更好|加分|恢复)"
    r"|(?:罚息|利息|违约金)[^,.!?]{0,4}(?:就)?(?:少算|少|减少|停)"
    r"|对(?:您|你)(?:的)?(?:征信|信用)[^,.!?]{0,6}(?:有好处|有利|好)"
)
_CONSEQUENCE = re.compile(r"(?:上(?:征信|报|黑名单)|报送|上报|影响|留下|产生|计收|不良|逾期记录|罚息|违约金|滞纳金)(?!.{0,3}(?:保护|好处))")


def benefit_frame(text: str) -> bool:
    """True when the line speaks of credit only as a benefit of paying."""
    return bool(_BENEFIT.search(text)) and not any_asserted(_CONSEQUENCE, _BENEFIT.sub(lambda m: " " * len(m.group(0)), text))


def pressure_level(text: str, moves: tuple[str, ...], violated: bool) -> int:
    """0–3 for normalised ``text`` given its moves and whether it commits a violation."""
    if violated:
        return 3
    level = max((_MOVE_LEVEL.get(m, 0) for m in moves), default=0)
    if level < 3 and any_asserted(_LEVEL3, text):
        return 3
    # "按时还款能保持您良好的信用记录" is 服务诱导 (seed 002), not a consequence: a benefit framing
    # that names no consequence stays at the reminder level.
    benefit_only = "benefit_of_paying" in moves and "explain_consequence" not in moves
    if level < 2 and consequence_asserted(_LEVEL2, text) and not benefit_only and not benefit_frame(text):
        level = 2
    if level < 1 and _LEVEL1.search(text):
        level = 1
    return level
