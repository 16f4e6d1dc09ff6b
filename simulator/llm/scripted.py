"""A scripted provider for tests and demos: queued replies, recorded calls (like llm's MockModel)."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Iterable

from simulator.llm.base import Completion, Message, ProviderError, Usage, estimate_tokens


class ScriptedProvider:
    name = "scripted"

    def __init__(self, replies: Iterable[str | Exception] = (), model: str = "scripted-1") -> None:
        self.model = model
        self.replies: deque[str | Exception] = deque(replies)
        self.calls: list[dict] = []

    def queue(self, *replies: str | Exception) -> None:
        self.replies.extend(replies)

    def _next(self) -> str:
        if not self.replies:
            raise ProviderError("scripted provider: no reply queued")
        reply = self.replies.popleft()
        if isinstance(reply, Exception):
            raise reply
        return reply

    async def complete(
        self, messages: list[Message], *, temperature: float = 0.7, max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> Completion:
        self.calls.append({"messages": messages, "temperature": temperature, "json_mode": json_mode,
                           "max_tokens": max_tokens})
        text = self._next()
        usage = Usage(
            prompt_tokens=sum(estimate_tokens(m["content"]) for m in messages),
            completion_tokens=estimate_tokens(text),
            estimated=True,
        )
        return Completion(text=text, model=self.model, usage=usage)

    async def stream(
        self, messages: list[Message], *, temperature: float = 0.7, max_tokens: int | None = None,
        usage: Usage | None = None,
    ) -> AsyncIterator[str]:
        self.calls.append({"messages": messages, "temperature": temperature, "stream": True})
        text = self._next()
        for i in range(0, len(text), 3):
            yield text[i : i + 3]
        if usage is not None:
            usage.prompt_tokens = sum(estimate_tokens(m["content"]) for m in messages)
            usage.completion_tokens = estimate_tokens(text)
            usage.estimated = True
