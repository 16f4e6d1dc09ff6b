"""House pattern rules: a rule pack's ``custom_rules`` applied to one collector utterance.

Trainers add phrases or regular expressions their company bans (issue 5). The built-in table in
``violations.py`` stays as it is; this module compiles a pack's house rules into the same ``Rule``
type and runs them through the same guards (``rules.accepted``: negation, someone else's words,
denial, the ``unless`` context), so "我们不会…" and "您说有人…" stay quiet for house rules too.

Authored regexes are untrusted and Python's matcher cannot be interrupted, so the check is on their
shape, deterministically: each is length-limited and refused when it nests quantifiers, repeats an
alternation, uses backreferences (the shapes that go exponential) or has more than one unbounded
repeat (``.*x.*y`` goes polynomial). What is left is at worst quadratic in one turn's length. Compiled rules are cached per pack content, so the
grader compiles a pack once, not once per turn.
"""

from __future__ import annotations

import re
import re._parser as sre  # the stdlib's own regex parser: how a pattern nests
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from simulator.analysis.normalize import normalize
from simulator.analysis.rules import Rule, accepted
from simulator.analysis.vocabulary import VIOLATION_SEVERITY

MAX_PATTERN_CHARS = 200
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class UnsafePattern(ValueError):
    """A pattern that does not compile, or that could take exponential time on a long line."""


class HouseRule(Protocol):
    """What this module needs of a ``catalog.rubric.CustomRule`` (analysis does not import catalog)."""

    id: str
    category: str
    match: str  # phrase | regex
    patterns: list[str]
    unless: list[str]
    banned_outright: bool


@dataclass(frozen=True)
class CompiledRule:
    id: str
    category: str
    sources: tuple[str, ...]  # the patterns as written, parallel to ``rules``
    rules: tuple[Rule, ...]  # one analysis Rule per pattern, all sharing the ``unless`` context


@dataclass(frozen=True)
class CustomHit:
    """One house rule firing on an utterance: which pattern matched where."""

    rule: str
    category: str
    severity: str
    quote: str  # the matched span, from the original text
    start: int
    end: int
    pattern: str  # the pattern as the author wrote it


UNBOUNDED = 100  # a repeat allowing more than this many is "unbounded" (*, +, {n,}, {0,1000})


def _shape(items, inside_repeat: bool, unbounded: list[int]) -> str | None:
    """Why the pattern could backtrack badly, or None. Refused: a repeat inside a repeat ((a+)+), an
    alternation inside a repeat ((a|aa)*), backreferences, and more than one unbounded repeat (.*x.*y)."""
    for op, arg in items:
        if op in _REPEATS:
            _low, high, body = arg
            repeats = high > 1
            if repeats and inside_repeat:
                return "nested quantifiers such as (a+)+ can take exponential time; simplify the pattern"
            if high > UNBOUNDED:
                unbounded.append(1)
                if len(unbounded) > 1:
                    return "at most one unbounded repeat (*, +) per pattern; use a bound such as .{0,20}"
            why = _shape(body, inside_repeat or repeats, unbounded)
            if why:
                return why
        elif op == sre.SUBPATTERN:
            why = _shape(arg[-1], inside_repeat, unbounded)
            if why:
                return why
        elif op == sre.BRANCH:
            if inside_repeat:
                return "alternatives inside a repeated group such as (a|aa)* can take exponential time; use [ab]"
            for branch in arg[1]:
                why = _shape(branch, inside_repeat, unbounded)
                if why:
                    return why
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            why = _shape(arg[1], inside_repeat, unbounded)
            if why:
                return why
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return "backreferences are not allowed"
    return None


def compile_pattern(text: str, match: str) -> re.Pattern[str]:
    """Compile one authored pattern against normalised text (half-width punctuation, lower case).

    ``phrase``: the words literally (after the same normalisation as the utterance).
    ``regex``: a Python regular expression, case-insensitive; no nested quantifiers, no backreferences.
    """
    source = text.strip()
    if not source:
        raise UnsafePattern("empty pattern")
    if len(source) > MAX_PATTERN_CHARS:
        raise UnsafePattern(f"longer than {MAX_PATTERN_CHARS} characters")
    if match == "phrase":
        return re.compile(re.escape(normalize(source)))
    try:
        parsed = sre.parse(source)
        compiled = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise UnsafePattern(f"invalid regular expression: {exc}") from exc
    why = _shape(parsed, False, [])
    if why:
        raise UnsafePattern(why)
    if compiled.match("") is not None:
        raise UnsafePattern("the pattern matches empty text")
    return compiled


def _either(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


def compile_rule(rule: HouseRule) -> CompiledRule:
    """Compile one house rule; raises UnsafePattern naming nothing (the caller knows the field)."""
    return _compile(_key(rule))


RuleKey = tuple[str, str, str, tuple[str, ...], tuple[str, ...], bool]


def _key(rule: HouseRule) -> RuleKey:
    return (rule.id, rule.category, rule.match, tuple(rule.patterns), tuple(rule.unless), rule.banned_outright)


@lru_cache(maxsize=1024)
def _compile(key: RuleKey) -> CompiledRule:
    rule_id, category, match, patterns, unless, banned_outright = key
    if category not in VIOLATION_SEVERITY:
        raise UnsafePattern(f"unknown violation category {category!r}")
    lawful = _either([compile_pattern(u, match) for u in unless])
    rules = tuple(
        Rule(id=rule_id, category=category, pattern=compile_pattern(p, match), unless=lawful,
             negatable=not banned_outright, reportable=not banned_outright)
        for p in patterns
    )
    return CompiledRule(id=rule_id, category=category, sources=tuple(p.strip() for p in patterns), rules=rules)


def compile_rules(rules: Iterable[HouseRule]) -> tuple[CompiledRule, ...]:
    """Every house rule of a pack, compiled (cached per rule content: a pack compiles once)."""
    return tuple(compile_rule(r) for r in rules)


def _first_hit(rule: CompiledRule, norm: str, original: str) -> CustomHit | None:
    for source, r in zip(rule.sources, rule.rules, strict=True):
        for m in r.pattern.finditer(norm):
            if m.end() == m.start():
                continue
            if not accepted(r, norm, m):
                continue
            return CustomHit(rule=rule.id, category=rule.category, severity=VIOLATION_SEVERITY[rule.category],
                             quote=original[m.start():m.end()], start=m.start(), end=m.end(), pattern=source)
    return None


def find(rules: Iterable[CompiledRule], text: str) -> list[CustomHit]:
    """Each compiled house rule's first accepted match in one collector utterance."""
    norm = normalize(text)
    hits = []
    for rule in rules:
        hit = _first_hit(rule, norm, text)
        if hit is not None:
            hits.append(hit)
    return hits


def fires(rule: HouseRule, text: str) -> bool:
    """Whether ``rule`` fires on ``text`` (for checking an author's should_fire / should_not_fire lists)."""
    return bool(find([compile_rule(rule)], text))

