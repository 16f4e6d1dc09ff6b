"""Emotional control: the collector's turns right after the debtor provokes (seed 000:
"债务人态度激烈时把语气放轻…切记控制住自己的情绪"; 不主动挂电话)."""

from __future__ import annotations

from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence

ACKNOWLEDGE = {"empathy", "listen", "apology", "reassure", "complaint_channel", "record_dispute", "condolence"}
OBJECTIVE = {"ask_reason", "offer_plan", "request_commitment", "separate_issues", "better_option",
             "confirm_commitment", "explain_consequence", "benefit_of_paying", "request_callback"}
CALM_SUGGESTION = "先接住情绪,再回到目标:“我理解您很生气,骂人解决不了问题,我们还是说说怎么处理吧。”"


def score(views: list[TurnView]) -> DimensionScore:
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary="没有催收员发言。")
    points = 100
    evidence: list[Evidence] = []
    responses = [v for v in coll if v.provoked]
    for view in responses:
        assert view.analysis is not None
        moves = set(view.analysis.moves)
        if view.analysis.violations and {f.category for f in view.analysis.violations} & {"insult", "threat"}:
            points -= 35
            evidence.append(Evidence(view.index, view.text, "客户挑衅后以辱骂或威胁回击,情绪失控。", suggestion=CALM_SUGGESTION))
            continue
        if moves & {"sarcasm", "blame"}:
            points -= 20
            evidence.append(Evidence(view.index, view.text, "客户挑衅后反唇相讥或指责对方。", suggestion=CALM_SUGGESTION))
            continue
        if view.analysis.pressure > view.prev_pressure and view.analysis.pressure >= 2:
            points -= 10
            evidence.append(Evidence(view.index, view.text, "客户情绪激动时反而加大施压,容易激化矛盾。",
                                     suggestion="把语气放轻,先安抚:“您先别着急,慢慢说,我在听。”"))
            continue
        if view is coll[-1] and "closing" in moves and not moves & OBJECTIVE:
            points -= 10
            evidence.append(Evidence(view.index, view.text, "客户发火后草草结束通话,放弃了本次目标。",
                                     suggestion="不主动挂电话:“您的意见我记下了。我们先把还款的时间定下来,好吗?”"))
            continue
        good = [label for label, group in (("接住情绪", ACKNOWLEDGE), ("回到目标", OBJECTIVE)) if moves & group]
        if good:
            evidence.append(Evidence(view.index, view.text, f"客户挑衅后保持冷静:{'、'.join(good)}。", positive=True))
        else:
            points -= 10
            evidence.append(Evidence(view.index, view.text, "客户挑衅后既没有安抚情绪,也没有回到还款目标。",
                                     suggestion=CALM_SUGGESTION))
    # outside provocations, hostile tone still shows a lack of self-control
    calm_turns = [v for v in coll if not v.provoked and v.analysis]
    hostile = [v for v in calm_turns if {f.category for f in v.analysis.violations} & {"insult", "threat"}]
    rude = [v for v in calm_turns if v not in hostile and {"sarcasm", "blame"} & set(v.analysis.moves)]
    points -= 25 * len(hostile) + 15 * len(rude)
    for v in (hostile + rude)[:4]:
        evidence.append(Evidence(v.index, v.text, "没有受到挑衅也出言不逊(辱骂、威胁、指责或讽刺)。", suggestion=CALM_SUGGESTION))
    if not responses:
        summary = "客户未出现明显挑衅,按全程语气评估:" + ("语气平稳。" if not (hostile or rude) else "语气失当。")
    else:
        lost = len([e for e in evidence if not e.positive])
        summary = f"客户挑衅 {len(responses)} 次," + ("每次都保持了冷静。" if not lost else f"有 {lost} 处应对不当。")
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)
