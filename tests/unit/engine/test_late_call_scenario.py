"""The 21:55 call (issue 17, late-call-victim): the debtor answers "shall we go on or talk tomorrow?",
and a call that rambles past 22:00 without asking is graded as night-time collection."""

from __future__ import annotations

import pytest

from simulator.engine.conversation import Conversation
from simulator.grading.grader import grade
from simulator.grading.late_call import clock_now
from simulator.grading.transcript import Transcript

HELLO = "您好,请问是蒋丽华女士本人吗?我是安信消费金融贷后服务部的小陈,工号0917。"
ASK = "现在快十点了,不好意思占用您这么久,您看是现在花两分钟把时间定下来,还是明天上午十点我再打给您?"
SKILLED = [HELLO, "蒋女士您好,这么晚打给您不好意思,您这期1063元逾期11天了,是最近遇到什么难处了吗?",
           "婆婆住院做手术,这确实不容易,您辛苦了。", "那您这周手上能先拿出多少?", ASK,
           "好的,那我跟您确认一下:这周五之前先还500元,通过官方APP还,剩下的15号发工资那天再还,可以吗?",
           "好的,谢谢您,早点休息,再见。"]
RAMBLING = [HELLO, "蒋女士您好,我是想跟您聊聊这一期分期的事情,您这期1063元已经过了还款日11天了,所以今天特意给您打个电话。",
            "您别着急,慢慢说,家里出了这么大的事情,婆婆住院做手术,换了谁都会手忙脚乱的,我完全能理解您现在的心情。",
            "我听您这么说,您前面五期都是按时还的,说明您一直都很守信用,这一期确实是遇到了特殊情况,不是故意拖着不还的。",
            "您先别担心,我们今天打电话不是要为难您,就是想跟您一起商量一个您能做得到的还款安排,您觉得怎么样?",
            "您现在手上的钱要给婆婆看病,还要顾着孩子上学,这些我都明白,所以咱们不一定要一次把这期全部还清。",
            "我想问问您,婆婆现在身体恢复得怎么样了?医生有没有说大概什么时候能出院?家里现在谁在医院照顾她?",
            "您丈夫的工资是月底发是吧?那您自己的工资是每个月几号发?我想看看哪个时间点对您来说压力最小。",
            "那咱们这样,您看这周能不能先还一小部分,哪怕三五百也行,剩下的等您15号发了工资再补上,您觉得可以吗?",
            "好的,那我跟您确认一下:这周五之前先还500元,剩下的563元15号发工资那天还,两笔都通过官方APP还,对吧?",
            "好的,那就这样说定了,到时候我会再跟您确认一下,您也多注意身体,照顾好婆婆。"]


def call(catalog, lines: list[str], seed: int) -> Transcript:
    sc = catalog.scenario("late-call-victim")
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed)
    turns = [{"speaker": "debtor", "text": convo.open().text}]
    for line in lines:
        if convo.ended:
            break
        reply = convo.respond(line)
        turns += [{"speaker": "collector", "text": line}, {"speaker": reply.speaker, "text": reply.text}]
    return Transcript(turns=turns, scenario=sc.id, archetype="victim", stage=sc.stage,
                      clock_start=sc.answer_plan().first_call_at, outcome=convo.memory.outcome,
                      objectives=[{"id": o.id, "zh": o.zh} for o in sc.objectives])


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_asking_before_ten_and_hearing_yes_meets_mind_the_hour(catalog, seed):
    transcript = call(catalog, SKILLED, seed)
    after_ask = transcript.turns[[t.text for t in transcript.turns].index(ASK) + 1].text
    assert after_ask in {*catalog.personas["victim"].bank["answer_late_ok"]["any"],
                         *catalog.personas["victim"].bank["answer_late_no"]["any"]}
    result = grade(transcript, catalog.rubric("default"), catalog.rule_packs["cn"])
    assert "CN-CALL-PAST-TEN" not in {v.rule for v in result.violations}
    assert {o["id"]: o["met"] for o in result.objectives}["mind_the_hour"] is True


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_rambling_past_ten_without_asking_is_night_time_collection(catalog, seed):
    transcript = call(catalog, RAMBLING, seed)
    assert clock_now(transcript) > "22:00"
    result = grade(transcript, catalog.rubric("default"), catalog.rule_packs["cn"])
    late = [v for v in result.violations if v.rule == "CN-CALL-PAST-TEN"]
    assert len(late) == 1 and late[0].category == "harassment" and "22:" in late[0].description
    assert {o["id"]: o["met"] for o in result.objectives}["mind_the_hour"] is False


def declined(catalog) -> Conversation:
    """A call where the debtor, asked at 21:5x whether to go on, said not tonight (the first such seed)."""
    sc = catalog.scenario("late-call-victim")
    for seed in range(12):
        convo = Conversation(sc, catalog.personas[sc.persona], seed=seed)
        convo.open()
        convo.respond(HELLO)
        if convo.respond(ASK).intent == "answer_late_no":
            return convo
    pytest.fail("no seed in 12 where the wary debtor declines to go on tonight")


def test_a_debtor_who_said_not_tonight_says_it_again_and_hangs_up_when_pressed(catalog):
    """After "太晚了,明天再说" the collector goes on collecting: she repeats it, angrier, then hangs up."""
    convo = declined(catalog)
    anger = convo.memory.state.anger
    again = convo.respond("我就再说两句,您这期1063元今天必须先还一部分。")
    assert again.intent in ("answer_late_no", "hanging_up") and convo.memory.state.anger > anger
    replies = [again]
    while not convo.ended and len(replies) < 6:
        replies.append(convo.respond("您先别挂,这期的钱今天到底能还多少?"))
    assert convo.ended and convo.memory.outcome == "hung_up"


def test_wrapping_up_after_not_tonight_is_accepted(catalog):
    convo = declined(catalog)
    reply = convo.respond("好的,那今天就先不打扰您了,明天上午十点我再给您打电话,您早点休息。")
    assert reply.intent != "answer_late_no" and not convo.ended
