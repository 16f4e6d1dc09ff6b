"""Scenarios for the 2026 banking-association collection guideline (中国银行业协会《金融机构个人消费类贷款催收
工作指引（试行）》): no pushing a debtor to borrow to repay (以贷还贷), and collection only of the debtor and
debt-related persons — a colleague who answers may hear nothing but a callback request; a guarantor who confirms
the guarantee may hear about the guaranteed debt.

Each scenario is played by the offline engine with a short skilled script, then graded as a transcript.
"""

from __future__ import annotations

import pytest

from simulator.analysis.listener import read_listener
from simulator.engine import third_party, topics
from simulator.engine.conversation import Conversation, Reply
from simulator.grading.grader import grade
from simulator.grading.transcript import Transcript

SEEDS = (1, 2, 3)
AGREED = ("promise_to_pay", "payment_plan")

FRIEND_SKILLED = [
    "您好,我是和盛消费金融贷后服务部的小陈,工号0917,请问是蒋涛先生本人吗?",
    "蒋先生,您好。您本期2198元已经逾期12天了,之前两次约的日期也没还上,是遇到什么情况了吗?",
    "那您这周自己手上能拿出多少?",
    "谢谢您想办法,不过我不建议您为了还这笔再去跟朋友借钱,借来还了下个月还得还,越滚越多。"
    "咱们按您自己的收入来安排,您的工钱哪天能结?",
    "这次的承诺一定要兑现,已经改了两次日期了,再爽约系统里会留下记录,罚息也会一直累计。",
    "那我跟您确认一下:周五之前先还1200元,通过官方APP还,剩下的998元我们下次再约,可以吗?",
    "好的,周五当天我会再跟您确认一下,谢谢您,再见。",
]
# Takes up the friend's offer and pushes it: the turn after the debtor raises the loan.
PUSH = "那正好,你赶紧找你朋友借,今天先把这期全还上。"

COLLEAGUE_SKILLED = [
    "您好,我是宁川银行的客户经理小陈,工号0917,请问罗建斌先生在吗?",
    "不好意思打扰您了。这是他本人的事,需要跟他本人沟通,麻烦您转告他方便时回个电话,号码是95xxx转0917,谢谢。",
    "不好意思,具体的事情我只能跟他本人说,麻烦您转告一下就行,谢谢您。",
    "好的,谢谢您,再见。",
]
COLLEAGUE_DISCLOSES = "他信用卡分期已经逾期41天了,欠了3412元,电话也不接。"
COLLEAGUE_ASKED_TO_PRESS = "你是他同事,帮忙劝劝他赶紧还钱,不然对他影响不好。"

GUARANTOR_HELLO = "您好,我是东岳农商银行个贷中心的小陈,工号0917,请问是冯志刚先生吗?"
GUARANTEE_QUESTION = "冯先生您好,打扰了。想跟您核实一下:您是不是冯志伟在我们行一笔个人经营贷的担保人?"
GUARANTOR_SKILLED = [
    GUARANTOR_HELLO,
    GUARANTEE_QUESTION,
    "谢谢您。是这样,冯志伟这笔贷款已经逾期38天,两期没还,逾期金额9136元,他手机这两周一直关机,我们联系不上他。",
    "根据保证合同,您承担的是连带保证责任,我跟您如实说明一下,不是要为难您。麻烦您帮忙联系一下他,让他尽快跟我们联系。",
    "您看这样行不行:11月2日之前先还一期4450元,通过官方渠道还,他要是实在还不上,再由您先代还,可以吗?",
    "好的,谢谢您,11月2日当天我会再跟您确认一下,再见。",
]


def play(catalog, scenario_id: str, lines: list[str], seed: int = 1) -> tuple[Conversation, list[Reply]]:
    sc = catalog.scenario(scenario_id)
    tp = catalog.third_parties.get(sc.third_party.card) if sc.third_party else None
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed, third_party_card=tp)
    replies = [convo.open()]
    for line in lines:
        if convo.ended:
            break
        replies.append(convo.respond(line))
    return convo, replies


