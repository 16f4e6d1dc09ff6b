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
    "overdue": (re.compile(r"\{days\}|\{amount\}|逾期[^,.!?,。]{0,3}天|多少天"),
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


# Someone has offered to lend the debtor the money (a friend, an app's credit line). A bank line that says so
# ("我朋友说今天就能借我") fits only a case that says so, and there the debtor raises it the first time they
# answer what they can pay: the test of the 2026 guideline's ban on pushing a debtor to borrow to repay (以贷还贷).
LOAN_OFFER_LINE = re.compile(r"借我|借给我|借呗|先借(?:出来|点)")
LOAN_OFFER_CASE = re.compile(r"(?:朋友|发小|老乡|同学|哥们|亲戚)[^。;；]{0,12}(?:借给他|借他)|借呗[^。;；]{0,8}(?:额度|能借)")

# Facts a bank line may assume about the debtor's life: a line that mentions one fits a scenario only
# when the scenario's own case says so ("那批菜全烂了" is one victim's story, not every victim's).
# (what in a bank line names the fact, what in the scenario's case and hidden truth supports it)
CASE_FACTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"菜"), re.compile(r"菜")),
    (re.compile(r"店|铺面|门面|开张|流水|客人"), re.compile(r"店|铺|摊|门面|商户|个体|生意")),
    (re.compile(r"进货|货款|压货|货又|尾款|回款|回笼"), re.compile(r"货|回款|账款|尾款|回笼|应收|生意|工程款|项目款")),
    (re.compile(r"同伴|合伙人"), re.compile(r"同伴|合伙")),
    (re.compile(r"农行|工行|建行|中行"), re.compile(r"农行|工行|建行|中行|别的银行|其他银行|他行")),
    (re.compile(r"理财"), re.compile(r"理财|投资|基金|存款")),
    (re.compile(r"孩子|儿子|女儿|娃"), re.compile(r"孩子|儿子|女儿|娃|子女|小孩|学费")),
    (re.compile(r"我妈|母亲"), re.compile(r"(?<!婆)妈|母亲")),  # "我妈住院了" is not the mother-in-law's surgery
    (re.compile(r"老人|住院"), re.compile(r"妈|母亲|父亲|老人|住院|医院|生病|病|婆婆|公公")),
    (re.compile(r"M1|M2|M3"), re.compile(r"(?!)")),  # collectors' jargon; no debtor case supports it
    (LOAN_OFFER_LINE, LOAN_OFFER_CASE),
)


def case_text(*parts: object) -> str:
    """Everything a scenario says about the debtor's life, as one string to check lines against."""
    return " ".join(str(p) for p in parts if p)


def fits_case(line: str, case: str) -> bool:
    """True when every life fact ``line`` assumes is supported by the scenario's ``case`` text."""
    return all(not in_line.search(line) or in_case.search(case) for in_line, in_case in CASE_FACTS)


def loan_offer_first(lines: list[str], case: str, used: Iterable[str]) -> list[str]:
    """The answer lines to choose from when the debtor is asked what they can pay: where the ``case`` has a loan
    offer they have not mentioned yet (``used``: the bank lines said so far), its lines; otherwise the other
    lines (the offer is made once, and never where the case has none)."""
    offers = [line for line in lines if LOAN_OFFER_LINE.search(line)]
    if offers and LOAN_OFFER_CASE.search(case) and not any(LOAN_OFFER_LINE.search(line) for line in used):
        return offers
    return [line for line in lines if not LOAN_OFFER_LINE.search(line)]
