"""The load bench's HTTP client (``scripts/bench_client.py``): keep-alive, a connection the server closed
while idle (uvicorn closes them after 5 s: the bench's think time is 2–8 s), chunked answers."""

from __future__ import annotations

import asyncio
import json

from tests.bench.test_bench_report import _load


async def _serve(handler) -> tuple[asyncio.AbstractServer, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


def _answer(body: bytes, *, chunked: bool = False) -> bytes:
    if chunked:
        half = len(body) // 2
        parts = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:half], body[half:]) if p)
        return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + parts + b"0\r\n\r\n"
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
    return await reader.readexactly(length)


def _one_answer_then_close(answer: bytes):
    """A handler that answers one request and closes the connection without saying so."""
    async def handler(reader, writer):
        await _read_request(reader)
        writer.write(answer)
        await writer.drain()
        writer.close()

    return handler


def test_requests_share_one_kept_alive_connection():
    client_mod = _load("bench_client")
    connections = 0

    async def handler(reader, writer):
        nonlocal connections
        connections += 1
        try:
            while True:
                body = await _read_request(reader)
                writer.write(_answer(json.dumps({"echo": json.loads(body or b"null")}).encode()))
                await writer.drain()
        except asyncio.IncompleteReadError:
            writer.close()

    async def main():
        server, base = await _serve(handler)
        async with client_mod.LeanClient(base) as client:
            answers = [await client.request("POST", "/x", json={"n": i}) for i in range(5)]
        server.close()
        return answers

    answers = asyncio.run(main())
    assert [a.json()["echo"]["n"] for a in answers] == [0, 1, 2, 3, 4]
    assert connections == 1


def test_a_connection_the_server_closed_while_idle_is_replaced_without_an_error():
    client_mod = _load("bench_client")

    async def main():
        server, base = await _serve(_one_answer_then_close(_answer(b'{"ok": true}')))  # as a keep-alive timeout does
        async with client_mod.LeanClient(base) as client:
            first = await client.get("/a")
            await asyncio.sleep(0.05)
            second = await client.get("/b")
            third = await client.get("/c")  # straight after: the close may not have been seen yet
        server.close()
        return first, second, third

    for answer in asyncio.run(main()):
        assert answer.status_code == 200 and answer.json() == {"ok": True}


def test_a_chunked_answer_is_read_whole():
    client_mod = _load("bench_client")

    async def main():
        server, base = await _serve(_one_answer_then_close(_answer("数据".encode() * 50, chunked=True)))
        async with client_mod.LeanClient(base) as client:
            answer = await client.get("/")
        server.close()
        return answer

    assert asyncio.run(main()).text == "数据" * 50


def test_a_refused_connection_is_a_client_error():
    client_mod = _load("bench_client")

    async def main():
        server, base = await _serve(lambda r, w: w.close())
        server.close()
        await server.wait_closed()
        async with client_mod.LeanClient(base, timeout=2) as client:
            await client.get("/")

    try:
        asyncio.run(main())
    except client_mod.ClientError:
        return
    raise AssertionError("no ClientError")
