"""Literal screens for big regexes: which strings a match cannot do without.

Most of the rule table's patterns can only match where one of a few words occurs ("起诉", "法院",
"坐牢" ...), yet ``re`` tries every pattern at every position of every line. ``needs(pattern)``
reads the compiled pattern's structure once and returns a set of strings such that *any* match
contains at least one of them, or None when no such set exists (an optional or open-ended pattern,
a case-insensitive one). A line containing none of them cannot match, so the pattern is skipped (``screen_for`` compiles the
strings into one alternation of literals, which ``re`` scans fast):
the same findings, without running the regex (the RE2 "prefilter" idea, on ``re``'s own parser).

It is sound by construction: a sequence needs what its most selective item needs; an alternation
needs one of what each branch needs (and nothing if any branch needs nothing); a repeat needs what
its item needs only when it must occur at least once; look-arounds, anchors and classes need nothing.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_ALTERNATIVES = 400  # beyond this many strings a screen is not worth building
SMALL_CLASS = 8  # [块元] needs one of its characters; a bigger class needs nothing

Needs = frozenset[str] | None


def needs(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or None (no screen)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    found = _sequence(list(parsed))
    if found is None or not found or "" in found:
        return None
    return found


def screen_for(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex that finds any of ``needs(pattern)`` (one C-level scan of the line), or None."""
    required = needs(pattern)
    if required is None:
        return None
    if all(len(s) == 1 for s in required):
        return re.compile("[" + "".join(re.escape(s) for s in sorted(required)) + "]")
    return re.compile("|".join(re.escape(s) for s in sorted(required, key=lambda s: (-len(s), s))))


def _sequence(items: list[tuple[Any, Any]]) -> Needs:
    """What a run of pattern items needs: the best of its items' needs (adjacent literals joined)."""
    best: Needs = None
    run: list[str] = []

    def consider(candidate: Needs) -> None:
        nonlocal best
        if candidate and _better(candidate, best):
            best = candidate

    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            consider(frozenset(["".join(run)]))
            run = []
        consider(_item(op, arg))
    if run:
        consider(frozenset(["".join(run)]))
    return best


def _better(a: frozenset[str], b: Needs) -> bool:
    if b is None:
        return True
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


def _item(op: Any, arg: Any) -> Needs:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = arg
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            return None
        return _sequence(list(sub))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            got = _sequence(list(branch))
            if not got:
                return None
            union |= got
            if len(union) > MAX_ALTERNATIVES:
                return None
        return frozenset(union)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    if op is sre.IN:
        chars = [chr(v) for kind, v in arg if kind is sre.LITERAL]
        if len(chars) == len(arg) and 0 < len(chars) <= SMALL_CLASS:
            return frozenset(chars)
        return None
    return None  # classes, categories, anchors, look-arounds, back-references: no requirement