def graded(catalog, scenario_id: str, lines: list[str], seed: int = 1):
    """Play the script, then grade the call the way a finished session is graded."""
    convo, replies = play(catalog, scenario_id, lines, seed)
    turns = [{"speaker": replies[0].speaker, "text": replies[0].text}]
    for line, reply in zip(lines, replies[1:], strict=False):
        turns += [{"speaker": "collector", "text": line},
                  {"speaker": reply.speaker, "text": reply.text, "state": reply.state_dict()}]
    sc = convo.scenario
    transcript = Transcript(turns=turns, scenario=sc.id, archetype=convo.card.archetype, stage=sc.stage,
                            situation=sc.situation, outcome=convo.memory.outcome,
                            objectives=[{"id": o.id, "zh": o.zh} for o in sc.objectives])
    return grade(transcript, catalog.rubric("default"), catalog.rule_packs["cn"]), turns


def categories(result) -> set[str]:
    return {v.category for v in result.violations}


# -- (i) the scenarios -------------------------------------------------------------------------------------------
def test_the_three_scenarios_load_with_the_cards_they_name(catalog):
    friend = catalog.scenario("friend-can-lend")
    assert friend.persona == "promiser" and friend.third_party is None
    colleague = catalog.scenario("colleague-answers")
    assert colleague.situation == "third_party" and colleague.third_party.relation == "同事"
    assert colleague.third_party.card in catalog.third_parties and not colleague.third_party.hands_over
    guarantor = catalog.scenario("guarantor-answers")
    assert guarantor.third_party.card in catalog.third_parties
    for sc in (friend, colleague, guarantor):
        assert "guideline-2026" in sc.tags and sc.trainer_notes and sc.objectives


def test_only_the_guarantor_scenario_puts_the_guarantor_on_the_line(catalog):
    def on_line(scenario_id: str) -> bool:
        sc = catalog.scenario(scenario_id)
        return third_party.is_guarantor(sc.third_party, sc.case_file.guarantor)

    assert on_line("guarantor-answers")
    assert not on_line("colleague-answers") and not on_line("third-party-answers")
    # promiser-m1 has a guarantor on its case file, but nobody but the debtor answers
    assert not on_line("promiser-m1")


# -- (ii) the offline engine ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_asked_what_he_can_pay_the_debtor_offers_to_borrow_from_a_friend_once(catalog, seed):
    convo, replies = play(catalog, "friend-can-lend", FRIEND_SKILLED, seed)
    asked = replies[3]  # "那您这周自己手上能拿出多少?"
    assert "朋友" in asked.text and topics.LOAN_OFFER_LINE.search(asked.text), asked.text
    offers = [r.text for r in replies if topics.LOAN_OFFER_LINE.search(r.text)]
    assert offers == [asked.text]  # said once: after the advice not to borrow, his own pay day
    # An own-income plan (what he can find by Friday), not the borrowed money, is what he agrees to.
    assert convo.memory.outcome in AGREED and convo.memory.agreed_amount == 1200


def test_the_friend_offer_belongs_to_that_case_only(catalog):
    sc = catalog.scenario("promiser-m1")
    hello = f"您好,我是{sc.case_file.lender}贷后服务部的小陈,工号0917,请问是{sc.case_file.debtor_name}先生本人吗?"
    for seed in SEEDS:
        _, replies = play(catalog, "promiser-m1", [hello, "您这周手上能拿出多少?", "那您什么时候能还上?",
                                                   "您现在收入情况怎么样?"], seed)
        assert not any(topics.LOAN_OFFER_LINE.search(r.text) for r in replies), [r.text for r in replies]


