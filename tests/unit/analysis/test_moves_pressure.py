"""Moves and pressure on typical collector lines: what the persona engine reacts to."""

from __future__ import annotations

import pytest

from simulator.analysis import MOVES, analyze


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("您好,打扰一下。", "greeting"),
        ("喂,你好,请问是张伟吗?", "greeting"),
        ("我是恒信金融贷后管理部的小李,工号3021。", "self_identification"),
        ("请问您是张伟先生本人吗?", "identity_verification"),
        ("麻烦报一下您身份证后四位,核实一下身份。", "identity_verification"),
        ("您在我们平台的借款应还1800元,已经逾期15天了。", "disclose_debt"),
        ("这个月是遇到什么困难了吗?", "ask_reason"),
        ("方便说一下没按时还款的原因吗?", "ask_reason"),
        ("您别急,慢慢说,我听着呢。", "listen"),
        ("我能理解,一个人带孩子确实不容易。", "empathy"),
        ("不好意思,这么晚还打扰您。", "apology"),
        ("您放心,我们不会把这事告诉其他人。", "reassure"),
        ("您对利率有意见我帮您反馈,但投诉和还款是两回事。", "separate_issues"),
        ("信用很宝贵,早处理早安心,以后办房贷也顺利。", "benefit_of_paying"),
        ("逾期记录会按合同报送征信,还会产生罚息。", "explain_consequence"),
        ("协商不成的话,公司可能会依法起诉。", "legal_process"),
        ("现在协商对您来说是更好的选择。", "better_option"),
        ("可以帮您申请分六期,先还一部分也行。", "offer_plan"),
        ("您看最晚哪天能还?能还多少?", "request_commitment"),
        ("我跟您确认一下,12月5号还款3000元,对吧?", "confirm_commitment"),
        ("这次一定要按时,千万别再爽约了。", "stress_promise"),
        ("请通过官方APP还款,或者转到我们的对公账户。", "payment_channel"),
        ("您对我的服务不满意,可以拨打客服热线投诉。", "complaint_channel"),
        ("您说这笔已经还过了?我先帮您登记,核实后回复您。", "record_dispute"),
        ("麻烦您把住院的病历和诊断书拍照发过来。", "request_documents"),
        ("麻烦您转告他,有空给我们回个电话。", "request_callback"),
        ("听到这个消息很难过,请您节哀。", "condolence"),
        ("那就先这样,感谢您的接听,再见。", "closing"),
        ("你怎么又没还?上次说话不算数。", "blame"),
        ("呵呵,您可真会说。", "sarcasm"),
    ],
)
def test_move_is_detected(text: str, move: str) -> None:
    assert move in MOVES
    assert move in analyze(text).moves


def test_lines_make_several_moves_in_vocabulary_order() -> None:
    result = analyze("您好,我是恒信金融的小李,请问是张伟先生本人吗?")
    assert result.moves == ("greeting", "self_identification", "identity_verification")


def test_sarcasm_and_blame_are_moves_not_violations() -> None:
    result = analyze("你可真行啊,每次都说下周还,你自己欠的钱自己不清楚吗?")
    assert {"sarcasm", "blame"} <= set(result.moves)
    assert result.violations == ()


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("您好,请问是张伟先生吗?", 0),
        ("我理解您的难处,您慢慢说。", 0),
        ("您这笔借款已经逾期了,请尽快还款。", 1),
        ("您看什么时候能还上?", 1),
        ("逾期信息会按合同如实报送征信,还会产生罚息。", 2),
        ("违约金按合同每期50元。", 2),
        ("如果协商不成,公司有权依法向法院提起诉讼。", 3),
        ("今天必须把最低还款额还上,这是最后的期限。", 3),
        ("再不还就打断你的腿。", 3),
    ],
)
def test_pressure_level(text: str, level: int) -> None:
    assert analyze(text).pressure == level


def test_a_violation_is_always_top_pressure() -> None:
    assert analyze("你这个老赖。").pressure == 3


def test_legal_process_move_is_not_given_to_false_legal_claims() -> None:
    result = analyze("你不还钱,法院明天就来人把你带走。")
    assert "false_legal_claim" in result.categories
    assert "legal_process" not in result.moves
