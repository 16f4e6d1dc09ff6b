"""Sparse hints during a practice call (issue 21, item 4): the coach's whisper, from the call's state.

A trainee who opts in may get, right after the debtor's reply, one short hint: never more than one every
``MIN_GAP`` of their lines, and each kind at most ``MAX_PER_KIND`` times a call. A hint fires only on a
state the grader would later hold against the call, while there is still time to act on it:

- ``verify_first``: the collector has spoken and has still not checked who is on the line (or has already
  named the debt without checking). Seed 000's phone rule: 除非已经核对了对方身份,否则不可向其透露任何详细的
  债务资料.
- ``acknowledge``: the debtor has vented (or poured out a hard story, or answered in anger) twice since the
  collector last took the feeling in. The archetype's own coping technique (seed 001) is quoted when it speaks to it, else seed 000's
  债务人态度激烈时把语气放轻,给予缓和安抚.
- ``pin_down``: the debtor promised with no day and amount, and nothing concrete is on the table. The
  archetype's coping line on promises or options, else seed 000's advice on promisers.

Each hint quotes the training material it comes from (the seed's words and file), so a trainee learns the
technique, not a line to copy. Hints change nothing in the grade. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from simulator.analysis.call_state import CallState
from simulator.messages import N_

MIN_GAP = 3  # the trainee's lines between two hints
MAX_PER_KIND = 2
VENTING = frozenset({"venting", "sad_story", "threat_reaction"})
HOT = 0.6  # an angry reply vents whatever its intent ("没钱!你打一百遍也没钱!" is an excuse shouted)
NOT_VENTING = frozenset({"opening", "identity_confirm", "agreeing", "plan_agreeing", "confirm_details", "softening",
                         "hanging_up"})
ACKNOWLEDGING = frozenset({"empathy", "listen", "apology", "reassure", "condolence", "record_dispute",
                           "complaint_channel"})

# The training material's own words (../shared/seeds/000_…: the collector's phone rules and emotion control).
PHONE_RULES = "seeds/000_29ea23eb588e2958.txt"
VERIFY_RULE = "注意资料的保密,除非已经核对了对方身份,否则不可向其透露任何详细的债务资料"
CALM_RULE = "债务人态度激烈时把语气放轻,给予缓和安抚"
PROMISE_RULE = "耐心聆听,有技巧的沟通,让客户自行说出爽约的正真原因,还款时间和金额"

# Which of an archetype's coping lines speaks to a hint's moment.
_COPING_FOR = {
    "acknowledge": re.compile(r"发泄|同情|理解|关怀|冷静|耐心|粗鲁"),
    "pin_down": re.compile(r"诺言|兑现|承诺|方案|选择|坚持"),
}
_END = re.compile(r"[;;。.]+$")
MESSAGES = {
    "verify_first": N_("hint_verify_first"),
    "acknowledge": N_("hint_acknowledge"),
    "pin_down": N_("hint_pin_down"),
}


@dataclass(frozen=True)
class HintTurn:
    """One transcript turn as the hints read it."""

    index: int
    speaker: str  # collector | debtor | third_party
    intent: str | None = None  # the debtor's intent (engine)
    moves: tuple[str, ...] = ()  # the collector's moves (analyzer)
    anger: float | None = None  # the debtor's anger after this reply (engine state, 0–1)

    @property
    def vents(self) -> bool:
        return self.speaker != "collector" and (self.intent in VENTING or (
            self.anger is not None and self.anger >= HOT and self.intent not in NOT_VENTING))


@dataclass(frozen=True)
class Hint:
    kind: str  # verify_first | acknowledge | pin_down
    message: str  # the message key (translated by the page)
    coping: str  # the training material's words
    source: str  # the seed file they come from
    line: int  # the trainee's line count when it was given

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def next_hint(turns: Sequence[HintTurn], state: CallState, *, coping: Sequence[str], coping_source: str,
              given: Sequence[dict[str, Any]] = ()) -> Hint | None:
    """The hint to show after the last turn of ``turns`` (a debtor's reply), or None."""
    lines = sum(1 for t in turns if t.speaker == "collector")
    if not turns or turns[-1].speaker == "collector" or lines == 0:
        return None
    if given and lines - max(int(g.get("line", 0)) for g in given) < MIN_GAP:
        return None
    used = [str(g.get("kind")) for g in given]

    def hint(kind: str, quote: str, source: str) -> Hint | None:
        if used.count(kind) >= MAX_PER_KIND:
            return None
        return Hint(kind=kind, message=MESSAGES[kind], coping=quote, source=source, line=lines)

    def archetype_line(kind: str) -> str | None:
        return next((strip_end(c) for c in coping if _COPING_FOR[kind].search(c)), None)

    found: Hint | None = None
    on_debtor = state.on_line != "third_party"
    if on_debtor and not state.identity_checked and state.identity != "asked_proof" and (
            state.stated_overdue or lines <= 2):
        found = hint("verify_first", VERIFY_RULE, PHONE_RULES)
    if found is None and _vented_twice(turns):
        quote = archetype_line("acknowledge")
        found = hint("acknowledge", quote or CALM_RULE, coping_source if quote else PHONE_RULES)
    if found is None and turns[-1].intent == "promising" and state.concrete_offer() is None:
        quote = archetype_line("pin_down")
        found = hint("pin_down", quote or PROMISE_RULE, coping_source if quote else PHONE_RULES)
    return found


def strip_end(line: str) -> str:
    """A coping line without the list's closing punctuation (「;」, 「。」, ";", ".")."""
    return _END.sub("", line)


def _vented_twice(turns: Sequence[HintTurn]) -> bool:
    """The debtor's last reply vents, and it is the second since the collector last acknowledged."""
    if not turns[-1].vents:
        return False
    vents = 0
    for t in reversed(turns):
        if t.speaker == "collector":
            if ACKNOWLEDGING & set(t.moves):
                break
        elif t.vents:
            vents += 1
    return vents >= 2
