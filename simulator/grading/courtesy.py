"""Courtesy: the phone rules of seed 000 (有礼有节, 自报家门, 核实身份, 礼貌用语, 结束语, 复述约定)."""

from __future__ import annotations

import re

from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence, ViolationRecord
from simulator.messages import N_, Said, say

POLITE = re.compile(r"您|请|麻烦|谢谢|感谢|不好意思|打扰")
# Vague debt facts ("好像是一千多吧,具体多少我也看不清"): the phone rules want amount and date stated accurately.
VAGUE = re.compile(r"好像(?:是)?|大概(?:是)?|差不多|看不(?:太)?清|不太清楚|具体多少(?:我)?(?:也)?不")
DEBT_WORDS = re.compile(r"欠|还款|应还|逾期|分期|账单|金额|块|元")
# The debtor cut off mid-sentence, or protesting it: the collector interrupted (锚点:不打断客户陈述).
CUT_OFF = re.compile(r"(?:——|--)\s*$")
PROTEST = re.compile(r"话(?:还)?没说完|让我(?:把话)?说完|别打断")
INTERRUPT_PENALTY = 10
VAGUE_PENALTY = 10
RUDE = {"blame", "sarcasm"}

# (points, what it is, the better phrasing when missing)
CHECKS = {
    "greeting": (15, N_("gr_check_greeting"), "您好,打扰您了。"),
    "self_identification": (20, N_("gr_check_self_identification"), "我是XX消费金融贷后服务部的小陈,工号0917。"),
    "identity_verification": (15, N_("gr_check_identity_verification"),
                              "请问您是刘建国先生本人吗?麻烦报一下身份证后四位核实一下。"),
    "closing": (15, N_("gr_check_closing"), "那今天就先这样,感谢您的配合,再见。"),
    "recap": (10, N_("gr_check_recap"), "我跟您确认一下:11月28日前,通过官方APP还款2350元,对吗?"),
}
POLITE_POINTS = 15
NO_RUDENESS_POINTS = 10
RUDE_PENALTY = 10  # for every reproachful or sarcastic line after the first (which costs the bonus)


def score(views: list[TurnView], agreed: bool, violations: list[ViolationRecord] | None = None) -> DimensionScore:
    """Checklist points (greeting, self-identification, verification before any debt detail, closing,
    recap), polite forms, and a deduction for every reproachful or sarcastic line."""
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary=say("gr_no_collector_lines"))
    evidence: list[Evidence] = []
    points = 0
    found: dict[str, TurnView] = {}
    for view in coll:
        assert view.analysis is not None
        for move in ("greeting", "self_identification", "identity_verification", "closing"):
            if move in view.analysis.moves and move not in found:
                found[move] = view
        if "confirm_commitment" in view.analysis.moves:
            found["recap"] = view
    # a greeting only counts at the start of the call
    if "greeting" in found and found["greeting"].index > coll[min(1, len(coll) - 1)].index:
        del found["greeting"]
    for view in coll:
        # "是刘建国先生吗?" answered "是" is a (weak) check too; it earns part of the points.
        if "identity_verification" not in found and view.analysis and view.analysis.reading.identity:
            found["identity_verification"] = view
    late = next((v for v in violations or () if v.category == "privacy_breach"), None)
    if late is not None and "identity_verification" in found:
        # "先核身再谈欠款": a check that comes after the debt was named protects nobody.
        del found["identity_verification"]
    if not agreed and "closing" in found:
        found.setdefault("recap", found["closing"])  # nothing agreed: the close must say what happens next
    for key, (pts, label, better) in CHECKS.items():
        if key in found:
            earned, note = _partial(key, found[key], coll, agreed)
            points += round(pts * earned)
            if earned >= 1:
                evidence.append(Evidence(found[key].index, found[key].text, say("gr_done", what=say(label)), positive=True))
            else:
                if key == "recap" and not agreed:
                    better = NEXT_STEP_SUGGESTION
                evidence.append(Evidence(found[key].index, found[key].text, note, suggestion=better))
        elif key == "identity_verification" and late is not None:
            evidence.append(Evidence(late.turn, late.quote, say("gr_verified_late"), suggestion=better))
        else:
            first = coll[0] if key in ("greeting", "self_identification", "identity_verification") else coll[-1]
            if key == "recap" and not agreed:  # nothing to restate: say what happens next
                label, better = N_("gr_check_next_step"), NEXT_STEP_SUGGESTION
            evidence.append(Evidence(first.index, first.text, say("gr_lacking", what=say(label)), suggestion=better))
    polite = sum(1 for v in coll if POLITE.search(v.text)) / len(coll)
    points += round(POLITE_POINTS * min(1.0, polite / 0.6))
    if polite < 0.6:
        evidence.append(Evidence(coll[0].index, coll[0].text, say("gr_polite_share", share=f"{polite:.0%}"),
                                 suggestion=say("gr_sug_polite")))
    vague = [v for v in coll if VAGUE.search(v.text) and DEBT_WORDS.search(v.text)]
    if vague:
        points -= VAGUE_PENALTY
        evidence.append(Evidence(vague[0].index, vague[0].text, say("gr_vague_debt"), suggestion=say(
            "gr_sug_state_exactly", line="您3月18号到期的那期1280元还没有还上,到今天逾期40天。")))
    interrupted = _interruptions(views)
    points -= INTERRUPT_PENALTY * min(2, len(interrupted))
    for v in interrupted[:2]:
        evidence.append(Evidence(v.index, v.text, say("gr_interrupted"),
                                 suggestion=say("gr_sug_let_finish", line="您说,我听着。……您的意思我明白了。")))
    rude = [v for v in coll if v.analysis and (RUDE & set(v.analysis.moves) or v.analysis.violations)]
    points += NO_RUDENESS_POINTS if not rude else -RUDE_PENALTY * (len(rude) - 1)
    for v in rude[:3]:
        evidence.append(Evidence(v.index, v.text, say("gr_rude_tone"),
                                 suggestion=say("gr_sug_stick_to_facts", line="这笔款已经逾期了,我们一起看看怎么处理。")))
    missing = [say(CHECKS[k][1]) for k in CHECKS if k not in found or _partial(k, found[k], coll, agreed)[0] < 1]
    if rude:
        missing.append(say("gr_tone"))
    summary = say("gr_to_improve", what=missing) if missing else say("gr_courtesy_complete")
    return DimensionScore(score=max(0, min(100, points)), evidence=evidence, summary=summary)


