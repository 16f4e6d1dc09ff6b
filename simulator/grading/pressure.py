"""Pressure calibration: each collector turn's pressure against the band the moment calls for,
and, for the call as a whole, whether a late-stage or serial-promiser case got any firmness at all.

Seed 002: M1/M2 are "服务诱导" — remind, guide the customer to value their credit (levels 0–1, up
to 2 at M2); M3/M4 may state lawful consequences plainly (1–3). The archetype and the debtor's
state narrow the band: a crying 受害者型 or a furious 挑衅型 needs the pressure taken off
("永远不要以硬碰硬"; "等到该客户冷静下来,向他/她阐述状况") — a plain fact said while acknowledging
the feeling is fine, escalation is not; a third party or a bereaved family gets no pressure at all.
Any violation is over the line whatever the band ("任何违规都算越界施压", rubric).

The rubric's anchors also punish too little pressure: at M3/M4, or with a 保证还款型 debtor who
keeps breaking promises, a call that neither states a lawful consequence nor pins down an amount
and a date has been led by the debtor ("被明显拖延的客户牵着走").
"""

from __future__ import annotations

import re

from simulator.grading import outcome
from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence
from simulator.grading.transcript import Transcript
from simulator.messages import N_, Said, say

CONTRACT_INFO = re.compile(r"按(?:照)?合同|合同(?:约定|规定|第)|如实(?:报送|上报|告知)|按(?:照)?(?:规定|约定)")
STAGE_BAND = {"M1": (0, 1), "M2": (0, 2), "M3": (1, 3), "M4": (1, 3)}
ASKS = {"request_commitment", "confirm_commitment", "offer_plan"}
# Acknowledging the feeling first makes a plain factual consequence (level 2) acceptable.
ACKNOWLEDGING = {"empathy", "listen", "apology", "reassure", "condolence", "record_dispute", "complaint_channel",
                 "separate_issues"}
OVER_PENALTY = {1: 12, 2: 35, 3: 50}  # by how many levels the turn is above the band
VIOLATION_PENALTY = 35  # at least this much for a turn that commits a violation (one is below 70)
UNDER_PENALTY = 6  # per level below the band, only when the collector is asking for a commitment
LED_BY_DEBTOR_PENALTY = 40  # late stage: no lawful consequence and nothing pinned down
VAGUE_PROMISE_PENALTY = 25  # serial promiser: consequences stated, but no amount and date pinned down
LEVEL_NAMES = {0: N_("gr_level_0"), 1: N_("gr_level_1"), 2: N_("gr_level_2"), 3: N_("gr_level_3")}
NO_FIRMNESS_SITUATIONS = {"deceased", "third_party", "no_ability_long", "no_ability_short"}


def band(transcript: Transcript, view: TurnView) -> tuple[tuple[int, int], Said]:
    """The (min, max) pressure this turn calls for, and why, in Chinese."""
    assert view.analysis is not None
    low, high = STAGE_BAND[transcript.stage]
    why = say("gr_why_stage", stage=transcript.stage)
    if high < 2 and "legal_process" not in view.analysis.moves and (
            CONTRACT_INFO.search(view.text) or "explain_consequence" in view.analysis.moves):
        # "按合同约定,逾期信息会如实报送征信", "拖过30天征信就会显示连续逾期": a lawful consequence
        # stated as fact is information the debtor is owed at any stage (seed 002 has M1 make the
        # customer value their credit); a lawsuit or a deadline is not. Upset debtors are capped below.
        high = 2
    arche = transcript.archetype
    moves = set(view.analysis.moves)
    asking = bool(ASKS & moves)
    soft_cap = 2 if moves & ACKNOWLEDGING else 1
    if view.bereaved:
        return (0, 0), say("gr_why_bereaved")
    if view.despair_before:
        return (0, 0), say("gr_why_despair")
    if view.third_party_on_line and not view.guarantor_on_line:
        return (0, 1), say("gr_why_third_party")
    if not view.verified_before and not asking:
        low, high, why = 0, min(high, 1), say("gr_why_stage_unverified", stage=transcript.stage)
    if view.upset_recently or (arche == "victim" and view.anger_before >= 0.45):
        low, high, why = 0, min(high, soft_cap), say("gr_why_upset")
    elif arche == "provocative" and view.anger_before >= 0.5:
        low, high, why = 0, min(high, soft_cap), say("gr_why_provoked")
    elif transcript.situation == "no_ability_long":
        high, why = min(high, 1), say("gr_why_no_ability_long")
    if not asking:
        low = 0
    return (low, high), why


