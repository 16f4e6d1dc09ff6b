"""The rule layer: offline, deterministic scores for the four dimensions from the shared analyzer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.catalog.rubric import RulePack
from simulator.grading import courtesy, emotion, late_call, legality, pressure, welfare
from simulator.grading.context import TurnView, build
from simulator.grading.result import DimensionScore, ViolationRecord
from simulator.grading.transcript import Transcript

AGREED = ("promise_to_pay", "payment_plan")


@dataclass
class RuleFindings:
    views: list[TurnView]
    dimensions: dict[str, DimensionScore]
    violations: list[ViolationRecord]
    agreed: bool = False


def apply_rules(transcript: Transcript, pack: RulePack) -> RuleFindings:
    views = build(transcript)
    violations = legality.find_violations(views, pack) + welfare.find(views, pack) + late_call.find(views, transcript, pack)
    violations.sort(key=lambda v: v.turn)
    agreed = transcript.outcome in AGREED if transcript.outcome else _looks_agreed(views)
    dims = {
        "courtesy": courtesy.score(views, agreed, violations),
        "legality": legality.score(views, violations),
        "pressure_calibration": pressure.score(transcript, views, _pressing_turns(violations)),
        "emotional_control": emotion.score(views),
    }
    return RuleFindings(views=views, dimensions=dims, violations=violations, agreed=agreed)


def _pressing_turns(violations: list[ViolationRecord]) -> frozenset[int]:
    """Turns whose violation is pressure put on someone (all but a privacy breach, which is a lapse)."""
    return frozenset(v.turn for v in violations if v.category != "privacy_breach")


_AGREES = re.compile(r"^(?:\W|嗯|哦|唉|……)*(?:行吧|行|好吧|好的|可以|没问题|就这么定|按你说的|那就这样)|先还[^,.!?]{0,8}吧")
_ASKS = {"request_commitment", "offer_plan", "confirm_commitment"}


def _looks_agreed(views: list[TurnView]) -> bool:
    """An uploaded call has no recorded outcome: a confirmed commitment, or the debtor saying yes
    right after being asked to commit, counts as an agreement (which then needs a recap)."""
    for prev, view in zip(views, views[1:], strict=False):
        if view.analysis is not None and "confirm_commitment" in view.analysis.moves:
            return True
        asked = prev.analysis is not None and bool(_ASKS & set(prev.analysis.moves))
        if asked and view.analysis is None and _AGREES.search(view.text):
            return True
    return False
