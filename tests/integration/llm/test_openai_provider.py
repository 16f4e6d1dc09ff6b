"""The OpenAI adapter against a real HTTP server on loopback (no network, no patched imports)."""

from __future__ import annotations

import asyncio
import time

import pytest

from simulator.llm.base import ChatProvider, ProviderError, Usage
from simulator.llm.openai_provider import OpenAIProvider
from tests.fakes.openai_server import FakeOpenAI, Reply

MESSAGES = [{"role": "system", "content": "你是王建军。"}, {"role": "user", "content": "<collector>您好</collector>"}]


def provider(fake: FakeOpenAI, **kw) -> OpenAIProvider:
    opts = {"model": "fake-model", "base_url": fake.url, "api_key": "sk-test-123", "read_timeout": 2.0,
            "connect_timeout": 1.0, "backoff": 0.01, **kw}
    return OpenAIProvider(**opts)


async def collect(p: OpenAIProvider, usage: Usage | None = None, **kw) -> list[str]:
    try:
        return [piece async for piece in p.stream(MESSAGES, usage=usage, **kw)]
    finally:
        await p.aclose()


def run(coro):
    return asyncio.run(coro)


def test_it_implements_the_protocol(fake):
    assert isinstance(provider(fake), ChatProvider)


def test_stream_yields_pieces_and_reads_the_final_usage_chunk(fake):
    fake.queue(Reply(text="喂?哪位啊?我在忙。"))
    usage = Usage()
    pieces = run(collect(provider(fake), usage))
    assert "".join(pieces) == "喂?哪位啊?我在忙。"
    assert len(pieces) > 1  # streamed, not one blob
    sent = fake.chat_requests()[0]
    assert sent["stream"] is True and sent["stream_options"] == {"include_usage": True}
    assert sent["messages"] == MESSAGES and sent["model"] == "fake-model"
    assert usage.completion_tokens == len("喂?哪位啊?我在忙。") and usage.prompt_tokens and not usage.estimated
    assert fake.requests[0].headers["authorization"] == "Bearer sk-test-123"


def test_stream_without_usage_estimates_and_flags_it(fake):
    fake.queue(Reply(text="行了行了,知道了。", usage=False))
    usage = Usage()
    run(collect(provider(fake), usage))
    assert usage.estimated and usage.prompt_tokens and usage.completion_tokens


def test_a_server_that_rejects_stream_options_is_asked_again_without_them(fake):
    fake.reject_params = ("stream_options",)
    p = provider(fake)

    async def twice() -> tuple[str, str]:
        a = "".join([x async for x in p.stream(MESSAGES, usage=Usage())])
        b = "".join([x async for x in p.stream(MESSAGES, usage=Usage())])
        await p.aclose()
        return a, b

    assert run(twice()) == ("喂?哪位啊?", "喂?哪位啊?")
    sent = fake.chat_requests()
    assert ["stream_options" in r for r in sent] == [True, False, False]  # learned after the first refusal


def test_a_500_is_retried_once_then_succeeds(fake):
    fake.queue(Reply(status=500), "好吧,你说。")
    assert "".join(run(collect(provider(fake)))) == "好吧,你说。"
    assert len(fake.chat_requests()) == 2


def test_a_429_is_retried_once(fake):
    fake.queue(Reply(status=429), "嗯。")
    assert "".join(run(collect(provider(fake)))) == "嗯。"


def test_a_timeout_raises_provider_error_after_exactly_one_retry(fake):
    fake.default = Reply(delay=0.6)
    started = time.perf_counter()
    with pytest.raises(ProviderError) as err:
        run(collect(provider(fake, read_timeout=0.2)))
    assert err.value.reason == "timeout"
    assert len(fake.chat_requests()) == 2
    assert time.perf_counter() - started < 2.0


