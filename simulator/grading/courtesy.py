"""Courtesy: the phone rules of seed 000 (有礼有节, 自报家门, 核实身份, 礼貌用语, 结束语, 复述约定)."""

from __future__ import annotations

import re

from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence, ViolationRecord

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
    "greeting": (15, "开场问候", "您好,打扰您了。"),
    "self_identification": (20, "自报机构、姓名和工号", "我是XX消费金融贷后服务部的小陈,工号0917。"),
    "identity_verification": (15, "核实对方身份", "请问您是刘建国先生本人吗?麻烦报一下身份证后四位核实一下。"),
    "closing": (15, "礼貌结束通话", "那今天就先这样,感谢您的配合,再见。"),
    "recap": (10, "复述约定的金额、日期和渠道", "我跟您确认一下:11月28日前,通过官方APP还款2350元,对吗?"),
}
POLITE_POINTS = 15
NO_RUDENESS_POINTS = 10
RUDE_PENALTY = 10  # for every reproachful or sarcastic line after the first (which costs the bonus)


def score(views: list[TurnView], agreed: bool, violations: list[ViolationRecord] | None = None) -> DimensionScore:
    """Checklist points (greeting, self-identification, verification before any debt detail, closing,
    recap), polite forms, and a deduction for every reproachful or sarcastic line."""
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary="没有催收员发言。")
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
                evidence.append(Evidence(found[key].index, found[key].text, f"做到了:{label}。", positive=True))
            else:
                if key == "recap" and not agreed:
                    better = NEXT_STEP_SUGGESTION
                evidence.append(Evidence(found[key].index, found[key].text, note, suggestion=better))
        elif key == "identity_verification" and late is not None:
            evidence.append(Evidence(late.turn, late.quote, "先谈了欠款才核实身份:核身必须在透露任何欠款细节之前。",
                                     suggestion=better))
        else:
            first = coll[0] if key in ("greeting", "self_identification", "identity_verification") else coll[-1]
            if key == "recap" and not agreed:  # nothing to restate: say what happens next
                label, better = "说清下一步", NEXT_STEP_SUGGESTION
            evidence.append(Evidence(first.index, first.text, f"缺少:{label}。", suggestion=better))
    polite = sum(1 for v in coll if POLITE.search(v.text)) / len(coll)
    points += round(POLITE_POINTS * min(1.0, polite / 0.6))
    if polite < 0.6:
        evidence.append(Evidence(coll[0].index, coll[0].text, f"只有 {polite:.0%} 的发言使用了“您/请”等礼貌用语。",
                                 suggestion="称呼对方用“您”,提要求时加“请”“麻烦您”。"))
    vague = [v for v in coll if VAGUE.search(v.text) and DEBT_WORDS.search(v.text)]
    if vague:
        points -= VAGUE_PENALTY
        evidence.append(Evidence(vague[0].index, vague[0].text, "欠款金额或日期说得含糊,没有准确告知。",
                                 suggestion="准确说明:“您3月18号到期的那期1280元还没有还上,到今天逾期40天。”"))
    interrupted = _interruptions(views)
    points -= INTERRUPT_PENALTY * min(2, len(interrupted))
    for v in interrupted[:2]:
        evidence.append(Evidence(v.index, v.text, "打断了客户的陈述,没有等客户把话说完。",
                                 suggestion="等客户说完再回应:“您说,我听着。……您的意思我明白了。”"))
    rude = [v for v in coll if v.analysis and (RUDE & set(v.analysis.moves) or v.analysis.violations)]
    points += NO_RUDENESS_POINTS if not rude else -RUDE_PENALTY * (len(rude) - 1)
    for v in rude[:3]:
        evidence.append(Evidence(v.index, v.text, "语气带有指责、讽刺或违规用语,不符合“有礼有节”。",
                                 suggestion="就事论事:“这笔款已经逾期了,我们一起看看怎么处理。”"))
    missing = [CHECKS[k][1] for k in CHECKS if k not in found or _partial(k, found[k], coll, agreed)[0] < 1]
    summary = "通话礼仪完整。" if not missing and not rude else "待改进:" + "、".join(missing + (["语气"] if rude else []))
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


NEXT_STEP_SUGGESTION = "没谈成也要说清下一步:“今天先到这里。我X月X日再跟您联系,您这边有任何问题也可以随时打我们的客服热线。”"
SELF_ID_SHARE = {"institution": 0.4, "name": 0.3, "employee_id": 0.3}
SELF_ID_NAMES = {"institution": "机构", "name": "姓名", "employee_id": "工号"}
# After an agreement: amount, date and channel restated. With nothing agreed: the next step said.
NEXT_STEP = re.compile(r"(?:再|会|稍后|回头|之后|明天|下周|[0-9一二三四五六七八九十]+[日号])[^.!?]{0,10}(?:联系|回电|打给|致电|跟进|电话)|我(?:会|这边)[^.!?]{0,12}(?:登记|反馈|记录|核实)|有(?:任何)?(?:问题|需要)[^.!?]{0,6}(?:联系|打)")


def _partial(key: str, view: TurnView, coll: list[TurnView], agreed: bool) -> tuple[float, str]:
    """The share of a checklist item's points the call earned, and what was missing."""
    if key == "self_identification":
        parts: set[str] = set()
        for v in coll[:3]:
            if v.analysis is not None:
                parts |= v.analysis.reading.self_id
        share = sum(SELF_ID_SHARE[p] for p in parts) if parts else 0.4
        lacking = [SELF_ID_NAMES[p] for p in SELF_ID_SHARE if p not in parts]
        return min(1.0, share), "自报家门不完整,缺少" + "、".join(lacking) + "。"
    if key == "identity_verification":
        kinds = {v.analysis.reading.identity for v in coll if v.analysis is not None and v.index <= view.index + 2}
        if "proof" in kinds:
            return 1.0, ""
        return 0.34, "只问了一句“是某某吗”,没有让对方报身份证后四位等信息核实,不算核实身份。"
    if key == "recap":
        assert view.analysis is not None
        if not agreed:
            ok = any(v.analysis is not None and (NEXT_STEP.search(v.text) or v.analysis.reading.recap)
                     for v in coll[-2:])
            return (1.0, "") if ok else (0.0, "没有谈成约定,收尾时也没说清下一步(何时再联系、登记了什么),只是道别。")
        best = max((len(v.analysis.reading.recap) for v in coll if v.analysis is not None), default=0)
        lacking = [n for p, n in (("amount", "金额"), ("date", "日期"), ("channel", "还款渠道"))
                   if not any(v.analysis is not None and p in v.analysis.reading.recap for v in coll)]
        return best / 3, "复述约定不完整,缺少" + "、".join(lacking) + "。"
    return 1.0, ""
