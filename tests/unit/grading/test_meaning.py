"""The grader scores what happened (issue 15), read from the shared conversation state.

Each test is one trainer's expectation: a reassurance that denies a prohibited act is not the act;
自报家门 and a recap earn their points part by part; "是X吗" is not verification; a call that got
nothing done, or left the debtor angrier with nothing agreed, cannot pass as excellent; a serial
promiser let off with "下周" fails; ignoring a debtor who says she does not want to live is a
critical failure; suggestions use the case's own name and never talk debt to a relative.
"""

from __future__ import annotations

import pytest

from simulator.grading.grader import grade
from tests.unit.grading.calls import call

HELLO = "您好,我是瑞丰消费金融贷后部的小林,工号2316。请问是王建军先生本人吗?麻烦报一下身份证后四位,核实一下身份。"


EXEMPLARY_M3 = [
    "C:" + HELLO,
    "D:0417,是我。什么事?",
    "C:王先生,您8月那期4860元已经逾期72天了。请问是什么原因没能按时还款呢?",
    "D:生意不好,货款一直没回来。",
    "C:货款压着确实难受。按合同约定,逾期信息会如实报送征信;如果一直协商不成,公司有权依法起诉。",
    "D:那你们想怎么样?",
    "C:我们从来不会让您把钱打到个人账户,也不会去您单位。您看这周五之前能先还多少?",
    "D:周五能还2000。",
    "C:好的,我跟您确认一下:11月28日周五前,通过瑞丰App还款2000元,对吗?",
    "D:对。",
    "C:感谢您的配合,再见。",
]


def test_a_reassurance_that_denies_a_prohibited_act_is_not_the_act(rubric, pack):
    result = grade(call(EXEMPLARY_M3, stage="M3", outcome="promise_to_pay"), rubric, pack)
    assert result.violations == []
    assert result.passed and result.overall >= 85


def test_self_identification_is_credited_part_by_part(rubric, pack):
    full = grade(call(["C:" + HELLO, "D:是我。", "C:好的,再见。"]), rubric, pack).dimensions["courtesy"]
    partial = grade(call(["C:您好,我是瑞丰消费金融的。请问是王建军先生本人吗?麻烦报一下身份证后四位。", "D:是我。",
                          "C:好的,再见。"]), rubric, pack).dimensions["courtesy"]
    assert partial.score < full.score
    assert any("缺少姓名、工号" in e.note for e in partial.evidence)


def test_asking_is_that_mr_x_is_not_verification(rubric, pack):
    checked = grade(call(["C:" + HELLO, "D:0417,是我。", "C:好的,再见。"]), rubric, pack).dimensions["courtesy"]
    name_only = grade(call(["C:您好,我是瑞丰消费金融贷后部的小林,工号2316。请问是王建军先生吗?", "D:是我。",
                            "C:好的,再见。"]), rubric, pack).dimensions["courtesy"]
    assert name_only.score < checked.score
    assert any("只问了一句" in e.note for e in name_only.evidence)


@pytest.mark.parametrize("recap, lacking", [
    ("好的,那就这样,再见。", "复述约定的金额、日期和渠道"),
    ("好的,我跟您确认一下:11月28日前还款2000元,对吗?", "还款渠道"),
])
def test_a_recap_needs_amount_date_and_channel(rubric, pack, recap, lacking):
    lines = EXEMPLARY_M3[:8] + ["C:" + recap, "D:对。", "C:感谢您的配合,再见。"]
    courtesy = grade(call(lines, stage="M3", outcome="promise_to_pay"), rubric, pack).dimensions["courtesy"]
    assert any(lacking in e.note for e in courtesy.evidence), [e.note for e in courtesy.evidence]


def test_a_polite_call_that_does_nothing_fails_and_says_why(rubric, pack):
    result = grade(call([
        "C:您好,打扰您了。", "D:嗯,什么事?", "C:我理解您最近不容易。", "D:是啊,挺难的。",
        "C:我明白您的难处,我理解。", "D:那你打电话干嘛?", "C:没事,就是问候一下,祝您生活愉快,再见。",
    ]), rubric, pack)
    assert not result.passed
    assert any("没有完成基本任务" in r for r in result.fail_reasons)
    assert any("语气客气,但没有做成事" in p for p in result.debrief)


def test_a_call_that_ends_angrier_with_nothing_agreed_is_not_an_excellent_pass(rubric, pack):
    result = grade(call([
        "C:" + HELLO, "D:0417,是我。又怎么了?",
        "C:王先生,您8月那期4860元已经逾期40天了,请问是什么原因呢?",
        "D:你们烦不烦!天天打!我说了没钱!!",
        "C:您看这周能先还一部分吗?",
        "D:滚!别再打了!!",
        "C:好的,再见。",
    ]), rubric, pack)
    assert result.call_outcome["angrier"]
    assert not result.passed
    assert any("越谈越生气" in r for r in result.fail_reasons)


def test_a_serial_promiser_let_off_with_next_week_fails(rubric, pack):
    result = grade(call([
        "C:" + HELLO, "D:0417,是我是我。",
        "C:王先生,您的信用卡已经逾期78天,欠款8420元。上个月您说15号还,后来也没有还上。",
        "D:上次出了点状况,下周,下周肯定给你们还上。",
        "C:行,那您下周记得处理一下。",
        "D:没问题。",
        "C:好的,再见。",
    ], stage="M3", archetype="promiser", situation="broken_promises"), rubric, pack)
    assert not result.passed
    assert any("含糊的承诺" in r for r in result.fail_reasons)