def test_a_connection_refused_is_a_provider_error(fake):
    url = fake.url
    fake.stop()
    p = OpenAIProvider(model="m", base_url=url, api_key="sk-x", connect_timeout=0.5, read_timeout=0.5, backoff=0.01)
    with pytest.raises(ProviderError) as err:
        run(collect(p))
    assert err.value.reason == "connection"


def test_a_400_is_not_retried(fake):
    fake.queue(Reply(status=400))
    with pytest.raises(ProviderError) as err:
        run(collect(provider(fake)))
    assert err.value.reason == "http_400" and len(fake.chat_requests()) == 1


def test_a_stream_cut_mid_way_is_a_broken_stream_and_not_retried(fake):
    fake.queue(Reply(text="我跟你说,你们这样天天打电话", cut_after=3))
    got: list[str] = []

    async def go() -> None:
        p = provider(fake)
        try:
            async for piece in p.stream(MESSAGES):
                got.append(piece)
        finally:
            await p.aclose()

    with pytest.raises(ProviderError) as err:
        run(go())
    assert err.value.reason == "stream_broken"
    assert "".join(got) == "我跟你说,你"
    assert len(fake.chat_requests()) == 1  # text already shown cannot be retried


def test_a_stream_that_ends_without_finishing_is_broken(fake):
    fake.queue(Reply(text="我跟你说,你们这样", end_after=2))
    with pytest.raises(ProviderError) as err:
        run(collect(provider(fake)))
    assert err.value.reason == "stream_broken"


def test_a_malformed_chunk_is_a_provider_error(fake):
    fake.queue(Reply(text="我跟你说,你们这样", malformed_after=1))
    with pytest.raises(ProviderError) as err:
        run(collect(provider(fake)))
    assert err.value.reason in ("stream_broken", "bad_response")


def test_a_stalled_stream_times_out(fake):
    fake.queue(Reply(text="我跟你说,你们这样", chunk_delay=0.8))
    with pytest.raises(ProviderError) as err:
        run(collect(provider(fake, read_timeout=0.2)))
    assert err.value.reason == "timeout"


def test_complete_returns_text_usage_and_latency(fake):
    fake.queue('{"ok": true}')

    async def go():
        p = provider(fake)
        try:
            return await p.complete(MESSAGES, temperature=0, json_mode=True)
        finally:
            await p.aclose()

    done = run(go())
    assert done.text == '{"ok": true}' and done.model == "fake-model"
    assert done.usage.prompt_tokens and not done.usage.estimated and done.latency_ms > 0
    sent = fake.chat_requests()[0]
    assert sent["temperature"] == 0 and sent["response_format"] == {"type": "json_object"}
    assert "stream" not in sent


def test_complete_without_json_mode_support_falls_back_to_plain(fake):
    fake.reject_params = ("response_format",)
    fake.queue('{"ok": true}')

    async def go():
        p = provider(fake)
        try:
            return await p.complete(MESSAGES, temperature=0, json_mode=True)
        finally:
            await p.aclose()

    assert run(go()).text == '{"ok": true}'


def test_complete_timeout_after_one_retry(fake):
    fake.default = Reply(delay=0.6)

    async def go():
        p = provider(fake, read_timeout=0.2)
        try:
            return await p.complete(MESSAGES)
        finally:
            await p.aclose()

    with pytest.raises(ProviderError) as err:
        run(go())
    assert err.value.reason == "timeout" and len(fake.chat_requests()) == 2


def test_stopping_early_closes_the_stream_and_estimates_usage(fake):
    fake.queue(Reply(text="一二三四五六七八九十" * 5, chunk_delay=0.01))
    usage = Usage()

    async def go() -> str:
        p = provider(fake)
        got = ""
        try:
            async for piece in p.stream(MESSAGES, usage=usage):
                got += piece
                if len(got) >= 6:
                    break
        finally:
            await p.aclose()
        return got

    assert run(go()) == "一二三四五六"
    assert usage.estimated and usage.completion_tokens
