"""The provider protocol every chat model implements (design §8, house rule 5).

Small on purpose, like simonw's ``llm`` plugins: stream tokens for the persona, complete a whole
reply for the judge. Only ``openai_provider.py`` knows about the ``openai`` SDK.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": str}


class ProviderError(Exception):
    """The model could not answer (timeout, connection, bad response); callers fall back.

    ``reason`` is a short code stored with a fallback turn ("timeout", "connection", "http_500",
    "rate_limited", "stream_broken", "bad_response", "error"): never the server's text, which could
    echo a key or a prompt.
    """

    def __init__(self, message: str, *, reason: str = "error") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    estimated: bool = False  # True when the server sent no usage and we estimated


@dataclass
class Completion:
    text: str
    model: str
    usage: Usage = field(default_factory=Usage)
    latency_ms: float = 0.0
    raw: dict[str, Any] | None = None


@runtime_checkable
class ChatProvider(Protocol):
    """A chat model. ``name`` is e.g. "openai" or "scripted"; ``model`` the model id."""

    name: str
    model: str

    async def complete(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> Completion: ...

    def stream(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        usage: Usage | None = None,
    ) -> AsyncIterator[str]: ...


def estimate_tokens(text: str) -> int:
    """Rough token count when a server reports no usage: ~1 token per CJK char, ~4 chars per token else."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk + max(0, len(text) - cjk) // 4 + 1
