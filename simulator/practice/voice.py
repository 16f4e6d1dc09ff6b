"""Voice the engine's decision through a chat model: prompt, stream, guard, regenerate once, fall back.

The engine has already decided the turn (state, outcome, intent) and produced its own line; that
line is the fallback. The model is asked to say the same thing in character. Whatever happens —
timeout, HTTP error, a stream cut half-way, an out-of-character reply twice — the turn is answered:
by the model when it behaves, else by the offline line, marked as a fallback with a short reason.

No database and no HTTP framework here, so the web service and ``play --provider openai`` share it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field

from simulator.engine import debtor_says, voicing
from simulator.engine.conversation import Conversation, Reply
from simulator.engine.director import direct
from simulator.engine.guard import StreamGuard, Verdict
from simulator.engine.history import Line, trim
from simulator.engine.prompt import build_messages
from simulator.engine.state import AGREED
from simulator.llm.base import ChatProvider, Message, ProviderError, Usage

log = logging.getLogger(__name__)

# Told to the model on the second attempt, so it knows what went wrong (Chinese, like the prompt).
CORRECTIONS: dict[str, str] = {
    "empty": "你什么都没说",
    "mentions_ai": "你提到了AI、模型或扮演",
    "speaks_as_collector": "你替催收员说了话",
    "coaches_collector": "你在指导催收员",
    "not_chinese": "你没有用中文",
    "unearned_agreement": "你答应了还款,但你现在还不会答应",
    "repeats_line": "你把前面说过的话又说了一遍,换个说法,说点新的",
    "runaway_repetition": "你一句话里把同样的词重复了好几遍",
    "misses_agreement": "这一句你要明确答应还款方案",
    "keeps_talking": "这一句你要结束通话,不再往下聊",
    "invented_figure": "你说了对方没提过的金额或日期,只用对方说过的数字",
    "wrong_person": "你说话的身份不对,按你自己的身份说",
}
CHUNK = 2  # characters per token event when the offline line is sent


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Reset:
    """Forget the tokens sent so far (the reply is being regenerated or replaced)."""


@dataclass
class Voiced:
    """The line that answers the turn, and what it cost."""

    text: str
    fallback: bool = False
    fallback_reason: str | None = None
    provider: str | None = None
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    tokens_estimated: bool = False
    latency_ms: int | None = None
    ttft_ms: int | None = None
    attempts: int = 0
    rejected: list[str] = field(default_factory=list)  # the guard's reason for each rejected attempt


VoiceEvent = Token | Reset | Voiced


@dataclass
class Plan:
    """Everything the prompt needs for one line, fixed before the model is asked."""

    convo: Conversation
    reply: Reply
    context_lines: Sequence[Line]
    message: str
    budget: int
    pause_note: str | None = None  # call mode: "the trainee has been silent for N seconds" (engine/call.py)
    max_chars: int = field(init=False)
    names: tuple[str, ...] = field(init=False)
    _decision: voicing.Decision = field(init=False, repr=False)

    def __post_init__(self) -> None:
        sc = self.convo.scenario
        tp = sc.third_party
        self.max_chars = min(self.convo.card.voice.max_chars, 60) if self.reply.speaker == "third_party" else (
            self.convo.card.voice.max_chars)
        names = [sc.case_file.debtor_name]
        if tp is not None:
            names += [tp.name, tp.relation]
        self.names = tuple(names)
        self._decision = self.decision()

    def messages(self, correction: str | None = None) -> list[Message]:
        convo, reply = self.convo, self.reply
        values = convo.values()
        card = None if reply.speaker == "third_party" else convo.card
        return build_messages(
            scenario=convo.scenario,
            card=convo.card,
            speaker=reply.speaker,
            intent=reply.intent,
            mood=reply.state.mood,
            note="\n".join(filter(None, (self.pause_note, direct(reply, card, values)))),
            gist=reply.text,
            values=values,
            context=trim(self.context_lines, self.budget),
            message=self.message,
            third_party_card=convo.tp_card,
            correction=correction,
        )

    def decision(self) -> voicing.Decision:
        """What the line must voice, and what it must not repeat or invent (``engine/voicing.py``)."""
        shown = [m["content"] for m in self.messages()] + [self.reply.text]
        given = set().union(*(debtor_says.figures(text) for text in shown))
        return voicing.Decision(
            earlier=tuple(line.text for line in self.context_lines if line.speaker != "collector"),
            given=frozenset(given),
            agrees_now="agreement" in self.reply.events,
            hangs_up="hung_up" in self.reply.events,
            speaker=self.reply.speaker,
            debtor_name=self.convo.scenario.case_file.debtor_name,
        )

    def guard(self) -> StreamGuard:
        # The engine's own line may commit without an agreement outcome ("月底钱一到我就还"): then so may the model's.
        agreed = self.reply.outcome in AGREED or debtor_says.commits(self.reply.text)
        return StreamGuard(max_chars=self.max_chars, names=self.names, intent=self.reply.intent, agreed=agreed,
                           decision=self._decision)

    @property
    def max_tokens(self) -> int:
        return self.max_chars * 2 + 32


def offline_tokens(text: str) -> list[Token]:
    return [Token(text[i : i + CHUNK]) for i in range(0, len(text), CHUNK)]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


async def voice(provider: ChatProvider, plan: Plan, *, temperature: float = 0.8) -> AsyncIterator[VoiceEvent]:
    """Yield ``Token``/``Reset`` events while the model speaks, and a final ``Voiced``."""
    started = time.perf_counter()
    result = Voiced(text=plan.reply.text, provider=provider.name, model=provider.model)
    prompt_tokens = completion_tokens = 0
    estimated = False
    correction: str | None = None
    problem: str | None = None
    for attempt in (1, 2):
        result.attempts = attempt
        sg = plan.guard()
        usage = Usage()
        shown = False
        failure: str | None = None
        try:
            messages = plan.messages(correction)
            async with aclosing(provider.stream(messages, temperature=temperature, max_tokens=plan.max_tokens,
                                                usage=usage)) as pieces:
                async for piece in pieces:
                    if result.ttft_ms is None:
                        result.ttft_ms = _ms(time.perf_counter() - started)
                    delta = sg.feed(piece)
                    if sg.problem:
                        break
                    if delta:
                        shown = True
                        yield Token(delta)
                    if sg.enough:
                        break
        except ProviderError as exc:
            failure = exc.reason
            log.warning("llm %s %s failed (%s): the offline line answers this turn", provider.name, provider.model,
                        exc.reason)
        except Exception:  # a provider bug must not lose the turn either
            failure = "error"
            log.exception("llm %s %s raised: the offline line answers this turn", provider.name, provider.model)
        prompt_tokens += usage.prompt_tokens or 0
        completion_tokens += usage.completion_tokens or 0
        estimated = estimated or usage.estimated
        if failure is None:
            verdict = Verdict(sg.raw, sg.problem) if sg.problem else sg.finish()
            if verdict.problem is None:
                result.text = verdict.text
                break
            problem = verdict.problem
            result.rejected.append(problem)
            log.info("llm reply out of character (%s) on attempt %d", problem, attempt)
            correction = CORRECTIONS.get(problem, problem)
            if shown:
                yield Reset()
            if attempt == 1:
                continue
            failure = f"out_of_character:{problem}"
        elif shown:
            yield Reset()
        result.fallback = True
        result.fallback_reason = failure
        for token in offline_tokens(plan.reply.text):
            yield token
        break
    result.prompt_tokens = prompt_tokens
    result.completion_tokens = completion_tokens
    result.tokens_estimated = estimated
    result.latency_ms = _ms(time.perf_counter() - started)
    yield result


async def voice_text(provider: ChatProvider, plan: Plan, *, temperature: float = 0.8) -> Voiced:
    """The final line only (the JSON route and the CLI do not stream)."""
    final: Voiced | None = None
    async for event in voice(provider, plan, temperature=temperature):
        if isinstance(event, Voiced):
            final = event
    assert final is not None
    return final
