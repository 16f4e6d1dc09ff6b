"""Call mode (issue 7): silence on the line, hanging up, and turns that make the debtor cut in."""

from __future__ import annotations

import pytest

from simulator.analysis import analyze
from simulator.catalog.schema import ARCHETYPES
from simulator.engine.call import SILENCE_ANGER, SILENCE_HANG_UP_STREAK, provoked
from simulator.engine.conversation import Conversation
from simulator.engine.memory import Memory
from simulator.engine.state import State

HELLO = "您好,我是安信消费金融贷后服务部的小陈,工号0917。"
THREAT = "再不还钱,小心你家里人出点什么事。"


def conversation(catalog, scenario_id: str, seed: int = 1) -> Conversation:
    sc = catalog.scenario(scenario_id)
    tp = catalog.third_parties.get(sc.third_party.card) if sc.third_party else None
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed, third_party_card=tp)
    convo.open()
    return convo


def lines_of(bank, intent: str) -> set[str]:
    return {line for lines in bank.get(intent, {}).values() for line in lines}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_a_first_silence_draws_a_line_in_the_archetypes_voice_and_changes_nothing(catalog, archetype):
    convo = conversation(catalog, f"{archetype}-m1")
    before = convo.memory.state
    reply = convo.silence()
    assert reply.intent == "silence" and reply.speaker == "debtor"
    assert reply.text in lines_of(catalog.personas[archetype].bank, "silence")
    assert reply.state == before and reply.outcome == "none" and not reply.ended
    assert reply.events == ("silence",)
    assert convo.memory.turn == 0  # a silence is not a collector turn


def test_every_card_has_four_to_six_silence_lines_and_no_two_cards_share_one(catalog):
    seen: set[str] = set()
    banks = [card.bank for card in catalog.personas.values()] + [tp.bank for tp in catalog.third_parties.values()]
    for bank in banks:
        lines = lines_of(bank, "silence")
        assert 4 <= len(lines) <= 6
        assert not lines & seen
        seen |= lines


def test_repeated_silences_slowly_raise_anger(catalog):
    convo = conversation(catalog, "victim-m1")
    start = convo.memory.state.anger
    convo.silence()
    convo.respond(HELLO)
    after_hello = convo.memory.state.anger
    second = convo.silence()
    assert second.state.anger == pytest.approx(after_hello + SILENCE_ANGER)
    assert second.state.anger < start + 0.2  # slowly
    assert second.intent == "silence" and not second.ended


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_the_third_silence_in_a_row_hangs_up(catalog, archetype):
    convo = conversation(catalog, f"{archetype}-m1")
    replies = [convo.silence() for _ in range(SILENCE_HANG_UP_STREAK)]
    assert [r.ended for r in replies] == [False, False, True]
    last = replies[-1]
    assert last.intent == "hanging_up" and last.outcome == "hung_up"
    assert last.events == ("silence", "hung_up")
    assert last.text in lines_of(catalog.personas[archetype].bank, "hanging_up")
    assert convo.ended
    with pytest.raises(RuntimeError):
        convo.silence()
    with pytest.raises(RuntimeError):
        convo.respond(HELLO)


def test_speaking_between_silences_resets_the_streak(catalog):
    convo = conversation(catalog, "promiser-m1")
    convo.silence()
    convo.silence()
    convo.respond(HELLO)
    reply = convo.silence()
    assert not reply.ended and reply.intent == "silence"
    assert convo.memory.silences == 3 and convo.memory.quiet_streak == 1


def test_a_silence_when_anger_is_at_the_edge_ends_the_call(catalog):
    convo = conversation(catalog, "provocative-m1")
    limit = catalog.personas["provocative"].thresholds.hang_up_anger
    convo.silence()  # the first one is free
    convo.memory.state = State(anger=limit - SILENCE_ANGER / 2, trust=0.2, willingness=0.3)
    reply = convo.silence()
    assert reply.ended and reply.intent == "hanging_up"


def test_a_third_party_checks_the_line_then_hangs_up_in_their_own_words(catalog):
    convo = conversation(catalog, "third-party-answers")
    tp_bank = catalog.third_parties["third_party"].bank
    replies = [convo.silence() for _ in range(3)]
    assert all(r.speaker == "third_party" for r in replies)
    assert {r.text for r in replies[:2]} <= {
        line.replace("{name}", convo.scenario.case_file.debtor_name) for line in lines_of(tp_bank, "silence")}
    assert replies[-1].intent == "hanging_up" and replies[-1].ended
    assert replies[-1].text in {
        line.replace("{name}", convo.scenario.case_file.debtor_name) for line in lines_of(tp_bank, "hanging_up")}


def test_silences_are_deterministic_and_survive_a_restart(catalog):
    a = conversation(catalog, "evasive-m1", seed=5)
    b = conversation(catalog, "evasive-m1", seed=5)
    first = a.silence()
    assert first.text == b.silence().text
    sc = catalog.scenario("evasive-m1")
    resumed = Conversation(sc, catalog.personas["evasive"], seed=5, memory=Memory.from_dict(a.snapshot()))
    assert resumed.memory.silences == 1 and resumed.memory.quiet_streak == 1
    assert resumed.silence().text == b.silence().text


def test_old_snapshots_without_the_silence_counters_still_load(catalog):
    convo = conversation(catalog, "stubborn-m1")
    data = convo.snapshot()
    data.pop("silences")
    data.pop("quiet_streak")
    assert Memory.from_dict(data).silences == 0


# -- hang-up on anger ----------------------------------------------------------------------------------
@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_threats_push_anger_over_the_threshold_and_the_debtor_hangs_up(catalog, archetype):
    convo = conversation(catalog, f"{archetype}-m1")
    limit = catalog.personas[archetype].thresholds.hang_up_anger
    reply = None
    for _ in range(8):
        reply = convo.respond(THREAT)
        if reply.ended:
            break
    assert reply is not None and reply.ended
    assert reply.state.anger >= limit
    assert reply.intent == "hanging_up" and "hung_up" in reply.events and reply.outcome == "hung_up"


# -- interrupts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [THREAT, "你这种老赖就是不要脸,废物一个!"])
def test_threats_and_insults_make_the_debtor_cut_in(text):
    assert provoked(analyze(text).categories)


@pytest.mark.parametrize("text", [
    HELLO,
    "按照合同约定,逾期信息会如实报送征信系统。",
    "如果一直不还,公司有权依法向法院起诉。",
    "我理解您的心情,您慢慢说。",
])
def test_lawful_or_polite_turns_are_waited_out(text):
    assert not provoked(analyze(text).categories)
