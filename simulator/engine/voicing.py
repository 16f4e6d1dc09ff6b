"""Does a model's line voice the engine's decision, and is it a line the trainee has not heard yet?

The guard (``guard.py``) catches a line that left character; this module catches a line that stayed in
character but degraded the practice, seen with a small local model that said the same sentence six
turns in a row, including on the turn the engine had decided a promise to pay:

- ``repeats_line``: the same (or nearly the same) words as an earlier debtor line of this call;
- ``runaway_repetition``: a clause or a short phrase said over and over inside one line;
- ``misses_agreement``: the engine decided the debtor agrees this turn, the line does not agree;
- ``keeps_talking``: the engine decided the debtor hangs up, the line keeps the call going;
- ``invented_figure``: an amount, a date or a count the model was never given;
- ``wrong_person``: the debtor speaks as a relative, or the relative on the phone as the debtor.

Each is judged on the whole line (a streamed reply is checked when it ends). Pure functions: the
caller decides to regenerate once and then fall back to the engine's own line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from simulator.engine.debtor_says import assents, ends_call, invented

LONG_CLAUSE = 5  # characters: a clause this long said twice in a line is a loop
WORD_REPEATS = 4  # the same two characters this many times in one line is a model looping
NEAR_REPEAT = 0.85  # similarity of two lines (punctuation and spaces ignored) that counts as a repeat
SHORT = 6  # characters: lines this short repeat only when they are identical

_PUNCT = re.compile(r"[\s,，。.!！?？、;；:：…~～\"'“”‘’「」『』()（）\-—]+")
_CLAUSES = re.compile(r"[,，。.!！?？;；:：…~～]+")
_CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
_STUTTER = re.compile(r"(.{2,8}?)\1{2,}|(.)\2{4,}")  # a phrase 3 times, a character 5 times


def _norm(text: str) -> str:
    return _PUNCT.sub("", text)


def repeats(text: str, earlier: Iterable[str]) -> bool:
    """The same words as an earlier line, or nearly (a changed particle, a dropped clause)."""
    mine = _norm(text)
    if not mine:
        return False
    for line in earlier:
        theirs = _norm(line)
        if not theirs:
            continue
        if mine == theirs:
            return True
        if min(len(mine), len(theirs)) >= SHORT and SequenceMatcher(None, mine, theirs).ratio() >= NEAR_REPEAT:
            return True
    return False


def runaway(text: str) -> bool:
    """A clause said twice in one line (or nearly: "我听完,我马上回答:我听完了,我马上回答"), a short
    phrase three times running, or one word over and over ("客户是客户还是客户的代理人…")."""
    clauses = [_norm(c) for c in _CLAUSES.split(text)]
    clauses = [c for c in clauses if len(c) >= LONG_CLAUSE]  # "我尽快,我尽快!" is emphasis, not a loop
    for i, one in enumerate(clauses):
        for other in clauses[i + 1:]:
            if one == other or SequenceMatcher(None, one, other).ratio() >= NEAR_REPEAT:
                return True
    norm = _norm(text)
    if _STUTTER.search(norm) is not None:
        return True
    words = Counter(norm[i:i + 2] for i in range(len(norm) - 1) if _CJK_PAIR.fullmatch(norm[i:i + 2]))
    return any(n >= WORD_REPEATS for n in words.values())



@dataclass(frozen=True)
class Decision:
    """What the engine decided for this turn, and what this call has already heard."""

    earlier: tuple[str, ...] = ()  # the debtor's (and third party's) earlier lines in this call
    given: frozenset[int] = field(default_factory=frozenset)  # every figure the model was shown
    agrees_now: bool = False  # the engine decided an agreement on this turn
    hangs_up: bool = False  # the engine decided the call ends on this line
    speaker: str = "debtor"  # who is on the line: "debtor" or "third_party"
    debtor_name: str = ""


_AS_RELATIVE = re.compile(r"我是(他|她)的?(老婆|妻子|爱人|丈夫|老公|妈|爸|母亲|父亲|家人|同事|儿子|女儿|哥|姐|弟|妹|朋友)"
                          r"|(他|她)(现在)?不在(家)?[,，。!！]|我帮(他|她)转告")
_OWNS_DEBT = re.compile(r"(我的|我欠的?)(钱|款|债|贷款)|我(会|来|就)还|我还不上|是我借的")


def wrong_person(text: str, decision: Decision) -> bool:
    """The debtor speaks as a relative, or the relative on the phone speaks as the debtor."""
    if decision.speaker == "third_party":
        name = decision.debtor_name
        return bool(name and re.search(rf"我(就)?是{re.escape(name)}(?!的)", text)) or _OWNS_DEBT.search(text) is not None
    return _AS_RELATIVE.search(text) is not None


def problem(text: str, decision: Decision) -> str | None:
    if wrong_person(text, decision):
        return "wrong_person"
    if repeats(text, decision.earlier):
        return "repeats_line"
    if runaway(text):
        return "runaway_repetition"
    if decision.agrees_now and not assents(text):
        return "misses_agreement"
    if decision.hangs_up and not ends_call(text):
        return "keeps_talking"
    if invented(text, set(decision.given)):
        return "invented_figure"
    return None
