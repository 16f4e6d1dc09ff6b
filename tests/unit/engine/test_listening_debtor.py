"""A debtor who listens (issue 15): agreements are earned by what the collector does, not by words.

* a hollow call — no identity check, no amount, stock empathy said again and again — never gets an
  agreement, whatever the archetype or the seed;
* an impatient, pressuring call never does either;
* direct questions are answered (or dodged in character), with figures only from the case;
* an agreement restates the collector's own concrete offer, and instalments are recorded as a plan.
"""

from __future__ import annotations

import json
import re

import pytest

from simulator.catalog.schema import ARCHETYPES
from simulator.config import PROJECT_ROOT
from tests.unit.engine.test_conversation import AGREED, play

SEEDS = (1, 2, 3)


def hollow_script(name: str) -> list[str]:
    return [
        "您好,打扰您了。",
        "我理解您的心情,我理解您的难处。",
        f"{name[0]}先生,我们可以帮您申请分期,您看怎么样?",
        "我理解您,真的理解,大家都不容易。",
        "那就先这样,您尽快处理一下,好吗?",
        "那就按分期来,您看行吗?",
    ]


def pressuring_script(name: str) -> list[str]:
    return [
        f"喂,{name}是吧?",
        "你这笔钱拖了多久了?今天必须还。",
        "您每次都这么说,到底还不还?",
        "今天之内不还清,我们就走法律程序起诉你。",
        "最后一次机会,今天下班前把钱全部还上。",
        "你到底想怎么样?今天必须给我个准话。",
    ]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_a_hollow_call_never_gets_an_agreement(catalog, archetype):
    sc = catalog.scenario(f"{archetype}-m1")
    for seed in SEEDS:
        convo, replies = play(catalog, sc.id, hollow_script(sc.case_file.debtor_name), seed)
        assert convo.memory.outcome not in AGREED, (seed, [r.text for r in replies])


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_an_impatient_pressuring_call_never_gets_an_agreement(catalog, archetype):
    for stage in ("m1", "m3"):
        sc = catalog.scenario(f"{archetype}-{stage}")
        for seed in SEEDS:
            convo, replies = play(catalog, sc.id, pressuring_script(sc.case_file.debtor_name), seed)
            assert convo.memory.outcome not in AGREED, (stage, seed, [r.text for r in replies])


def _figures(text: str) -> set[int]:
    """Numbers said in ``text`` (2,350 is one number; the 1 of "M1" is a stage name, not a figure)."""
    return {int(n.replace(",", "")) for n in re.findall(r"(?<![A-Za-z])(?:\d{1,3}(?:,\d{3})+|\d+)", text)}


def _case_figures(sc) -> set[int]:
    cf, truth = sc.case_file, sc.hidden_truth
    known = {cf.overdue_amount, cf.principal, cf.days_overdue, truth.can_pay_now}
    for text in (truth.earliest_date, cf.due_date, cf.debtor_name, cf.product, cf.lender,
                 " ".join(str(x) for x in cf.model_dump().values()), truth.real_reason, " ".join(truth.secrets)):
        known |= _figures(str(text))
    return known


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_no_debtor_names_a_figure_nobody_gave(catalog, archetype):
    from tests.unit.engine.scripts import coping_script

    for stage in ("m1", "m3"):
        sc = catalog.scenario(f"{archetype}-{stage}")
        for script in (coping_script(sc), hollow_script(sc.case_file.debtor_name),
                       pressuring_script(sc.case_file.debtor_name)):
            for seed in SEEDS:
                _, replies = play(catalog, sc.id, script, seed)
                said = set().union(*(_figures(line) for line in script)) | _case_figures(sc)
                for reply in replies:
                    invented = _figures(reply.text) - said
                    assert not invented, (sc.id, seed, reply.intent, reply.text)


