"""The offline persona engine, per archetype: coping works, hostility backfires, replies vary."""

from __future__ import annotations

import pytest

from simulator.catalog.schema import ARCHETYPES
from simulator.engine.conversation import Conversation
from simulator.engine.memory import Memory
from tests.unit.engine.scripts import coping_script, hostile_script

AGREED = ("promise_to_pay", "payment_plan")


def play(catalog, scenario_id: str, lines: list[str], seed: int = 1) -> tuple[Conversation, list]:
    sc = catalog.scenario(scenario_id)
    tp = catalog.third_parties.get(sc.third_party.card) if sc.third_party else None
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed, third_party_card=tp)
    replies = [convo.open()]
    for line in lines:
        if convo.ended:
            break
        replies.append(convo.respond(line))
    return convo, replies


@pytest.mark.parametrize("stage", ["m1", "m3"])
@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_following_the_seeds_coping_technique_reaches_an_agreement(catalog, archetype, stage):
    scenario_id = f"{archetype}-{stage}"
    for seed in (1, 2, 3):
        convo, replies = play(catalog, scenario_id, coping_script(catalog.scenario(scenario_id)), seed)
        assert convo.memory.outcome in AGREED, (seed, [(r.intent, r.state) for r in replies])
        assert replies[-1].intent in ("agreeing", "plan_agreeing", "confirm_details")


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_threats_and_insults_never_reach_agreement_and_leave_the_debtor_angrier(catalog, archetype):
    scenario_id = f"{archetype}-m1"
    start = catalog.personas[archetype].initial_state.anger
    convo, replies = play(catalog, scenario_id, hostile_script(catalog.scenario(scenario_id)))
    assert convo.memory.outcome in ("hung_up", "refused")
    assert max(r.state.anger for r in replies) > start + 0.2
    assert {r.intent for r in replies} & {"threat_reaction", "insult_reaction", "hanging_up"}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_a_threat_alone_angers_every_archetype(catalog, archetype):
    convo, replies = play(catalog, f"{archetype}-m1", ["您好,我是贷后服务部的小陈。", "再不还钱,小心你家里人出点什么事。"])
    assert replies[-1].intent in ("threat_reaction", "hanging_up")
    assert replies[-1].state.anger >= replies[-2].state.anger + 0.2


def test_offering_a_plan_before_letting_a_provocative_debtor_vent_does_not_close(catalog):
    convo, _ = play(catalog, "provocative-m1", [
        "您好,我是贷后服务部的小陈。",
        "我们可以帮您申请分两期还款,您看每期能承担多少?",
        "那就先还一部分,剩下的下个月还,可以吗?",
    ])
    assert convo.memory.outcome not in AGREED


def test_meeting_a_provocative_debtor_head_on_escalates(catalog):
    convo, replies = play(catalog, "provocative-m1", [
        "您好,我是贷后服务部的小陈。",
        "按照合同约定,逾期信息会如实报送征信系统。",
        "如果一直不还,公司有权依法向法院起诉。",
    ])
    assert replies[-1].state.anger > replies[0].state.anger


def test_a_promiser_names_a_day_when_asked_but_agrees_to_nothing_until_pinned_down(catalog):
    sc = catalog.scenario("promiser-m1")
    convo, replies = play(catalog, "promiser-m1", [
        "您好,我是贷后服务部的小陈。",
        "您看这笔款什么时候能还上?",
        "那您看什么时候能处理一下?",
    ])
    assert convo.memory.outcome == "none"
    # The question is answered, in character, with the case's own date and no invented amount.
    assert replies[-2].intent == "answer_date" and sc.hidden_truth.earliest_date in replies[-2].text
    assert not any(ch.isdigit() for ch in replies[-2].text.replace(sc.hidden_truth.earliest_date, ""))


def test_the_debtor_bargains_when_asked_for_more_than_they_can_find(catalog):
    sc = catalog.scenario("promiser-m1")
    too_much = sc.hidden_truth.can_pay_now * 3
    lines = coping_script(sc)[:3] + [f"那我跟您确认一下:{sc.hidden_truth.earliest_date}前,还款{too_much}元,对吗?"]
    convo, replies = play(catalog, "promiser-m1", lines)
    assert convo.memory.outcome == "none"
    assert replies[-1].intent == "negotiating"


def test_a_caller_who_has_not_identified_themselves_is_challenged(catalog):
    _, replies = play(catalog, "confident-m1", ["你欠的8000块什么时候还?"])
    assert replies[-1].intent == "unidentified"


