"""Who is on the line and how they feel: the transcript-level readings the grader's rules depend on."""

from __future__ import annotations

import pytest

from simulator.analysis.listener import read_listener
from simulator.grading.grader import grade
from tests.unit.grading.calls import call

HELLO = "您好,我是瑞丰消费金融贷后部的小林,工号2316。请问是王建军先生本人吗?"


@pytest.mark.parametrize("text", ["是我。", "哎,是我是我,你好!", "……是我。", "0417。又是你们!", "381X,什么事?",
                                  "3345,哎呀是不是我忘还款了?"])
def test_confirmations_after_normalisation_and_id_digits(text):
    reading = read_listener(text)
    assert reading.confirms_identity and not reading.denies_identity


@pytest.mark.parametrize("text", ["不是,我是他妈妈。", "他不在,我是他爱人。", "我不是他,你打错了。"])
def test_denials(text):
    assert read_listener(text).denies_identity


def test_not_wanting_to_pay_is_not_a_denial_of_identity():
    assert not read_listener("不是我不想还,是真的没钱。").denies_identity


def test_death_guarantee_and_distress_are_read():
    assert read_listener("他……他上个月走了。我是他女儿。").reports_death
    assert read_listener("是,我给他担保过。0321。").guarantor
    assert read_listener("(哭)我真的不知道怎么办了……").distressed


def test_a_casual_name_check_counts_as_verification(rubric, pack):
    result = grade(call(["C:喂,是李娟吧?", "D:是我……", "C:您那个分期这个月还没还,2200元,逾期40天了。"]), rubric, pack)
    assert not [v for v in result.violations if v.category == "privacy_breach"]


def test_verifying_after_naming_the_debt_costs_courtesy_too(rubric, pack):
    early = grade(call(["C:您好,我是易借花的小何,工号1508。您本期1760元已经逾期12天了。", "D:你找谁?",
                        "C:请问您是潘建明先生吗?", "D:是我。", "C:好的,谢谢,再见。"]), rubric, pack)
    assert [v.category for v in early.violations] == ["privacy_breach"]
    assert any("先谈了欠款才核实身份" in e.note for e in early.dimensions["courtesy"].evidence)
    assert early.dimensions["legality"].score < 70


def test_a_guarantor_who_confirms_may_hear_about_the_guaranteed_debt(rubric, pack):
    result = grade(call([
        "C:您好,请问是蒋文涛先生吗?", "T:是我,哪位?",
        "C:我是恒信银行个贷中心的小潘,工号2186。请问您是不是为韩立民先生的一笔贷款做了连带责任担保?",
        "T:是,我给他担保过。0321。",
        "C:谢谢。这笔贷款已经逾期120天,本息合计58000元,根据保证合同您承担连带保证责任。",
    ], stage="M4"), rubric, pack)
    assert not result.violations, result.violations


def test_telling_a_colleague_even_politely_is_disclosure(rubric, pack):
    result = grade(call(["C:您好,请问是熊志勇吗?", "T:他出去了,我是他同事。",
                         "C:他在我们这儿的借款已经逾期两个多月了,麻烦您让他回个电话。"], stage="M3"), rubric, pack)
    assert [(v.turn, v.category, v.rule) for v in result.violations] == [(2, "third_party_disclosure", "CN-DISCLOSE-ON-CALL")]
    assert not result.passed


def test_details_to_a_bereaved_family_are_a_privacy_breach_and_out_of_band(rubric, pack):
    result = grade(call(["C:喂,是曹建国吗?", "T:他已经去世了,我是他老婆。",
                         "C:他在我们这儿信用卡欠了23500元,逾期三个多月了,这个钱总得有人还。"], stage="M3"), rubric, pack)
    assert [(v.turn, v.category) for v in result.violations] == [(2, "privacy_breach")]
    assert result.dimensions["pressure_calibration"].score < 100
    assert result.dimensions["emotional_control"].score < 100  # no condolence after the news


def test_pressing_a_crying_debtor_loses_emotional_control(rubric, pack):
    base = ["C:" + HELLO, "D:是我。", "C:王先生,您这期1280元已经逾期6天了。", "D:(哭)我老婆住院了,我真的拿不出来……"]
    cold = grade(call(base + ["C:如果一直不还,公司会依法起诉,逾期记录也会报送征信。"], stage="M1"), rubric, pack)
    warm = grade(call(base + ["C:您先别着急,慢慢说,我在听。家里有人住院确实不容易。"], stage="M1"), rubric, pack)
    assert cold.dimensions["emotional_control"].score < warm.dimensions["emotional_control"].score
    assert cold.dimensions["pressure_calibration"].score < 70 <= warm.dimensions["pressure_calibration"].score


def test_a_vague_promise_from_a_serial_promiser_is_too_little_pressure(rubric, pack):
    base = ["C:" + HELLO, "D:是我是我!", "C:王先生,您已经逾期78天了,欠款8420元,上次约的15号也没还。",
            "D:下周,下周肯定还!"]
    vague = grade(call(base + ["C:好的,那您下周尽快处理,再见。"], stage="M3", archetype="promiser"), rubric, pack)
    pinned = grade(call(base + ["C:这次请您一定兑现。我跟您确认:11月21号前还3000元,通过官方App,对吗?"],
                        stage="M3", archetype="promiser"), rubric, pack)
    assert vague.dimensions["pressure_calibration"].score < 70
    assert pinned.dimensions["pressure_calibration"].score >= 80