def _needs_firmness(transcript: Transcript, coll: list[TurnView]) -> tuple[bool, bool]:
    """(late stage or serial promiser talking to the debtor, serial promiser)."""
    promiser = transcript.archetype == "promiser" and transcript.stage != "M1" or transcript.situation == "broken_promises"
    late = transcript.stage in ("M3", "M4")
    # Talking to the debtor: verified, or the debtor answered as themselves ("是我是我") even though
    # the collector never checked — the missing check is a legality matter, not an exemption here.
    talking_to_debtor = any((v.verified_before or (v.call is not None and v.call.on_line == "debtor"))
                            and not v.guarantor_on_line and not v.third_party_on_line for v in coll)
    exempt = transcript.situation in NO_FIRMNESS_SITUATIONS or any(v.bereaved for v in coll)
    return (late or promiser) and talking_to_debtor and not exempt, promiser


def _firmness(transcript: Transcript, coll: list[TurnView]) -> tuple[int, Evidence | None]:
    """Penalty and evidence when the call needed firmness and got none (rubric anchors 30–70)."""
    needed, promiser = _needs_firmness(transcript, coll)
    if not needed:
        return 0, None
    lawful = [v for v in coll if v.analysis and not v.analysis.violations]
    consequence = any(v.analysis.pressure >= 2 for v in lawful if v.analysis)
    # "那就下周吧" is not pinned down: a broken promise needs a day it can be held to.
    pinned = outcome.pinned(coll)
    last = coll[-1]
    if not consequence and not pinned:
        return LED_BY_DEBTOR_PENALTY, Evidence(
            last.index, last.text, say("gr_led_by_debtor"),
            suggestion=say("gr_sug_consequence_and_commitment",
                           line="按合同约定,逾期记录会如实报送征信。您看X月X日前能还多少?我跟您确认一下金额和日期。"))
    if promiser and not pinned:
        return VAGUE_PROMISE_PENALTY, Evidence(
            last.index, last.text, say("gr_vague_promise"),
            suggestion=say("gr_sug_refuse_next_week",
                           line="这次请您给我一个确定的日期和金额。X月X日前还X元,对吗?我给您登记。"))
    return 0, None


def score(transcript: Transcript, views: list[TurnView], violation_turns: frozenset[int] = frozenset()) -> DimensionScore:
    """Score every collector turn against its band; ``violation_turns`` adds the grader's own findings
    (e.g. debt talk to a relative) to the analyzer's as over-the-line pressure."""
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary=say("gr_no_collector_lines"))
    points = 100
    evidence: list[Evidence] = []
    off = 0
    for view in coll:
        assert view.analysis is not None
        (low, high), why = band(transcript, view)
        level = view.analysis.pressure
        reading = view.analysis.reading
        if (reading.reproach or reading.sarcasm) and not view.analysis.violations and level < 3:
            # A barb or a lecture pushes as hard as a deadline: it is pressure by tone (rubric 50
            # anchor: "把客户压得反感"), and at M1/M2 it drives a debtor into opposition.
            level = 3
            off += 1
            points -= max(VIOLATION_PENALTY, OVER_PENALTY.get(level - high, 0))
            evidence.append(Evidence(view.index, view.text, say("gr_pressure_by_violation"),
                                     suggestion=_softer(transcript, max(high, 2))))
        elif level > high:
            off += 1
            points -= OVER_PENALTY[min(3, level - high)]
            evidence.append(Evidence(
                view.index, view.text,
                say("gr_pressure_over", level=level, name=say(LEVEL_NAMES[level]), low=low, high=high, why=why),
                suggestion=_softer(transcript, high)))
        elif level < low:
            off += 1
            points -= UNDER_PENALTY * (low - level)
            evidence.append(Evidence(
                view.index, view.text, say("gr_pressure_under", level=level, low=low, high=high, why=why),
                suggestion=_firmer(transcript)))
        elif len([e for e in evidence if e.positive]) < 2 and level >= 1:
            evidence.append(Evidence(view.index, view.text, say("gr_pressure_fits", level=level, why=why), positive=True))
    penalty, missing = _firmness(transcript, coll)
    if missing:
        off += 1
        points -= penalty
        evidence.append(missing)
    summary = say("gr_pressure_all_right") if not off else say("gr_pressure_off", n=off)
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)


def _firmer(transcript: Transcript) -> Said:
    """The better phrasing when a turn is too soft: a promise template only for a debtor who promised."""
    if transcript.archetype == "promiser" or transcript.situation == "broken_promises":
        return say("gr_sug_make_it_real", line="这次请您一定按时兑现。我跟您确认:X月X日前还款X元;如果再次爽约,"
                                                "系统会如实记录,并按合同计收罚息。")
    return say("gr_sug_be_specific", line="按合同约定,逾期信息会如实报送征信。您看X月X日前能先还多少?")


def _softer(transcript: Transcript, high: int) -> Said:
    if high <= 0:
        return say("gr_sug_callback_only", line="麻烦您转告他方便时回个电话,谢谢。")
    if high == 1:
        return say("gr_sug_back_to_service", line="我理解您的难处。今天打电话主要是提醒一下,您看什么时候方便处理?")
    return say("gr_sug_lawful_consequence", line="按照合同约定,逾期信息会如实报送征信系统,罚息也会继续计收。")
