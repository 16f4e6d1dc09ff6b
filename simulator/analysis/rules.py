"""The rule type and the one loop that applies a rule table to an utterance.

A rule is a regex for the *structure* of a violation plus the guards that make it a claim by the
collector: not negated, not someone else's words, not denied, not in a lawful context.  Keeping
the guards here, in one place, means every rule in the table gets the same treatment of
"我们不会…", "您说有人…" and "…那是谣言".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from simulator.analysis import context
from simulator.analysis.prefilter import screen_for
from simulator.analysis.result import Finding
from simulator.analysis.vocabulary import VIOLATION_SEVERITY

Check = Callable[[str, "re.Match[str]"], bool]


@dataclass(frozen=True)
class Rule:
    """One violation pattern.

    ``unless`` names a lawful context: when it occurs in the same sentence the match is dropped
    (a contract clause for a penalty, a court judgment for enforcement).  ``check`` is for the
    few rules that need arithmetic (an hour after 21:00, more than a few calls a day).
    A named group ``t`` marks the trigger word when the match starts with context ("我们的人…").
    """

    id: str
    category: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    negatable: bool = True
    reportable: bool = True
    check: Check | None = None
    screen: re.Pattern[str] | None = None  # finds a word every match contains (prefilter.py); None: no screen


def rule(
    rule_id: str,
    category: str,
    pattern: str,
    *,
    unless: str | None = None,
    negatable: bool = True,
    reportable: bool = True,
    check: Check | None = None,
) -> Rule:
    """Build a Rule, compiling its patterns once at import (the analyzer must do ≥ 2,000 lines/s)."""
    if category not in VIOLATION_SEVERITY:
        raise ValueError(f"rule {rule_id}: unknown category {category!r}")
    compiled = re.compile(pattern)
    return Rule(
        id=rule_id,
        category=category,
        pattern=compiled,
        unless=re.compile(unless) if unless else None,
        negatable=negatable,
        reportable=reportable,
        check=check,
        screen=screen_for(compiled),
    )


_FIRST_PERSON = re.compile(r"我(?:们)?(?:这边)?(?:就)?是")


def accepted(rule_: Rule, text: str, m: re.Match[str]) -> bool:
    """Whether match ``m`` of ``rule_`` in normalised ``text`` is the collector's own claim."""
    start = m.start("t") if "t" in rule_.pattern.groupindex and m.start("t") >= 0 else m.start()
    if rule_.negatable and context.negated(text, start):
        return False
    # "别信那些冒充法院的骗子,我就是区法院执行庭的书记员": a first-person claim is the collector's own,
    # whatever the sentence said about others before it.
    own = bool(_FIRST_PERSON.search(text, max(0, start - 8), m.end()))
    if rule_.reportable and ((context.reported(text, start) and not own) or context.denied(text, m.end())
                             or context.warned(text, start)):
        return False
    if rule_.unless is not None and context.in_sentence(text, start, rule_.unless):
        return False
    return rule_.check is None or rule_.check(text, m)


def _guarded(rule_: Rule, text: str, m: re.Match[str]) -> bool:
    """The match is there but negated, reported, called false or warned against: the line *mentions*
    a prohibited act to deny it ("我们不会联系您单位", "那是谣言") — a reassurance."""
    start = m.start("t") if "t" in rule_.pattern.groupindex and m.start("t") >= 0 else m.start()
    return context.negated(text, start) or context.reported(text, start) or context.denied(text, m.end()) \
        or context.warned(text, start)


def apply(rules: Iterable[Rule], text: str, original: str,
          denials: list[Rule] | None = None) -> list[tuple[int, Rule, Finding]]:
    """Every rule's first accepted match as (position, rule, finding); quotes come from ``original``.
    Rules whose only matches were denied are appended to ``denials`` when it is given."""
    found: list[tuple[int, Rule, Finding]] = []
    for r in rules:
        if r.screen is not None and r.screen.search(text) is None:
            continue  # none of the words every match needs is in the line: the rule cannot match
        for m in r.pattern.finditer(text):
            if m.end() == m.start():
                continue
            if not accepted(r, text, m):
                if denials is not None and (not denials or denials[-1] is not r) and _guarded(r, text, m):
                    denials.append(r)
                continue
            finding = Finding(
                category=r.category,
                severity=VIOLATION_SEVERITY[r.category],
                rule=r.id,
                quote=original[m.start() : m.end()],
            )
            found.append((m.start(), r, finding))
            break
    return found
