"""Pressure calibration: each collector turn's pressure against the band the moment calls for.

Seed 002: M1/M2 are "服务诱导" — remind, guide the customer to value their credit (levels 0–1, up
to 2 at M2); M3/M4 may state lawful consequences plainly (1–3). The archetype and the debtor's
state narrow the band: a crying 受害者型 or a furious 挑衅型 needs the pressure taken off
("永远不要以硬碰硬"); a 保证还款型 debtor being asked to commit needs firmness on specifics; a
third party or a bereaved family gets no pressure at all.
"""

from __future__ import annotations

from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence
from simulator.grading.transcript import Transcript

STAGE_BAND = {"M1": (0, 1), "M2": (0, 2), "M3": (1, 3), "M4": (1, 3)}
ASKS = {"request_commitment", "confirm_commitment", "offer_plan"}
OVER_PENALTY = 12  # per level above the band
UNDER_PENALTY = 6  # per level below the band, only when the collector is asking for a commitment
LEVEL_NAMES = {0: "服务", 1: "提醒义务", 2: "说明后果", 3: "最后期限/法律程序"}


def band(transcript: Transcript, view: TurnView) -> tuple[tuple[int, int], str]:
    """The (min, max) pressure this turn calls for, and why, in Chinese."""
    assert view.analysis is not None
    low, high = STAGE_BAND[transcript.stage]
    why = f"{transcript.stage}阶段"
    arche = transcript.archetype
    asking = bool(ASKS & set(view.analysis.moves))
    if view.third_party_on_line or transcript.situation == "deceased":
        return (0, 1), "对方不是债务人本人(或家属刚告知噩耗),不应施压"
    if not view.verified_before and not asking:
        low, high, why = 0, min(high, 1), why + "、尚未核实身份"
    if arche == "victim" and view.anger_before >= 0.45:
        low, high, why = 0, min(high, 1), "受害者型客户情绪崩溃时应先安抚降压"
    elif arche == "provocative" and view.anger_before >= 0.5:
        low, high, why = 0, min(high, 1), "挑衅型客户正在气头上,永远不要以硬碰硬"
    elif transcript.situation == "no_ability_long":
        high, why = min(high, 1), "长期无还款能力,应以困难方案为主"
    if not asking:
        low = 0
    elif arche == "promiser" and transcript.stage != "M1":
        low, why = max(low, 2), "屡次承诺不兑现的保证还款型客户,落实承诺时要坚定、讲清后果"
    return (low, high), why


def score(transcript: Transcript, views: list[TurnView]) -> DimensionScore:
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary="没有催收员发言。")
    points = 100
    evidence: list[Evidence] = []
    off = 0
    for view in coll:
        assert view.analysis is not None
        (low, high), why = band(transcript, view)
        level = view.analysis.pressure
        if level > high:
            off += 1
            points -= OVER_PENALTY * (level - high)
            evidence.append(Evidence(
                view.index, view.text,
                f"施压 {level} 级({LEVEL_NAMES[level]}),高于此时应有的 {low}–{high} 级:{why}。",
                suggestion=_softer(transcript, high)))
        elif level < low:
            off += 1
            points -= UNDER_PENALTY * (low - level)
            evidence.append(Evidence(
                view.index, view.text, f"施压 {level} 级,低于此时应有的 {low}–{high} 级:{why}。",
                suggestion="把承诺落到实处:“这次请您一定按时兑现。我跟您确认:X月X日前还款X元;如果再次爽约,"
                           "系统会如实记录,并按合同计收罚息。”"))
        elif len([e for e in evidence if e.positive]) < 2 and level >= 1:
            evidence.append(Evidence(view.index, view.text, f"施压 {level} 级,与{why}相符。", positive=True))
    summary = "全程施压分寸得当。" if not off else f"{off} 处施压与阶段、客户类型或情绪不匹配。"
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)


def _softer(transcript: Transcript, high: int) -> str:
    if high <= 0:
        return "不涉及欠款细节,只请对方转告:“麻烦您转告他方便时回个电话,谢谢。”"
    if high == 1:
        return "先降压、回到服务:“我理解您的难处。今天打电话主要是提醒一下,您看什么时候方便处理?”"
    return "只陈述合同约定的合法后果:“按照合同约定,逾期信息会如实报送征信系统,罚息也会继续计收。”"
