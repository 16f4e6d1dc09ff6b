"""Shared set-ups for the LLM-side engine tests: a conversation a few turns in, and its prompt."""

from __future__ import annotations

from simulator.catalog.loader import Catalog
from simulator.engine.conversation import Conversation, Reply
from simulator.engine.director import direct
from simulator.engine.history import Line, trim
from simulator.engine.prompt import build_messages
from simulator.llm.base import Message

# A scripted collector for long LLM sessions (the 60-turn history test and scripts/bench_llm.py).
COLLECTOR = [
    "您好,我是恒达小贷贷后服务部的小陈,工号0917。",
    "请问是王建军先生本人吗?",
    "王先生,您这期7376元已经逾期8天了,是什么原因呢?",
    "您先别着急,有什么不满您慢慢说,我在听。",
    "我理解您的心情,电话一个接一个确实烦。",
    "逾期记录会按合同报送征信,可能影响您在农行的续贷。",
    "您看10月31日前先还3000元,可以吗?",
]

OPENING_LINES = ["您好,我是恒达小贷贷后服务部的小陈,工号0917。", "请问是王建军先生本人吗?"]


def conversation(catalog: Catalog, scenario_id: str, lines: list[str], seed: int = 7) -> tuple[Conversation, list[Line], Reply]:
    """Play ``lines`` offline; return the conversation, the transcript before the last line, and
    the engine's reply to the last line (the decision the model is asked to voice)."""
    sc = catalog.scenario(scenario_id)
    tp = catalog.third_parties.get(sc.third_party.card) if sc.third_party else None
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed, third_party_card=tp)
    opening = convo.open()
    transcript = [Line(opening.speaker, opening.text)]
    reply = opening
    for i, line in enumerate(lines):
        reply = convo.respond(line)
        if i < len(lines) - 1:
            transcript += [Line("collector", line, tuple(reply.analysis.moves) if reply.analysis else ()),
                           Line(reply.speaker, reply.text)]
    return convo, transcript, reply


def messages_for(convo: Conversation, transcript: list[Line], reply: Reply, message: str,
                 budget: int = 1200, correction: str | None = None) -> list[Message]:
    values = convo.values()
    card = None if reply.speaker == "third_party" else convo.card
    return build_messages(
        scenario=convo.scenario, card=convo.card, speaker=reply.speaker, intent=reply.intent,
        mood=reply.state.mood, note=direct(reply, card, values), gist=reply.text, values=values,
        context=trim(transcript, budget), message=message, third_party_card=convo.tp_card, correction=correction,
    )