def test_the_right_question_at_the_right_moment_brings_out_the_hidden_amount(catalog):
    sc = catalog.scenario("stubborn-m1")
    name = sc.case_file.debtor_name
    opened = 0
    for seed in SEEDS:
        _, replies = play(catalog, sc.id, [
            f"您好,我是{sc.case_file.lender}贷后服务部的小陈,工号0917,请问是{name}先生本人吗?麻烦报一下身份证后四位。",
            "请问是什么原因导致这个月没能按时还款呢?",
            f"{name[0]}先生,您慢慢说,我在听。生意不好做,店里营业额掉了这么多,压力确实大。",
            "按时还款能保住您的信用记录,明年开春续贷进货也方便。",
            "您这周手头大概能拿出多少?",
        ], seed)
        last = replies[-1]
        if last.intent == "answer_amount":
            opened += 1
            assert str(sc.hidden_truth.can_pay_now) in last.text
        else:
            assert last.intent in ("dodge", "refusing"), last.intent
    assert opened >= 2


def test_asked_too_early_the_same_question_gets_a_dodge_in_character(catalog):
    sc = catalog.scenario("sophisticated-m3")
    _, replies = play(catalog, sc.id, [
        f"您好,我是{sc.case_file.lender}的小陈,工号0917,请问是{sc.case_file.debtor_name}本人吗?",
        "您现在手上能拿出多少钱?",
    ])
    assert replies[-1].intent == "dodge"
    assert not _figures(replies[-1].text)


def test_an_agreement_restates_the_collectors_own_offer_and_a_plan_is_a_plan(catalog):
    sc = catalog.scenario("victim-m1")
    cf, truth = sc.case_file, sc.hidden_truth
    from tests.unit.engine.scripts import coping_script

    lines = coping_script(sc)[:-1] + [
        f"那我们就分两期:第一期{truth.earliest_date}前通过官方APP先还{truth.can_pay_now}元,剩下的下个月再还,您看行吗?"]
    agreed = 0
    for seed in SEEDS:
        convo, replies = play(catalog, sc.id, lines, seed)
        if convo.memory.outcome in AGREED:
            agreed += 1
            assert convo.memory.outcome == "payment_plan"
            assert convo.memory.agreed_amount == truth.can_pay_now
            assert convo.memory.agreed_date == truth.earliest_date
    assert agreed >= 2, cf.debtor_name


def test_two_options_offered_get_a_choice(catalog):
    sc = catalog.scenario("promiser-m1")
    _, replies = play(catalog, sc.id, [
        f"您好,我是{sc.case_file.lender}的小陈,工号0917,请问是{sc.case_file.debtor_name}本人吗?麻烦报一下身份证后四位。",
        "您看是一次性还清,还是分两期还?",
    ])
    assert replies[-1].intent == "answer_choice"


def test_the_conversation_state_is_saved_with_the_session_and_resumes_identically(catalog):
    from simulator.engine.conversation import Conversation
    from simulator.engine.memory import Memory
    from tests.unit.engine.scripts import coping_script

    sc = catalog.scenario("stubborn-m1")
    lines = coping_script(sc)
    card = catalog.personas[sc.persona]
    whole = Conversation(sc, card, seed=4)
    whole.open()
    straight = [whole.respond(line).text for line in lines]
    part = Conversation(sc, card, seed=4)
    part.open()
    resumed = []
    for line in lines:
        saved = Memory.from_dict(part.snapshot())
        part = Conversation(sc, card, seed=4, memory=saved)  # a restart between every turn
        resumed.append(part.respond(line).text)
    assert resumed == straight
    assert whole.call_state.to_dict() == part.call_state.to_dict()
    assert whole.call_state.identity in ("verified", "confirmed_name")