def _interruptions(views: list[TurnView]) -> list[TurnView]:
    """Collector turns that cut the debtor off: right after a line broken off with "——", or
    answered with "我话还没说完"."""
    found: list[TurnView] = []
    for i, view in enumerate(views):
        if view.analysis is None:
            continue
        before = views[i - 1] if i > 0 else None
        after = views[i + 1] if i + 1 < len(views) else None
        cut = before is not None and before.analysis is None and CUT_OFF.search(before.text)
        protest = after is not None and after.analysis is None and PROTEST.search(after.text)
        if cut or protest:
            found.append(view)
    return found


NEXT_STEP_SUGGESTION = say("gr_sug_next_step",
                           line="今天先到这里。我X月X日再跟您联系,您这边有任何问题也可以随时打我们的客服热线。")
SELF_ID_SHARE = {"institution": 0.4, "name": 0.3, "employee_id": 0.3}
SELF_ID_NAMES = {"institution": N_("gr_self_id_part_institution"), "name": N_("gr_self_id_part_name"),
                 "employee_id": N_("gr_self_id_part_employee_id")}
# After an agreement: amount, date and channel restated. With nothing agreed: the next step said.
NEXT_STEP = re.compile(r"(?:再|会|稍后|回头|之后|明天|下周|[0-9一二三四五六七八九十]+[日号])[^.!?]{0,10}(?:联系|回电|打给|致电|跟进|电话)|我(?:会|这边)[^.!?]{0,12}(?:登记|反馈|记录|核实)|有(?:任何)?(?:问题|需要)[^.!?]{0,6}(?:联系|打)")


def _partial(key: str, view: TurnView, coll: list[TurnView], agreed: bool) -> tuple[float, Said | str]:
    """The share of a checklist item's points the call earned, and what was missing."""
    if key == "self_identification":
        parts: set[str] = set()
        for v in coll[:3]:
            if v.analysis is not None:
                parts |= v.analysis.reading.self_id
        share = sum(SELF_ID_SHARE[p] for p in parts) if parts else 0.4
        lacking = [say(SELF_ID_NAMES[p]) for p in SELF_ID_SHARE if p not in parts]
        return min(1.0, share), say("gr_self_id_incomplete", what=lacking)
    if key == "identity_verification":
        kinds = {v.analysis.reading.identity for v in coll if v.analysis is not None and v.index <= view.index + 2}
        if "proof" in kinds:
            return 1.0, ""
        return 0.34, say("gr_weak_verification")
    if key == "recap":
        assert view.analysis is not None
        if not agreed:
            ok = any(v.analysis is not None and (NEXT_STEP.search(v.text) or v.analysis.reading.recap)
                     for v in coll[-2:])
            return (1.0, "") if ok else (0.0, say("gr_no_next_step"))
        best = max((len(v.analysis.reading.recap) for v in coll if v.analysis is not None), default=0)
        lacking = [say(n) for p, n in (("amount", N_("gr_recap_part_amount")), ("date", N_("gr_recap_part_date")),
                                       ("channel", N_("gr_recap_part_channel")))
                   if not any(v.analysis is not None and p in v.analysis.reading.recap for v in coll)]
        return best / 3, say("gr_recap_incomplete", what=lacking)
    return 1.0, ""
