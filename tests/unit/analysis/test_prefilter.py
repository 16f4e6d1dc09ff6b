"""Literal screens (``analysis/prefilter.py``): a rule is skipped only on a line it cannot match.

A screen is the set of strings every match of a pattern contains one of. It must be *sound* — a line
the pattern matches always passes the screen — or the analyzer would silently lose findings; and it
should exist for most of the rule table, or it saves nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from simulator.analysis import analyze
from simulator.analysis.normalize import normalize
from simulator.analysis.prefilter import needs, screen_for
from simulator.analysis.rules import apply
from simulator.analysis.violations import RULES
from simulator.config import PROJECT_ROOT


def _lines() -> list[str]:
    """Every collector line the repository's labelled sets hold (dev, tune, blind and unit corpora)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and 2 <= len(value) <= 400 and re.search(r"[\u4e00-\u9fff]", value):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    paths = sorted((PROJECT_ROOT / "tests").rglob("*.jsonl"))
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    walk(json.loads(line))
                except json.JSONDecodeError:
                    continue
    return sorted(found)


LINES = _lines()


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(LINES) > 1000


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_line_a_rule_matches_passes_its_screen(rule):
    if rule.screen is None:
        pytest.skip("no screen for this rule")
    for line in LINES:
        text = normalize(line)
        if rule.pattern.search(text):
            assert rule.screen.search(text), f"{rule.id}: the screen would skip a line it matches: {line}"


def test_most_rules_have_a_screen():
    assert sum(r.screen is not None for r in RULES) >= 0.8 * len(RULES)


def test_screened_and_unscreened_tables_find_the_same():
    """The whole table with screens, and again with every screen removed, on every line."""
    bare = [replace(r, screen=None) for r in RULES]
    for line in LINES:
        text = normalize(line)
        got = [(r.id, f.quote) for _, r, f in apply(RULES, text, line)]
        want = [(r.id, f.quote) for _, r, f in apply(bare, text, line)]
        assert got == want, line


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"起诉", {"起诉"}),
    (r"(?:另外|额外)(?:再)?收[^,]{0,6}(?:块|元)|不走合同", {"另外", "额外", "不走合同"}),  # the longest words
    (r"上门(?:催收)?", {"上门"}),
    (r"(?:你|您)[们]?会后悔", {"会后悔"}),
    (r"[块元]钱", {"钱"}),
    (r"[块元]", {"块", "元"}),
])
def test_what_a_pattern_needs(pattern, expected):
    assert needs(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern", [
    r"(?:起诉)?",  # optional: matches everywhere
    r"起诉|.",  # one branch needs nothing
    r"[\u4e00-\u9fff]{2}",  # a wide class
    r"(?i)loser",  # case-insensitive: literals would not be exact
    r"(?=起诉)",  # a look-ahead matches an empty string
])
def test_no_screen_where_a_match_needs_no_literal(pattern):
    assert needs(re.compile(pattern)) is None
    assert screen_for(re.compile(pattern)) is None


def test_a_screened_rule_still_reports_its_finding():
    assert [f.category for f in analyze("再不还钱我们就去法院起诉你,让你坐牢").violations]
