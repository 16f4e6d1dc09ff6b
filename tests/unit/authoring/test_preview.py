"""The persona preview replays a draft card with the practice loop's engine: same replies for the same
seed, the reactions each line set off, a context borrowed from the catalog, and nothing stored."""

from __future__ import annotations

import asyncio

import pytest

from simulator.authoring import preview
from simulator.catalog.loader import Catalog
from simulator.core.errors import InvalidInput, NotFound
from simulator.engine.conversation import Conversation
from simulator.llm.scripted import ScriptedProvider

LINES = [
    "您好,我是安信消费金融的小陈,请问是王建军先生本人吗?",
    "王先生您别急,有什么不满您慢慢说,我在听。",
    "我理解您的难处,换成我也着急。",
]


def test_replay_matches_a_practice_conversation_with_the_same_seed(catalog: Catalog):
    card = catalog.personas["provocative"]
    context = preview.resolve_context(catalog, card, scenario_id="provocative-m1")
    _, result = preview.replay(catalog, card, context, LINES, seed=11)

    convo = Conversation(catalog.scenario("provocative-m1"), card, seed=11)
    assert result.opening.text == convo.open().text
    for line, turn in zip(LINES, result.turns, strict=True):
        reply = convo.respond(line)
        assert (turn.text, turn.intent, turn.state, turn.outcome) == (
            reply.text, reply.intent, reply.state_dict(), reply.outcome)


def test_replay_is_deterministic_and_the_next_line_only_adds_a_turn(catalog: Catalog):
    card = catalog.personas["provocative"]
    context = preview.resolve_context(catalog, card, stage="M1")
    _, two = preview.replay(catalog, card, context, LINES[:2], seed=3)
    _, three = preview.replay(catalog, card, context, LINES, seed=3)
    assert [t.text for t in three.turns[:2]] == [t.text for t in two.turns]
    assert len(three.turns) == 3


def test_each_turn_names_the_reactions_it_set_off(catalog: Catalog):
    card = catalog.personas["provocative"]
    context = preview.resolve_context(catalog, card, stage="M1")
    _, result = preview.replay(catalog, card, context, ["王先生您别急,有什么不满您慢慢说,我在听。"], seed=1)
    fired = {r["on"] for r in result.turns[0].fired}
    assert "listen" in fired
    assert result.turns[0].state["anger"] < card.initial_state.anger


def test_an_edited_draft_card_answers_with_its_own_lines(catalog: Catalog):
    card = catalog.personas["provocative"].model_copy(deep=True)
    card.id = "property-fee"
    card.bank["opening"] = {"any": ["喂,物业费的事是吧?"]}
    context = preview.resolve_context(catalog, card, stage="M3")
    _, result = preview.replay(catalog, card, context, [], seed=5)
    assert result.opening.text == "喂,物业费的事是吧?"
    assert context.stage == "M3" and context.scenario.stage == "M3"
    assert context.based_on in catalog.scenarios  # the case file comes from a real scenario


def test_a_stage_borrows_the_case_file_of_the_same_archetype(catalog: Catalog):
    card = catalog.personas["victim"].model_copy(update={"id": "new-victim"})
    context = preview.resolve_context(catalog, card, stage="M1")
    assert catalog.personas[catalog.scenario(context.based_on).persona].archetype == "victim"
    assert context.scenario.persona == "new-victim"


def test_bad_context_seed_and_lines_are_named(catalog: Catalog):
    card = catalog.personas["provocative"]
    with pytest.raises(InvalidInput, match="stage"):
        preview.resolve_context(catalog, card, stage="M9")
    with pytest.raises(NotFound, match="scenario"):
        preview.resolve_context(catalog, card, scenario_id="no-such-scenario")
    context = preview.resolve_context(catalog, card, stage="M1")
    with pytest.raises(InvalidInput, match="seed"):
        preview.replay(catalog, card, context, [], seed=-1)
    with pytest.raises(InvalidInput, match="text"):
        preview.check_lines(["  "], max_chars=100)
    with pytest.raises(InvalidInput, match="lines"):
        preview.check_lines(["好"] * (preview.MAX_LINES + 1), max_chars=100)


def test_a_hang_up_ends_the_replay(catalog: Catalog):
    card = catalog.personas["provocative"]
    context = preview.resolve_context(catalog, card, stage="M1")
    threats = ["你再不还钱,小心你家里人,我知道你住哪儿"] * 6
    _, result = preview.replay(catalog, card, context, threats, seed=2)
    assert result.ended and result.outcome == "hung_up"
    assert len(result.turns) < len(threats)


def test_the_model_voices_only_the_last_reply_and_falls_back_offline(catalog: Catalog):
    card = catalog.personas["provocative"]
    context = preview.resolve_context(catalog, card, stage="M1")
    convo, result = preview.replay(catalog, card, context, LINES[:2], seed=4)
    offline_last = result.turns[-1].text
    provider = ScriptedProvider(["行吧,你说,我听着呢。"])
    asyncio.run(preview.voice_last(provider, convo, result, budget=1200, temperature=0.8))
    assert result.turns[-1].text == "行吧,你说,我听着呢。" and not result.turns[-1].fallback
    assert result.turns[0].text != "行吧,你说,我听着呢。"
    assert result.provider == provider.name

    convo, result = preview.replay(catalog, card, context, LINES[:2], seed=4)
    broken = ScriptedProvider(["我是一个AI语言模型。", "作为AI助手我不能扮演。"])
    asyncio.run(preview.voice_last(broken, convo, result, budget=1200, temperature=0.8))
    assert result.turns[-1].fallback and result.turns[-1].text == offline_last