@pytest.mark.parametrize("seed", SEEDS)
def test_pushing_him_to_borrow_gets_a_promise_not_a_line_about_fees(catalog, seed):
    _, replies = play(catalog, "friend-can-lend", [*FRIEND_SKILLED[:3], PUSH], seed)
    assert replies[-1].intent != "deception_reaction"
    assert "手续费" not in replies[-1].text and "个人卡" not in replies[-1].text


@pytest.mark.parametrize("seed", SEEDS)
def test_a_discreet_caller_gets_a_callback_from_the_colleague_and_nothing_else(catalog, seed):
    convo, replies = play(catalog, "colleague-answers", COLLEAGUE_SKILLED, seed)
    assert {r.speaker for r in replies} == {"third_party"}  # he never comes to the phone
    assert not {r.intent for r in replies} & {"handover", "disclosure_reaction", "estate_talk", "estate_agree"}
    assert "pass_message" in {r.intent for r in replies}
    assert not convo.memory.disclosed and convo.memory.outcome == "none"


@pytest.mark.parametrize("line", [COLLEAGUE_DISCLOSES, COLLEAGUE_ASKED_TO_PRESS])
def test_telling_the_colleague_or_asking_her_to_press_him_is_resented(catalog, line):
    convo, replies = play(catalog, "colleague-answers", [COLLEAGUE_SKILLED[0], line])
    assert replies[-1].intent == "disclosure_reaction" and convo.memory.disclosed
    assert replies[-1].state.anger > replies[-2].state.anger


@pytest.mark.parametrize("seed", SEEDS)
def test_the_guarantor_confirms_the_guarantee_when_asked_and_settles_a_date(catalog, seed):
    convo, replies = play(catalog, "guarantor-answers", GUARANTOR_SKILLED, seed)
    before, confirmed = replies[1], replies[2]
    assert not read_listener(before.text).guarantor  # not volunteered before the question
    assert confirmed.intent == "curious" and read_listener(confirmed.text).guarantor, confirmed.text
    assert convo.memory.guarantee_confirmed and all(r.guarantor for r in replies)
    # Once confirmed, hearing the debt is news to a liable guarantor, not a disclosure he resents.
    assert replies[3].intent == "disclosure_reaction" and replies[3].state.anger == confirmed.state.anger
    assert convo.memory.outcome == "promise_to_pay" and convo.memory.agreed_amount == 4450


def test_the_guarantor_confirms_nothing_to_a_caller_who_has_not_said_who_they_are(catalog):
    convo, replies = play(catalog, "guarantor-answers", ["喂,冯志刚是吧?你是不是冯志伟那笔贷款的担保人?"])
    assert replies[-1].intent == "ask_who" and not read_listener(replies[-1].text).guarantor
    assert not convo.memory.guarantee_confirmed


def test_the_guarantor_hears_the_debt_before_being_asked_and_bristles(catalog):
    convo, replies = play(catalog, "guarantor-answers", [GUARANTOR_HELLO, GUARANTOR_SKILLED[2]])
    assert replies[-1].intent == "disclosure_reaction" and not convo.memory.guarantee_confirmed
    assert replies[-1].state.anger > replies[-2].state.anger


def test_a_model_voicing_the_guarantor_is_told_he_signed_the_guarantee(catalog):
    from simulator.engine.director import direct
    from simulator.engine.history import Context
    from simulator.engine.prompt import build_messages

    convo, replies = play(catalog, "guarantor-answers", GUARANTOR_SKILLED[:2])
    reply, values = replies[-1], convo.values()
    note = direct(reply, None, values)
    system = build_messages(scenario=convo.scenario, card=convo.card, speaker=reply.speaker, intent=reply.intent,
                            mood=reply.state.mood, note=note, gist=reply.text, values=values,
                            context=Context(summary="", recent=[]), message=GUARANTEE_QUESTION,
                            third_party_card=convo.tp_card)[0]["content"]
    assert "是你做的担保" in system and "借钱、欠钱的任何情况" not in system
    assert "你承认是" in note and "遗产" not in note


