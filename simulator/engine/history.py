"""Bounded context for the LLM: the newest turns verbatim, everything older as a running summary.

A 60-turn call must not send 60 turns to the model every time — cost and latency would grow with
every line and small local models would lose the plot. The newest turns are kept verbatim up to a
token budget; older turns become a summary that is *computed* from the stored transcript (the
analyzer's moves and violations, amounts and dates named, a few of the debtor's own words). It is
deterministic and needs no extra LLM call, and its size is bounded by the vocabulary, not by the
length of the call, so the prompt stays flat once the budget is reached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.llm.base import estimate_tokens

MAX_LINE_CHARS = 300  # one very long turn must not eat the whole budget
PER_MESSAGE_OVERHEAD = 4  # role and separators, roughly, per chat message
QUOTE_CHARS = 40

MOVE_ZH: dict[str, str] = {
    "greeting": "打过招呼",
    "self_identification": "说明过自己的身份",
    "identity_verification": "核实过你的身份",
    "disclose_debt": "说过欠款金额和逾期情况",
    "ask_reason": "问过你为什么没还",
    "listen": "耐心听你说过",
    "empathy": "表示过理解",
    "apology": "道过歉",
    "reassure": "安抚过你、说会保密",
    "separate_issues": "说过投诉和还款是两回事",
    "benefit_of_paying": "讲过按时还款的好处",
    "explain_consequence": "讲过逾期的后果(征信、罚息)",
    "legal_process": "提过起诉等法律程序",
    "better_option": "说过现在谈是更好的选择",
    "offer_plan": "提过分期或先还一部分的方案",
    "request_commitment": "要你给过还款的准话",
    "confirm_commitment": "跟你确认过还款金额和日期",
    "stress_promise": "强调过要守信",
    "payment_channel": "说过官方还款渠道",
    "complaint_channel": "告诉过你投诉渠道",
    "record_dispute": "登记过你的异议",
    "request_documents": "要过证明材料",
    "request_callback": "请人转告回电",
    "condolence": "表示过慰问",
    "closing": "说过要结束通话",
    "blame": "指责过你",
    "sarcasm": "挖苦过你",
}
VIOLATION_ZH: dict[str, str] = {
    "threat": "威胁",
    "insult": "侮辱",
    "third_party_disclosure": "扬言告诉第三方",
    "impersonation": "冒充公检法",
    "false_legal_claim": "不实的法律后果",
    "misleading": "误导",
    "harassment": "骚扰",
    "improper_fee": "乱收费",
    "privacy_breach": "泄露隐私",
    "duty_of_care": "不顾你的死活",
}
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:块钱|块|元)")
_DATE = re.compile(r"(\d{1,2}月\d{1,2}[日号]|下?周[一二三四五六日天]|明天|后天|月底|下个月\d{1,2}[日号]|\d{1,2}[日号])")


@dataclass(frozen=True)
class Line:
    """One stored turn, as history needs it."""

    speaker: str  # collector | debtor | third_party
    text: str
    moves: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    summary: str  # "" while everything fits
    recent: list[Line] = field(default_factory=list)
    summarized: int = 0  # how many turns the summary stands for


def from_stored(speaker: str, text: str, analysis: dict | None) -> Line:
    """A Line from a transcript row (the analysis dict stored with collector turns)."""
    analysis = analysis or {}
    return Line(
        speaker=speaker,
        text=text,
        moves=tuple(analysis.get("moves", ())),
        violations=tuple(v.get("category", "") for v in analysis.get("violations", ()) if isinstance(v, dict)),
    )


def shorten(text: str, limit: int = MAX_LINE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cost(line: Line) -> int:
    return estimate_tokens(shorten(line.text)) + PER_MESSAGE_OVERHEAD


def trim(lines: Sequence[Line], budget: int) -> Context:
    """Keep the newest lines within ``budget`` tokens (at least one); summarise the rest.

    The kept window starts on a collector line when older lines exist, so the chat messages built
    from it open with a user turn (some chat templates insist on strict user/assistant alternation).
    """
    kept = 0
    used = 0
    for line in reversed(lines):
        c = cost(line)
        if kept and used + c > budget:
            break
        kept += 1
        used += c
    start = len(lines) - kept
    while 0 < start < len(lines) and lines[start].speaker != "collector":
        start += 1
    older, recent = lines[:start], list(lines[start:])
    return Context(summary=summarize(older), recent=recent, summarized=len(older))


def _counted(label: str, n: int) -> str:
    return label if n == 1 else f"{label}({n}次)"


def summarize(older: Sequence[Line]) -> str:
    """A running summary of ``older`` in Chinese, bounded in size whatever the number of turns."""
    if not older:
        return ""
    moves: dict[str, int] = {}
    violations: dict[str, int] = {}
    amounts: list[str] = []
    dates: list[str] = []
    said: list[str] = []
    for line in older:
        if line.speaker == "collector":
            for m in line.moves:
                moves[m] = moves.get(m, 0) + 1
            for v in line.violations:
                violations[v] = violations.get(v, 0) + 1
            for a in _AMOUNT.findall(line.text):
                a = a.replace(",", "")
                if a not in amounts:
                    amounts.append(a)
            for d in _DATE.findall(line.text):
                if d not in dates:
                    dates.append(d)
        elif line.text.strip():
            said.append(line.text)
    parts = [f"(下面是这通电话前{len(older)}句的摘要,更早的原话不再列出。)"]
    done = [_counted(MOVE_ZH[m], n) for m, n in moves.items() if m in MOVE_ZH]
    if done:
        parts.append("催收员已经:" + "、".join(done) + "。")
    if violations:
        bad = [_counted(VIOLATION_ZH.get(v, v), n) for v, n in violations.items()]
        parts.append("催收员有过不当言行:" + "、".join(bad) + "。")
    if amounts:
        parts.append("催收员提到过的金额:" + "、".join(f"{a}元" for a in amounts[-3:]) + "。")
    if dates:
        parts.append("催收员提到过的日期:" + "、".join(dates[-3:]) + "。")
    if said:
        quotes = [said[0]] if len(said) == 1 else [said[0], said[-1]]
        parts.append("你前面说过:" + ";".join(f"「{shorten(q, QUOTE_CHARS)}」" for q in quotes) + "。")
    return "".join(parts)
