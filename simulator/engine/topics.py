"""A debtor answers what was said, not words nobody said (issue 15).

Bank lines often pick up a topic: "晚几天就要起诉我?", "征信花了又怎么样", "你骂谁呢?", "逾期{days}天
而已". Such a line fits only once the collector has raised that topic in the call; otherwise the
engine prefers another line of the same intent. ``raised`` reads the topics from the moves and
violations seen so far (``Memory.used_keys``) plus this turn's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# topic -> (what in a bank line mentions it, moves/violations that raise it)
TOPICS: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "lawsuit": (re.compile(r"起诉|告我|去告|法院|律师|判决|失信|打官司|官司|强制执行"),
                frozenset({"legal_process", "false_legal_claim", "impersonation"})),
    "credit": (re.compile(r"征信|信用记录|黑名单|上报"),
               frozenset({"explain_consequence", "benefit_of_paying", "stress_promise", "misleading"})),
    "insult": (re.compile(r"骂(?:谁|我|人)|你再骂|嘴巴放干净|说话放尊重"),
               frozenset({"insult", "threat"})),
    "overdue": (re.compile(r"\{days\}|逾期[^,.!?,。]{0,3}天|多少天"),
                frozenset({"disclose_debt"})),
}


def raised(used_keys: Mapping[str, int], now: Iterable[str], stated_overdue: bool) -> frozenset[str]:
    keys = {k for k, n in used_keys.items() if n} | set(now)
    out = {topic for topic, (_, triggers) in TOPICS.items() if keys & triggers}
    if stated_overdue:
        out.add("overdue")
    return frozenset(out)


def fits(line: str, said: frozenset[str]) -> bool:
    """True when every topic ``line`` picks up has been raised."""
    return all(topic in said or not pattern.search(line) for topic, (pattern, _) in TOPICS.items())