def test_a_debtor_in_despair_is_calmed_by_a_safety_first_reply_and_hurt_by_a_brush_off(catalog):
    from simulator.engine.conversation import Conversation

    sc = catalog.scenario("victim-m1")
    card = catalog.personas[sc.persona]

    def after(reply: str):
        convo = Conversation(sc, card, seed=1)
        convo.open()
        convo.respond(f"您好,我是{sc.case_file.lender}的小陈,工号0917,请问是{sc.case_file.debtor_name}本人吗?")
        convo.memory.heard = "我真不想活了,什么都没了……"  # what she just said
        before = convo.memory.state
        return before, convo.respond(reply).state

    before, cared = after("您先别这么想,钱的事先放一放。您现在身边有家人陪着吗?")
    _, brushed = after("别说这些没用的,钱什么时候还?")
    assert cared.anger < before.anger and cared.trust > before.trust
    assert brushed.anger > cared.anger + 0.2 and brushed.trust < cared.trust


def test_seeds_vary_behaviour_not_only_wording(catalog):
    """The same call moves two debtors of one archetype differently (each seed has its own temper),
    and at the margin that changes what they do."""
    from tests.unit.engine.scripts import coping_script

    sc = catalog.scenario("stubborn-m1")
    finals = {play(catalog, sc.id, coping_script(sc), seed)[1][-1].state for seed in range(1, 9)}
    assert len(finals) >= 4
    data = json.loads((PROJECT_ROOT / "tests/data/tune/coping_paraphrases_tune.json").read_text("utf-8"))
    outcomes = {tuple(play(catalog, sid, script, seed)[0].memory.outcome in AGREED for seed in SEEDS)
                for sid, scripts in data.items() if ":" not in sid for script in scripts}
    assert any(0 < sum(o) < 3 for o in outcomes)  # some calls succeed with one debtor and not another


def test_a_name_check_then_a_request_for_id_digits_gets_the_digits(catalog):
    sc = catalog.scenario("victim-m1")
    convo, replies = play(catalog, sc.id, [
        f"您好,我是{sc.case_file.lender}的小陈,工号0917,请问是{sc.case_file.debtor_name}女士吗?",
        "麻烦您再报一下身份证后四位,核实一下身份。",
    ])
    assert replies[-1].text.startswith(sc.case_file.id_last4)
    assert convo.call_state.verified


def test_checking_the_bills_due_date_and_amount_is_not_an_offer(catalog):
    from simulator.analysis import analyze

    assert analyze("是10月9号到期的那期2842元,对吧?").reading.offer is None
    assert analyze("那就10月30号前先还1000元,对吧?").reading.offer is not None


def test_bank_lines_that_assume_another_debtors_life_do_not_come_up(catalog):
    from simulator.engine import topics

    victim_m3 = catalog.scenario("victim-m3")
    truth, cf = victim_m3.hidden_truth, victim_m3.case_file
    case = topics.case_text(cf.occupation, cf.notes, cf.product, truth.real_reason, " ".join(truth.secrets))
    assert not topics.fits_case("那批菜全烂了,一分都没卖出去,我只能把店关了……", case) or "菜" in case
    assert topics.fits_case("说出来您可能不信,这几个月就没一件顺心的事……", case)
    assert not topics.fits_case("你们风控这套我懂,一进M1就打电话,KPI嘛,不怪你。", case)


def test_a_card_written_before_the_answer_intents_still_answers(catalog):
    from simulator.engine.conversation import Conversation

    sc = catalog.scenario("promiser-m1")
    card = catalog.personas[sc.persona]
    old_bank = {k: v for k, v in card.bank.items() if not k.startswith("answer_") and k not in ("choose_full", "dodge")}
    old_card = card.model_copy(update={"bank": old_bank})
    convo = Conversation(sc, old_card, seed=1)
    convo.open()
    convo.respond(f"您好,我是{sc.case_file.lender}的小陈,工号0917,请问是{sc.case_file.debtor_name}本人吗?麻烦报一下身份证后四位。")
    reply = convo.respond("您这笔款什么时候能还上?")
    assert reply.intent == "answer_date" and sc.hidden_truth.earliest_date in reply.text