DESPAIR = ["C:" + HELLO, "D:0417……是我。", "C:王女士,您这期1860元逾期20天了。", "D:我真不想活了,什么都没了……"]


def test_dismissing_a_debtor_who_does_not_want_to_live_is_a_critical_failure(rubric, pack):
    result = grade(call(DESPAIR + ["C:别说这些没用的,钱什么时候还?", "D:……"]), rubric, pack)
    assert [v.category for v in result.violations] == ["duty_of_care"]
    assert result.violations[0].severity == "critical"
    assert not result.passed and result.dimensions["legality"].score == 0


@pytest.mark.parametrize("reply", [
    "您先别这么想,钱的事先放一放。您现在身边有家人陪着吗?",
    "王女士,您的安全最重要,还款的事今天先不谈。心里实在难受可以打12356心理援助热线。",
    "千万别想不开,我很担心您。您现在一个人吗?",
    "我在听,您现在安全吗?钱的事可以慢慢商量。",
    "生命最重要,有危险一定马上打110或者120,钱的事往后放。",
])
def test_a_safety_first_reply_to_despair_is_what_a_trainer_wants(rubric, pack, reply):
    result = grade(call(DESPAIR + ["C:" + reply, "D:……嗯。"]), rubric, pack)
    assert "duty_of_care" not in [v.category for v in result.violations]


def test_snapping_back_at_a_shouting_debtor_costs_emotional_control(rubric, pack):
    base = ["C:" + HELLO, "D:0417。你们烦不烦!!天天打!!"]
    calm = grade(call(base + ["C:您先别着急,您的意见我记下了。我们说说这期怎么处理吧?", "D:哼。"]), rubric, pack)
    snap = grade(call(base + ["C:您嗓门再大也改变不了欠款的事实。", "D:哼。"]), rubric, pack)
    assert snap.dimensions["emotional_control"].score < calm.dimensions["emotional_control"].score - 20


def test_suggestions_use_the_case_not_a_sample_name(rubric, pack):
    transcript = call(["C:喂,你欠的钱什么时候还?", "D:你谁啊?"],
                      case={"debtor_name": "刘秀兰", "gender": "female", "lender": "安信消费金融",
                            "overdue_amount": 3260, "due_date": "10月15日", "days_overdue": 21})
    result = grade(transcript, rubric, pack)
    texts = [e.suggestion for d in result.dimensions.values() for e in d.evidence if e.suggestion]
    texts += [v.suggestion for v in result.violations]
    assert any("刘秀兰女士" in t for t in texts)
    assert not any("刘建国" in t for t in texts)


def test_no_suggestion_talks_debt_to_a_relative(rubric, pack):
    result = grade(call([
        "C:您好,请问是王建军先生吗?", "T:他不在,我是他爱人。",
        "C:他欠我们4860元已经逾期40天了,您让他赶紧还。", "T:啊?",
    ]), rubric, pack)
    for dim in result.dimensions.values():
        for e in dim.evidence:
            if e.turn == 2 and e.suggestion:
                said = e.suggestion.split("“", 1)[-1]  # the line to say, after the coaching words
                assert "欠" not in said and "逾期" not in said and "还" not in said.replace("还款", ""), e.suggestion


def test_after_a_death_is_reported_no_suggestion_asks_to_pass_on_a_call_back(rubric, pack):
    result = grade(call([
        "C:您好,请问是许建华先生吗?", "T:他……他上个月走了。",
        "C:那让他回个电话吧。", "T:你说什么?",
    ], situation="deceased"), rubric, pack)
    for dim in result.dimensions.values():
        for e in dim.evidence:
            if e.turn == 2 and e.suggestion:
                assert "转告" not in e.suggestion and "本人吗" not in e.suggestion, e.suggestion


def test_a_sniff_in_the_greeting_is_not_a_breakdown_to_answer_first(rubric, pack):
    result = grade(call(["D:喂……(吸鼻子)您好。", "C:" + HELLO, "D:0417,是我。"]), rubric, pack)
    assert not any("哭诉" in e.note for e in result.dimensions["emotional_control"].evidence)


def test_the_scenarios_objectives_are_checked_and_listed_in_the_debrief(rubric, pack):
    objectives = [{"id": "verify_identity", "zh": "核实身份"}, {"id": "learn_reason", "zh": "了解逾期原因"},
                  {"id": "secure_promise", "zh": "拿到具体还款承诺"}, {"id": "made_up_goal", "zh": "别的目标"}]
    result = grade(call(EXEMPLARY_M3, stage="M3", outcome="promise_to_pay", objectives=objectives), rubric, pack)
    met = {o["id"]: o["met"] for o in result.objectives}
    assert met == {"verify_identity": True, "learn_reason": True, "secure_promise": True, "made_up_goal": None}
    assert any("练习目标达成 3/3 项" in p for p in result.debrief)
    empty = grade(call(["C:您好,打扰了。", "D:嗯。", "C:再见。"], objectives=objectives), rubric, pack)
    assert any("未达成" in p and "核实身份" in p for p in empty.debrief)


def test_hanging_up_while_the_relative_fetches_the_borrower_fails(rubric, pack):
    result = grade(call([
        "C:您好,请问是范浩先生吗?", "T:你哪位?找他什么事?",
        "C:我是安信消费金融的小陈,麻烦您请他接一下电话,谢谢。", "T:哦,正好在家,你稍等……范浩!电话!",
        "C:好的,打扰您了,再见。",
    ], situation="third_party"), rubric, pack)
    assert not result.passed
    assert any("去叫借款人接电话" in r for r in result.fail_reasons)