def test_the_same_seed_replays_identically_and_other_seeds_vary(catalog):
    lines = coping_script(catalog.scenario("stubborn-m1"))
    first = [r.text for r in play(catalog, "stubborn-m1", lines, seed=5)[1]]
    again = [r.text for r in play(catalog, "stubborn-m1", lines, seed=5)[1]]
    assert first == again
    variants = {tuple(r.text for r in play(catalog, "stubborn-m1", lines, seed=s)[1]) for s in range(6)}
    assert len(variants) >= 4


def test_no_line_repeats_within_a_session_while_alternatives_remain(catalog):
    lines = ["您好,我是贷后服务部的小陈。"] + ["那您看什么时候能还?"] * 10 + ["您慢慢说,我在听。"] * 4
    for archetype in ARCHETYPES:
        _, replies = play(catalog, f"{archetype}-m1", lines)
        texts = [r.text for r in replies]
        assert len(texts) == len(set(texts)), (archetype, texts)


def test_the_seven_archetypes_answer_the_same_lines_differently(catalog):
    lines = ["您好,我是贷后服务部的小陈。", "请问是什么原因导致这个月没能按时还款呢?", "那您看什么时候能还?"]
    runs = {a: [r.text for r in play(catalog, f"{a}-m1", lines)[1]] for a in ARCHETYPES}
    for i in range(len(lines) + 1):
        assert len({run[i] for run in runs.values()}) == len(ARCHETYPES)
    intents = {a: play(catalog, f"{a}-m1", lines)[1][2].intent for a in ARCHETYPES}
    assert len(set(intents.values())) >= 4, intents


def test_replies_are_filled_from_the_case_file(catalog):
    sc = catalog.scenario("promiser-m1")
    convo, replies = play(catalog, "promiser-m1", coping_script(sc))
    assert "{" not in "".join(r.text for r in replies)
    assert str(sc.hidden_truth.can_pay_now) in replies[-1].text or sc.hidden_truth.earliest_date in replies[-1].text


def test_a_restored_memory_continues_exactly(catalog):
    sc = catalog.scenario("victim-m1")
    lines = coping_script(sc)
    straight, replies = play(catalog, "victim-m1", lines, seed=9)
    half, first = play(catalog, "victim-m1", lines[:2], seed=9)
    resumed = Conversation(sc, catalog.personas["victim"], seed=9, memory=Memory.from_dict(half.snapshot()))
    rest = [resumed.respond(line) for line in lines[2:]]
    assert [r.text for r in first + rest] == [r.text for r in replies]


# -- third parties (seed 000 situations) ---------------------------------------------------------------
def test_a_discreet_caller_gets_the_borrower_to_the_phone(catalog):
    convo, replies = play(catalog, "third-party-answers", [
        "您好,我是贷后服务部的小陈,工号0917。",
        "不好意思打扰您,麻烦您转告他方便时给我们回个电话,谢谢。",
    ])
    assert replies[0].speaker == "third_party"
    assert replies[-1].intent == "handover" and "handover" in replies[-1].events
    follow = convo.respond("您好,请问是本人吗?")
    assert follow.speaker == "debtor"


def test_disclosing_the_debt_to_a_third_party_is_resented_and_remembered(catalog):
    convo, replies = play(catalog, "third-party-answers", [
        "您好,我是贷后服务部的小陈。",
        "他在我们这借的钱已经逾期40天了,欠了8000多,您让他赶紧还。",
        "麻烦您转告他回个电话。",
    ])
    assert replies[2].intent == "disclosure_reaction"
    assert convo.memory.disclosed
    assert replies[-1].intent == "pass_message"  # no handover after a disclosure


def test_a_bereaved_relative_settles_only_after_condolences_and_documents(catalog):
    convo, replies = play(catalog, "deceased-relative", [
        "您好,我是贷后服务部的小陈,请问是本人吗?",
        "实在抱歉,请您节哀。",
        "方便的话,麻烦您提供一下死亡证明的相关材料,我们好帮您办理后续。",
        "后续可以按遗产范围协商处理,也可以分期,您看这样可以吗?",
    ])
    assert replies[1].intent == "deceased_news"
    assert convo.memory.outcome == "payment_plan"


def test_pressing_a_bereaved_relative_for_money_backfires(catalog):
    convo, replies = play(catalog, "deceased-relative", [
        "您好,我是贷后服务部的小陈,请问是本人吗?",
        "人走了钱也得还,今天必须处理,不然我们就起诉。",
        "您看什么时候能还?",
    ])
    assert convo.memory.outcome != "payment_plan"
    assert replies[-1].state.anger > replies[0].state.anger
