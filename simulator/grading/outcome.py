"""What the call achieved: the part of a grade a trainer reads first (issue 15).

The four dimensions judge *how* the collector spoke; a trainer also asks *what came of it*. A call
that was polite throughout but never checked who answered, never said what is owed and agreed
nothing has not done the job; a call that ends with the debtor angrier than at the start and
nothing agreed cannot read as an excellent pass.  Both are read from the shared conversation state
(``analysis.call_state``) the grader rebuilt while walking the transcript.

Situations whose objective is not a payment (a relative answers, the borrower died, a long-term
inability to pay) are judged on their own objective and never capped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.analysis.entities import concrete_date
from simulator.grading.context import TurnView, collector_views
from simulator.grading.courtesy import NEXT_STEP
from simulator.messages import Said, say

EXEMPT_SITUATIONS = frozenset({"third_party", "deceased"})
ANGRIER = 0.15  # anger this much above the start, with nothing agreed, caps the overall score
NOT_EXCELLENT_CAP = 74
SUBSTANCE_NEEDED = 2
# A relative fetching the borrower to the phone.
HANDOVER = re.compile(r"我(?:去)?(?:叫|喊)(?:一下|一声|他|她)?|电话!|把(?:手机|电话)给|你(?:稍)?等(?:一下|等)?[^.!?]{0,8}(?:叫|喊|回来)")
# Situations whose objective is not a payment ask: a complaint recorded, a long-term hardship heard.
NO_ASK_EXEMPT = frozenset({"complaint", "no_ability_long"})  # of: identity checked, debt stated, reason/income asked, a concrete ask or offer


@dataclass
class CallOutcome:
    agreed: bool
    talked_to_debtor: bool
    substance: list[str] = field(default_factory=list)  # what the call got done, in Chinese
    missing: list[str] = field(default_factory=list)
    anger_start: float = 0.0
    anger_end: float = 0.0
    empty: bool = False  # polite but nothing done: fails the call
    angrier: bool = False  # nothing agreed and the debtor ended angrier: caps the score
    bare_goodbye: bool = False  # ...and the collector just said goodbye: fails the call
    no_ask: bool = False  # talking to the debtor, nothing agreed, and no concrete ask ever made
    left_before_handover: bool = False  # the relative went to fetch the borrower and the collector hung up
    polite: bool = True  # no reproach, sarcasm or violation in the collector's turns
    vague_promise: bool = False  # a serial promiser let off with no day and amount pinned down

    @property
    def fail_reason(self) -> Said | None:
        if self.empty:
            return say("gr_fail_empty", what=self.missing)
        if self.angrier and self.bare_goodbye:
            return say("gr_fail_angrier_goodbye")
        if self.left_before_handover:
            return say("gr_fail_left_before_handover")
        if self.vague_promise:
            return say("gr_fail_vague_promise")
        if self.no_ask:
            return say("gr_fail_no_ask")
        return None

    def debrief(self) -> Said | None:
        """One plain paragraph for the debrief when the outcome shaped the grade."""
        if self.empty:
            if self.polite:
                return say("gr_debrief_empty_polite", what=self.missing)
            return say("gr_debrief_empty", what=self.missing)
        if self.vague_promise:
            return say("gr_debrief_vague_promise", line="那就11月28日前还2350元,对吗?我给您登记。")
        if self.no_ask:
            return say("gr_debrief_no_ask", line="您看这周五之前能先还多少?")
        if self.angrier:
            return say("gr_debrief_angrier", start=f"{self.anger_start:.2f}", end=f"{self.anger_end:.2f}",
                       cap=NOT_EXCELLENT_CAP)
        return None

    def to_dict(self) -> dict[str, object]:
        return {"agreed": self.agreed, "substance": self.substance, "missing": self.missing,
                "anger_start": round(self.anger_start, 2), "anger_end": round(self.anger_end, 2),
                "empty": self.empty, "angrier": self.angrier}


def pinned(coll: list[TurnView]) -> bool:
    """A lawful turn that names an amount and a day it can be held to, as an ask or a recap."""
    return any(v.analysis is not None and not v.analysis.violations and v.analysis.amounts
               and any(concrete_date(d) for d in v.analysis.dates)
               and ({"confirm_commitment", "request_commitment"} & set(v.analysis.moves) or v.analysis.reading.recap
                    or v.analysis.reading.offer)
               for v in coll)


def assess(views: list[TurnView], *, agreed: bool, situation: str | None, archetype: str | None = None,
           stage: str = "M1", hung_up: bool = False) -> CallOutcome:
    coll = collector_views(views)
    others = [v for v in views if v.analysis is None]
    talked = any(v.speaker == "debtor" for v in others) and not any(v.third_party_on_line for v in coll[-1:])
    final = views[-1].call if views and views[-1].call is not None else None
    start = views[0].anger_before if views else 0.0
    end = others[-1].anger_before if others else start
    out = CallOutcome(agreed=agreed, talked_to_debtor=talked, anger_start=start, anger_end=end)
    last_other = others[-1] if others else None
    if (last_other is not None and last_other.speaker == "third_party" and HANDOVER.search(last_other.text)
            and coll[-1].index > last_other.index and coll[-1].analysis is not None
            and "closing" in coll[-1].analysis.moves):
        out.left_before_handover = True  # "{name}!电话!" … "好的,再见": the borrower never got to the phone
        return out
    if final is None or not coll or not talked or situation in EXEMPT_SITUATIONS or any(v.bereaved for v in coll):
        return out
    checks = (
        (say("gr_did_verify"), say("gr_miss_verify"), final.identity in ("verified", "confirmed_name", "asked_proof")),
        (say("gr_did_state_debt"), say("gr_miss_state_debt"), final.stated_overdue or final.stated_amount is not None),
        (say("gr_did_ask_reason"), say("gr_miss_ask_reason"),
         any(v.analysis and ({"ask_reason"} & set(v.analysis.moves) or {"reason", "income"} & set(v.analysis.reading.questions))
             for v in coll)),
        (say("gr_did_ask_plan"), say("gr_miss_ask_plan"),
         bool(final.offers) or any(v.analysis and {"request_commitment", "offer_plan"} & set(v.analysis.moves) for v in coll)),
    )
    out.polite = not any(v.analysis and (v.analysis.violations or {"blame", "sarcasm"} & set(v.analysis.moves))
                         for v in coll)
    out.substance = [done for done, _, ok in checks if ok]
    out.missing = [miss for _, miss, ok in checks if not ok]
    promiser_case = situation == "broken_promises" or (archetype == "promiser" and stage != "M1")
    if promiser_case and not pinned(coll) and not hung_up:  # a debtor who hung up promised nothing
        out.vague_promise = True
    if agreed:
        return out
    out.empty = len(out.substance) < SUBSTANCE_NEEDED
    asked = any(v.analysis is not None and (
        v.analysis.reading.offer or {"request_commitment", "offer_plan", "confirm_commitment"} & set(v.analysis.moves)
        or {"amount", "date", "choice"} & set(v.analysis.reading.questions)
        or (v.analysis.amounts and v.analysis.dates)) for v in coll)  # a demand ("今天必须还清9248元") is an ask too
    despair = any(v.despair_before for v in coll)  # setting the money aside for a person at risk is right
    out.no_ask = not asked and not out.empty and situation not in NO_ASK_EXEMPT and not despair
    out.empty = out.empty and not despair
    out.angrier = end - start >= ANGRIER and situation not in ("no_ability_long",)
    last = coll[-1]
    assert last.analysis is not None
    objective_moves = {"offer_plan", "request_commitment", "record_dispute", "complaint_channel", "separate_issues",
                       "empathy", "listen", "reassure"}
    next_step = any(NEXT_STEP.search(v.text) or (v.analysis and v.analysis.reading.recap)
                    for v in coll[-2:])
    out.bare_goodbye = "closing" in last.analysis.moves and not (objective_moves & set(last.analysis.moves)) \
        and not last.analysis.reading.questions and not next_step
    return out
