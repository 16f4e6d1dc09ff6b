"""Emotional control: the collector's turns right after the debtor provokes or breaks down (seed 000:
"债务人态度激烈时把语气放轻…切记控制住自己的情绪"; 不主动挂电话; seed 001 受害者型: "等到该客户冷静下来",
"向客户表示对其现处困境以同情和理解"; rubric: "客户哭诉时耐心等、真诚安慰").

After a provocation, retaliation of any kind — an insult, a threat, any other violation, sarcasm,
blame, raised pressure — loses points; acknowledging and returning to the objective earns them.
After the debtor cries or the family reports a death, the next line must acknowledge it; pressing
on with consequences, blame or a violation is a loss of composure too.
"""

from __future__ import annotations

from simulator.grading.context import TurnView, collector_views
from simulator.grading.result import DimensionScore, Evidence
from simulator.messages import N_, Said, say

ACKNOWLEDGE = {"empathy", "listen", "apology", "reassure", "complaint_channel", "record_dispute", "condolence"}
OBJECTIVE = {"ask_reason", "offer_plan", "request_commitment", "separate_issues", "better_option",
             "confirm_commitment", "explain_consequence", "benefit_of_paying", "request_callback"}
# Penalties follow the rubric anchors: a barb or a lecture right after a provocation is the 50 anchor
# ("说教、责备…话里带刺"), hitting back with a violation the 30 anchor ("反唇相讥…甚至骂人").
RETALIATION_PENALTY = 45
BARB_PENALTY = 30
SOOTHE_SUGGESTION = say("gr_sug_soothe", line="您先别着急,慢慢说,我在听。遇到这种事确实不容易。")
CALM_SUGGESTION = say("gr_sug_calm", line="我理解您很生气,您的意见我都记下了,我们还是说说怎么处理吧。")
# Only when the debtor actually swore at the collector.
SWORE_SUGGESTION = say("gr_sug_calm", line="我理解您很生气,骂人解决不了问题,我们还是说说怎么处理吧。")


def _calm(views: list[TurnView], view: TurnView) -> Said:
    """The better phrasing after a provocation: it mentions swearing only if the debtor swore."""
    before = next((v for v in reversed(views) if v.index < view.index and v.listener is not None), None)
    swore = before is not None and "insult" in before.listener.provocations
    return SWORE_SUGGESTION if swore else CALM_SUGGESTION


# Seed 000: "不主动挂电话" — walking away from an angry debtor drops the objective entirely.
HANG_UP_PENALTY = 25


def score(views: list[TurnView]) -> DimensionScore:
    coll = collector_views(views)
    if not coll:
        return DimensionScore(score=0, summary=say("gr_no_collector_lines"))
    points = 100
    evidence: list[Evidence] = []
    responses = [v for v in coll if v.provoked]
    consoled = False
    for view in coll:
        assert view.analysis is not None
        # A sniff in the greeting ("(吸鼻子)您好") is not a breakdown to answer before saying who
        # is calling; and once the collector has offered condolence or comfort for the same news,
        # asking for the documents next is the right step, not "talking money without a word of
        # comfort".
        if view.distressed and not view.provoked and view is not coll[0] and not (consoled and view.bereaved):
            points += _after_distress(view, evidence)
        consoled = consoled or bool({"condolence", "empathy"} & set(view.analysis.moves))
    for view in responses:
        assert view.analysis is not None
        moves = set(view.analysis.moves)
        if view.analysis.violations:
            points -= RETALIATION_PENALTY
            evidence.append(Evidence(view.index, view.text, say("gr_retaliated_violation"),
                                     suggestion=_calm(views, view)))
            continue
        if moves & {"sarcasm", "blame"}:
            points -= BARB_PENALTY
            evidence.append(Evidence(view.index, view.text, say("gr_retaliated_barb"), suggestion=_calm(views, view)))
            continue
        acknowledged = bool(moves & ACKNOWLEDGE)
        if view.analysis.pressure > view.prev_pressure and view.analysis.pressure >= 2 and not acknowledged:
            points -= 10
            evidence.append(Evidence(view.index, view.text, say("gr_pressed_when_upset"),
                                     suggestion=say("gr_sug_lower_voice", line="您先别着急,慢慢说,我在听。")))
            continue
        if view is coll[-1] and "closing" in moves and not moves & OBJECTIVE:
            points -= HANG_UP_PENALTY
            evidence.append(Evidence(view.index, view.text, say("gr_hung_up_on_anger"),
                                     suggestion=say("gr_sug_stay_on_line", line="您的意见我记下了。我们先把还款的时间定下来,好吗?")))
            continue
        good = [say(label) for label, group in ((N_("gr_calm_acknowledge"), ACKNOWLEDGE),
                                                (N_("gr_calm_objective"), OBJECTIVE)) if moves & group]
        if good:
            evidence.append(Evidence(view.index, view.text, say("gr_stayed_calm", what=good), positive=True))
        else:
            points -= 10
            evidence.append(Evidence(view.index, view.text, say("gr_no_response_to_provocation"),
                                     suggestion=_calm(views, view)))
    # outside provocations, hostile tone still shows a lack of self-control
    calm_turns = [v for v in coll if not v.provoked and not v.distressed and v.analysis]
    hostile = [v for v in calm_turns if {f.category for f in v.analysis.violations} & {"insult", "threat"}]
    rude = [v for v in calm_turns if v not in hostile and {"sarcasm", "blame"} & set(v.analysis.moves)]
    # Unprovoked reproach is the rubric's 50 anchor ("说教、责备…借钱的时候怎么不想想"): the first one
    # already costs as much as a barb after a provocation.
    points -= 30 * len(hostile) + (BARB_PENALTY + 10 * (len(rude) - 1) if rude else 0)
    for v in (hostile + rude)[:4]:
        evidence.append(Evidence(v.index, v.text, say("gr_unprovoked_rudeness"), suggestion=CALM_SUGGESTION))
    lost = len([e for e in evidence if not e.positive])
    if not responses:
        summary = say("gr_emotion_tone_steady") if not lost else say("gr_emotion_tone_lapses", n=lost)
    else:
        summary = say("gr_emotion_provoked_calm", times=len(responses)) if not lost else \
            say("gr_emotion_provoked_lapses", times=len(responses), n=lost)
    return DimensionScore(score=max(0, points), evidence=evidence, summary=summary)


def _after_distress(view: TurnView, evidence: list[Evidence]) -> int:
    """Points for the line right after the debtor cried, despaired or the family reported a death."""
    assert view.analysis is not None
    moves = set(view.analysis.moves)
    if view.analysis.violations:
        evidence.append(Evidence(view.index, view.text, say("gr_distress_violation"), suggestion=SOOTHE_SUGGESTION))
        return -RETALIATION_PENALTY
    if moves & ACKNOWLEDGE:
        evidence.append(Evidence(view.index, view.text, say("gr_distress_comforted"), positive=True))
        return 0
    if moves & {"sarcasm", "blame"} or view.analysis.pressure >= 2:
        evidence.append(Evidence(view.index, view.text, say("gr_distress_blamed"),
                                 suggestion=SOOTHE_SUGGESTION))
        return -BARB_PENALTY
    evidence.append(Evidence(view.index, view.text, say("gr_distress_ignored"),
                             suggestion=SOOTHE_SUGGESTION))
    return -10
