"""Any OpenAI-compatible chat server: OpenAI, DeepSeek, Qwen (DashScope), vLLM, Ollama, llama.cpp.

The only module that imports ``openai`` (house rule 5). It owns the transport concerns so callers
do not have to: connect and read timeouts, exactly one retry with backoff (the SDK's own retries are
off, so "one retry" means one), servers that reject ``stream_options`` or ``response_format``, usage
that never arrives, and streams that stop half-way. Every failure surfaces as ``ProviderError``
with a short ``reason`` code; the caller (the voice service) falls back to the offline engine.

The API key is only handed to the SDK; it never appears in a log line or an error message
(``_redact`` scrubs any text that could echo it back from a server).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import Any, TypeVar

import openai
from openai import AsyncOpenAI

from simulator.llm.base import Completion, Message, ProviderError, Usage, estimate_tokens

log = logging.getLogger(__name__)
T = TypeVar("T")

# Worth one more try: the server may be momentarily busy or the network hiccuped.
RETRYABLE = frozenset({"timeout", "connection", "rate_limited", "http_500", "http_502", "http_503", "http_504"})
# Local servers (Ollama, llama.cpp, vLLM) accept any key but the SDK insists on one.
PLACEHOLDER_KEY = "not-needed"  # not a secret: sent only when no key is set


class OpenAIProvider:
    """A ``ChatProvider`` for an OpenAI-compatible ``/v1/chat/completions`` endpoint."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 1,
        backoff: float = 0.5,
    ) -> None:
        self.model = model
        self.base_url = base_url or "https://api.openai.com/v1"
        self.retries = retries
        self.backoff = backoff
        self._secret = api_key or ""
        self._client = AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_KEY,
            base_url=self.base_url,
            timeout=openai.Timeout(read_timeout, connect=connect_timeout),
            max_retries=0,  # we retry ourselves, exactly once
        )
        # Learned per server: older vLLM / some gateways answer 400 to these, so we stop sending them.
        self._send_stream_options = True
        self._send_json_format = True

    async def aclose(self) -> None:
        await self._client.close()

    # -- the protocol ----------------------------------------------------------------------------
    async def complete(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> Completion:
        started = time.perf_counter()
        response = await self._retrying(lambda: self._create(messages, temperature, max_tokens, json_mode=json_mode))
        try:
            choice = response.choices[0]
            text = choice.message.content or ""
        except (AttributeError, IndexError, TypeError) as exc:
            raise ProviderError(f"{self.name} {self.model}: response without a message", reason="bad_response") from exc
        usage = _usage_of(getattr(response, "usage", None))
        if usage.prompt_tokens is None or usage.completion_tokens is None:
            usage = _estimated(messages, text)
        return Completion(
            text=text,
            model=getattr(response, "model", None) or self.model,
            usage=usage,
            latency_ms=(time.perf_counter() - started) * 1000,
        )

    async def stream(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        usage: Usage | None = None,
    ) -> AsyncIterator[str]:
        """Yield content pieces. Retries once only before the first piece: text already shown to a
        trainee cannot be taken back by a retry, so a later break is the caller's to handle."""
        parts: list[str] = []
        attempt = 0
        completed = False
        try:
            while True:
                try:
                    async with aclosing(self._stream_once(messages, temperature, max_tokens, usage)) as pieces:
                        async for piece in pieces:
                            parts.append(piece)
                            yield piece
                    completed = True
                    return
                except ProviderError as exc:
                    if parts or attempt >= self.retries or exc.reason not in RETRYABLE:
                        raise
                    attempt += 1
                    log.warning("llm %s: %s; retrying once in %.2fs", self.model, exc.reason, self.backoff * attempt)
                    await asyncio.sleep(self.backoff * attempt)
        finally:
            # The caller may stop early (reply long enough, out of character) or the stream may break
            # after some text: estimate what was used. A request that produced nothing costs nothing.
            missing = usage is not None and (usage.prompt_tokens is None or usage.completion_tokens is None)
            if usage is not None and missing and (parts or completed):
                est = _estimated(messages, "".join(parts))
                usage.prompt_tokens, usage.completion_tokens, usage.estimated = (
                    est.prompt_tokens, est.completion_tokens, True)

    # -- internals -------------------------------------------------------------------------------
    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            try:
                return await call()
            except ProviderError as exc:
                if attempt >= self.retries or exc.reason not in RETRYABLE:
                    raise
                attempt += 1
                log.warning("llm %s: %s; retrying once in %.2fs", self.model, exc.reason, self.backoff * attempt)
                await asyncio.sleep(self.backoff * attempt)

    async def _create(
        self, messages: list[Message], temperature: float, max_tokens: int | None, *, json_mode: bool = False,
        stream: bool = False,
    ) -> Any:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": temperature}
        if max_tokens:
            kwargs["max_tokens"] = max_tokens
        optional: str | None = None
        if stream:
            kwargs["stream"] = True
            if self._send_stream_options:
                kwargs["stream_options"] = {"include_usage": True}
                optional = "stream_options"
        elif json_mode and self._send_json_format:
            kwargs["response_format"] = {"type": "json_object"}
            optional = "response_format"
        try:
            return await self._client.chat.completions.create(**kwargs)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            if optional is None or optional not in str(exc):
                raise self._error(exc) from exc
            # The server does not know the optional parameter: drop it for good and ask again.
            log.info("llm %s: server refused %s; continuing without it", self.model, optional)
            if optional == "stream_options":
                self._send_stream_options = False
            else:
                self._send_json_format = False
            kwargs.pop(optional)
            try:
                return await self._client.chat.completions.create(**kwargs)
            except Exception as again:  # every failure becomes a ProviderError
                raise self._error(again) from again
        except Exception as exc:
            raise self._error(exc) from exc

    async def _stream_once(
        self, messages: list[Message], temperature: float, max_tokens: int | None, usage: Usage | None
    ) -> AsyncIterator[str]:
        response = await self._create(messages, temperature, max_tokens, stream=True)
        finished = False
        received = False
        server_usage: Any = None
        try:
            async for chunk in response:
                if getattr(chunk, "usage", None) is not None:
                    server_usage = chunk.usage
                for choice in getattr(chunk, "choices", None) or ():
                    delta = getattr(choice, "delta", None)
                    content = getattr(delta, "content", None) if delta is not None else None
                    if content:
                        received = True
                        yield content
                    if getattr(choice, "finish_reason", None):
                        finished = True
        except ProviderError:
            raise
        except Exception as exc:  # cut connections, read timeouts, malformed chunks
            err = self._error(exc)
            if received and err.reason != "timeout":
                err.reason = "stream_broken"
            raise err from exc
        finally:
            await _close_quietly(response)
        if not finished:
            # A close-delimited response cut mid-way looks like a normal end to the SSE reader; a
            # reply the server did not finish is a broken stream, not a short answer.
            raise ProviderError(f"{self.name} {self.model}: stream ended before the reply finished",
                                reason="stream_broken" if received else "bad_response")
        if usage is not None:
            got = _usage_of(server_usage)
            if got.prompt_tokens is not None and got.completion_tokens is not None:
                usage.prompt_tokens, usage.completion_tokens, usage.estimated = (
                    got.prompt_tokens, got.completion_tokens, False)

    def _error(self, exc: BaseException) -> ProviderError:
        if isinstance(exc, ProviderError):
            return exc
        if isinstance(exc, openai.APITimeoutError):
            reason = "timeout"
        elif isinstance(exc, openai.APIConnectionError):
            reason = "connection"
        elif isinstance(exc, openai.RateLimitError):
            reason = "rate_limited"
        elif isinstance(exc, openai.APIStatusError):
            reason = f"http_{exc.status_code}"
        elif isinstance(exc, ValueError | TypeError | AttributeError | KeyError):
            reason = "bad_response"
        else:
            reason = "error"
        detail = self._redact(str(exc))[:200]
        return ProviderError(f"{self.name} {self.model}: {reason} ({type(exc).__name__}: {detail})", reason=reason)

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text


async def _close_quietly(response: Any) -> None:
    close = getattr(response, "close", None)
    if close is None:
        return
    try:
        await close()
    except Exception:  # closing a dead connection must not mask the real error
        log.debug("closing an llm stream failed", exc_info=True)


def _usage_of(raw: Any) -> Usage:
    if raw is None:
        return Usage()
    prompt = getattr(raw, "prompt_tokens", None)
    completion = getattr(raw, "completion_tokens", None)
    return Usage(
        prompt_tokens=prompt if isinstance(prompt, int) else None,
        completion_tokens=completion if isinstance(completion, int) else None,
    )


def _estimated(messages: list[Message], text: str) -> Usage:
    return Usage(
        prompt_tokens=sum(estimate_tokens(m.get("content", "")) for m in messages),
        completion_tokens=estimate_tokens(text) if text else 0,
        estimated=True,
    )


# == Speech (call mode, issue 7) =========================================================================
# ``/v1/audio/transcriptions`` and ``/v1/audio/speech`` on the same OpenAI-compatible server and key as
# the chat model. Kept apart from the chat adapter above: its own client, the same error reasons, one retry.


def _speech_reason(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError):
        return f"http_{exc.status_code}"
    if isinstance(exc, ValueError | TypeError | AttributeError | KeyError):
        return "bad_response"
    return "error"


class OpenAISpeech:
    """A ``SpeechProvider`` (``simulator/llm/speech.py``): Whisper-style transcription and TTS."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        stt_model: str | None = None,
        tts_model: str | None = None,
        audio_format: str = "mp3",
        language: str = "zh",
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        retries: int = 1,
        backoff: float = 0.3,
    ) -> None:
        self.stt_model = stt_model
        self.tts_model = tts_model
        self.audio_format = audio_format
        self.language = language
        self.retries = retries
        self.backoff = backoff
        self._secret = api_key or ""
        self._client = AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_KEY,
            base_url=base_url or "https://api.openai.com/v1",
            timeout=openai.Timeout(read_timeout, connect=connect_timeout),
            max_retries=0,
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def transcribe(self, audio: bytes, mime: str) -> str:
        """The recognised text of one utterance (``mime`` e.g. audio/webm, audio/ogg, audio/wav)."""
        if not self.stt_model:
            raise ProviderError("speech: no transcription model is configured", reason="not_configured")
        model = self.stt_model
        ext = mime.split("/")[-1].split(";")[0] or "webm"
        result = await self._speech_call(lambda: self._client.audio.transcriptions.create(
            model=model, file=(f"speech.{ext}", audio, mime), language=self.language))
        text = getattr(result, "text", None)
        if not isinstance(text, str):
            raise ProviderError("speech: transcription without text", reason="bad_response")
        return text.strip()

    async def speak(self, text: str, voice: str, *, speed: float = 1.0) -> bytes:
        """Audio of ``text`` in ``audio_format`` (mp3 by default)."""
        if not self.tts_model:
            raise ProviderError("speech: no speech model is configured", reason="not_configured")
        model = self.tts_model
        response = await self._speech_call(lambda: self._client.audio.speech.create(
            model=model, voice=voice, input=text, response_format=self.audio_format,  # type: ignore[arg-type]
            speed=speed))
        data = getattr(response, "content", None)
        if not isinstance(data, bytes | bytearray) or not data:
            raise ProviderError("speech: empty audio", reason="bad_response")
        return bytes(data)

    async def _speech_call(self, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            try:
                return await call()
            except Exception as exc:  # every failure becomes a ProviderError with a short reason
                reason = _speech_reason(exc)
                if attempt >= self.retries or reason not in RETRYABLE:
                    detail = str(exc).replace(self._secret, "***") if self._secret else str(exc)
                    raise ProviderError(f"speech: {reason} ({type(exc).__name__}: {detail[:200]})",
                                        reason=reason) from exc
                attempt += 1
                log.warning("speech: %s; retrying once in %.2fs", reason, self.backoff * attempt)
                await asyncio.sleep(self.backoff * attempt)