# -- (iii) grading -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_advising_against_borrowing_and_agreeing_from_his_own_pay_is_clean(catalog, seed):
    result, _ = graded(catalog, "friend-can-lend", FRIEND_SKILLED, seed)
    assert not result.violations, result.violations
    assert result.passed


@pytest.mark.parametrize("seed", SEEDS)
def test_pushing_him_to_borrow_from_the_friend_is_flagged(catalog, seed):
    result, turns = graded(catalog, "friend-can-lend", [*FRIEND_SKILLED[:3], PUSH], seed)
    hits = [v for v in result.violations if v.rule == "CN-BORROW-TO-REPAY"]
    assert [turns[v.turn]["text"] for v in hits] == [PUSH]
    assert not result.passed


@pytest.mark.parametrize("push", ["好,那您就找朋友借一下,今天把这期结了。", "那您先找朋友借,把这期还上,下个月再还他。",
                                  "你借呗里不是还有额度吗?先借出来把我们这边还了。"])
def test_other_ways_of_pushing_him_to_borrow_are_flagged_too(catalog, push):
    result, _ = graded(catalog, "friend-can-lend", [*FRIEND_SKILLED[:3], push])
    assert "CN-BORROW-TO-REPAY" in {v.rule for v in result.violations}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_callback_request_to_the_colleague_is_clean(catalog, seed):
    result, _ = graded(catalog, "colleague-answers", COLLEAGUE_SKILLED, seed)
    assert not result.violations, result.violations


@pytest.mark.parametrize("line", [COLLEAGUE_DISCLOSES, COLLEAGUE_ASKED_TO_PRESS])
def test_telling_the_colleague_or_asking_her_to_press_him_is_third_party_disclosure(catalog, line):
    result, turns = graded(catalog, "colleague-answers", [COLLEAGUE_SKILLED[0], line])
    hits = [v for v in result.violations if v.category == "third_party_disclosure"]
    assert {turns[v.turn]["text"] for v in hits} == {line}
    assert not result.passed


@pytest.mark.parametrize("seed", SEEDS)
def test_discussing_the_guaranteed_debt_with_the_confirmed_guarantor_is_clean(catalog, seed):
    result, _ = graded(catalog, "guarantor-answers", GUARANTOR_SKILLED, seed)
    assert not result.violations, result.violations
    assert result.passed


def test_naming_the_debt_before_the_guarantee_is_confirmed_is_disclosure(catalog):
    result, turns = graded(catalog, "guarantor-answers", [GUARANTOR_HELLO, GUARANTOR_SKILLED[2]])
    assert [(turns[v.turn]["text"], v.category) for v in result.violations] == [
        (GUARANTOR_SKILLED[2], "third_party_disclosure")]


def test_a_guarantor_who_says_he_signed_the_guarantee_is_read_as_one():
    assert read_listener("对,当时是我签的担保。").guarantor


# -- (iv) the scenarios' own objectives are assessed, not left "not assessed" ------------------------------------
@pytest.mark.parametrize(("scenario_id", "script"), [("friend-can-lend", "FRIEND_SKILLED"),
                                                     ("colleague-answers", "COLLEAGUE_SKILLED"),
                                                     ("guarantor-answers", "GUARANTOR_SKILLED")])
def test_a_skilled_call_meets_every_assessed_objective(catalog, scenario_id, script):
    result, _ = graded(catalog, scenario_id, globals()[script])
    met = {o["id"]: o["met"] for o in result.objectives}
    assert all(v is not False for v in met.values()), met
    assert sum(v is None for v in met.values()) <= 1  # only stay_within_guarantee is a trainer's call


def test_pushing_him_to_borrow_misses_the_borrowing_objectives(catalog):
    result, _ = graded(catalog, "friend-can-lend", [*FRIEND_SKILLED[:3], PUSH])
    met = {o["id"]: o["met"] for o in result.objectives}
    assert (met["no_push_to_borrow"], met["advise_against_borrowing"]) == (False, False)
