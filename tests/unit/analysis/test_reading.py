"""The structured reading: what a collector line means, part by part, in several wordings each."""

from __future__ import annotations

import pytest

from simulator.analysis import analyze
from simulator.analysis.call_state import CallState


@pytest.mark.parametrize("text", [
    "没有判决,谁也不能冻结您的账户。",
    "起诉的事今天不谈,我们先看看方案。",
    "现在还没到起诉那一步,您放心。",
    "您不用担心会被起诉,我们就是想跟您商量个方案。",
    "如果有人说要起诉您、冻结您的卡,那是吓唬人的。",
    "我们暂时不考虑走诉讼,先帮您把分期申请下来。",
])
def test_a_lawsuit_mentioned_but_not_put_to_the_debtor_is_not_legal_pressure(text):
    a = analyze(text)
    assert "legal_process" not in a.moves and a.pressure < 3, a.to_dict()


@pytest.mark.parametrize("text", [
    "如果一直协商不成,公司有权依法向法院提起诉讼。",
    "不还的话,公司可能会依法起诉。",
])
def test_a_lawful_conditional_lawsuit_is_still_level_three(text):
    assert analyze(text).pressure == 3


@pytest.mark.parametrize("text", [
    "早点还上对您的征信也是一种保护。",
    "按时还款,征信就不受影响。",
    "提前还款也能保护您的信用。",
    "还上以后对您的信用有好处,以后办卡也方便。",
    "珍惜自己的信用,按时还款对您有利。",
])
def test_credit_framed_as_a_benefit_is_service_not_a_consequence(text):
    a = analyze(text)
    assert a.pressure <= 1 and "explain_consequence" not in a.moves, a.to_dict()


@pytest.mark.parametrize("text, parts", [
    ("您好,我是安信消费金融贷后服务部的小陈,工号0917。", {"institution", "name", "employee_id"}),
    ("您好,我是安信消费金融的。", {"institution"}),
    ("这里是恒信银行信用卡中心,我姓吴。", {"institution", "name"}),
    ("我是瑞丰消费金融客服中心的小周,工号3307。", {"institution", "name", "employee_id"}),
    ("我这边是华屹消费金融的催收专员,工号HY8802。", {"institution", "employee_id"}),
])
def test_self_identification_parts(text, parts):
    assert analyze(text).reading.self_id == parts


@pytest.mark.parametrize("text, kind", [
    ("请问是王磊先生吗?", "name"),
    ("您是刘秀兰女士本人吗?", "name"),
    ("喂,王磊是吧?", "name"),
    ("麻烦您报一下身份证后四位,核实一下身份。", "proof"),
    ("为了确认是您本人,请说一下您的出生日期。", "proof"),
])
def test_an_identity_question_is_told_from_a_request_for_proof(text, kind):
    assert analyze(text).reading.identity == kind


@pytest.mark.parametrize("text, topic", [
    ("您这周手头大概能拿出多少?", "amount"),
    ("您每个月能还多少?", "amount"),
    ("货款大概什么时候能回来?", "date"),
    ("您的工资一般几号发?", "date"),
    ("您现在每个月收入大概多少?", "income"),
    ("您现在在哪上班?", "income"),
    ("您一般什么时候方便接电话?", "contact_time"),
    ("您看是一次性结清,还是分三期?", "choice"),
    ("请问是什么原因没能按时还款呢?", "reason"),
])
def test_questions_have_a_topic(text, topic):
    assert topic in analyze(text).reading.questions


def test_an_offer_carries_its_amount_day_channel_and_kind():
    offer = analyze("那我们就分两期:第一期下周五前通过官方APP先还1000元,剩下的下个月再还,您看行吗?").reading.offer
    assert offer == {"kind": "instalment", "amount": 1000, "date": "下周五", "channel": True}
    full = analyze("您看能不能11月30日前一次性结清3260元?").reading.offer
    assert full is not None and full["kind"] == "full" and full["amount"] == 3260


@pytest.mark.parametrize("text, parts", [
    ("我跟您确认一下:11月28日前,通过官方APP还款2350元,对吗?", {"amount", "date", "channel"}),
    ("那就说好了,28号还2350元。", {"amount", "date"}),
])
def test_a_recap_lists_what_it_restates(text, parts):
    assert analyze(text).reading.recap == parts


HEARD = "我儿子住院了,手术费花了好几万,我现在真的一分钱都拿不出来……"


@pytest.mark.parametrize("text", [
    "孩子住院做手术,这钱花得确实让人喘不过气。",
    "您儿子还在医院,您一个人撑着,真的不容易。",
    "手术费这么大一笔,换谁都难。",
    "孩子的身体最要紧,这段时间您肯定很累。",
    "听您说孩子住院了,这么多事压在一起,我能理解。",
])
def test_empathy_that_mirrors_the_debtor_is_specific(text):
    assert analyze(text, heard=HEARD).reading.empathy == "specific"


@pytest.mark.parametrize("text", ["我理解您。", "我明白您的难处。", "理解理解,大家都不容易。"])
def test_a_stock_phrase_is_generic_empathy(text):
    assert analyze(text, heard=HEARD).reading.empathy == "generic"


@pytest.mark.parametrize("text", [
    "您嗓门再大也改变不了欠款的事实。",
    "您每次都说下周,到底还想不想还?",
    "这是最基本的契约精神,您是成年人了。",
    "那随便您吧。",
    "借钱的时候怎么不想想?",
])
def test_reproach_and_sarcasm_are_read_even_without_insults(text):
    a = analyze(text)
    assert (a.reading.reproach or a.reading.sarcasm) and not a.violations


def test_the_call_state_follows_identity_offers_and_questions():
    state = CallState()
    state.after_collector(analyze("您好,我是安信消费金融的小陈,工号0917,请问是刘秀兰女士吗?麻烦报一下身份证后四位。"))
    state.after_other("1234,是我。", "debtor")
    assert state.verified and state.self_id == ["employee_id", "institution", "name"]
    state.after_collector(analyze("您这周手头能拿出多少?"))
    assert "amount" in state.open_questions
    state.after_collector(analyze("那就下周还1000元,好吗?"))
    assert state.concrete_offer() is None  # "下周" is not a day a promise can be held to
    state.after_collector(analyze("那就11月28日前还1000元,好吗?"))
    assert state.concrete_offer()["amount"] == 1000
    assert CallState.from_dict(state.to_dict()) == state
