"""A lean HTTP/1.1 keep-alive client for the load bench: the few calls ``bench.py`` makes, on asyncio streams.

The load client shares the machine with the server it measures. ``httpx`` spent 1–2 ms of CPU per
request here, so at a few hundred turns a second the client took most of a core from the two the
server was meant to have, and the capacity step measured the client. This one does what a load tool
such as ``wrk`` does: a pool of keep-alive connections, requests written as bytes, responses read by
``Content-Length`` (or chunked). Same interface as the ``httpx`` calls it replaces: ``request``,
``get``, ``Response.status_code/.text/.json()``.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
from typing import Any
from urllib.parse import urlsplit


class ClientError(Exception):
    """A refused or broken connection, a malformed answer, or a timeout."""


class _NoAnswer(Exception):
    """The connection closed before any byte of an answer: the server never took the request."""


class Response:
    __slots__ = ("status_code", "content")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise ClientError(f"HTTP {self.status_code}: {self.text[:200]}")


class LeanClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._host_header = f"{self._host}:{self._port}".encode()
        self._timeout = timeout
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for writer in list(self._open):
            writer.close()
        self._open.clear()
        self._idle.clear()

    async def get(self, url: str, *, headers: dict[str, str] | None = None) -> Response:
        return await self.request("GET", url, headers=headers)

    async def request(self, method: str, url: str, *, json: Any = None,
                      headers: dict[str, str] | None = None) -> Response:
        try:
            return await asyncio.wait_for(self._exchange(method, url, json, headers or {}), self._timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            raise ClientError(type(exc).__name__) from exc

    async def _exchange(self, method: str, url: str, json: Any, headers: dict[str, str]) -> Response:
        request = self._encode(method, url, json, headers)
        while self._idle:  # a kept-alive connection, unless the server has closed it meanwhile
            reader, writer = self._idle.pop()
            if reader.at_eof() or writer.is_closing():
                self._drop(writer)
                continue
            try:
                return await self._send(reader, writer, request)
            except _NoAnswer:
                # The server closed an idle connection (its keep-alive timeout) as the request went out:
                # nothing was answered, so the request is sent again on a fresh connection, as httpx does.
                continue
        reader, writer = await self._connect()
        try:
            return await self._send(reader, writer, request)
        except _NoAnswer as exc:
            raise ConnectionResetError("the server closed a new connection without answering") from exc

    def _encode(self, method: str, url: str, json: Any, headers: dict[str, str]) -> bytes:
        body = b"" if json is None else jsonlib.dumps(json, ensure_ascii=False).encode()
        head = [f"{method} {url} HTTP/1.1".encode(), b"Host: " + self._host_header]
        head += [f"{k}: {v}".encode() for k, v in headers.items()]
        if json is not None:
            head += [b"Content-Type: application/json", f"Content-Length: {len(body)}".encode()]
        elif method != "GET":
            head.append(b"Content-Length: 0")
        return b"\r\n".join(head) + b"\r\n\r\n" + body

    async def _send(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> Response:
        try:
            writer.write(request)
            try:
                raw_head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as exc:
                if not exc.partial:
                    raise _NoAnswer from exc
                raise
            except (ConnectionResetError, BrokenPipeError) as exc:
                raise _NoAnswer from exc
            status, fields = _parse_head(raw_head)
            if fields.get(b"transfer-encoding", b"").lower() == b"chunked":
                content = await _read_chunked(reader)
            else:
                content = await reader.readexactly(int(fields.get(b"content-length", b"0")))
        except BaseException:
            self._drop(writer)
            raise
        if fields.get(b"connection", b"").lower() == b"close":
            self._drop(writer)
        else:
            self._idle.append((reader, writer))
        return Response(status, content)

    def _drop(self, writer: asyncio.StreamWriter) -> None:
        self._open.discard(writer)
        writer.close()

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection(self._host, self._port)
        self._open.add(writer)
        return reader, writer


def _parse_head(raw: bytes) -> tuple[int, dict[bytes, bytes]]:
    lines = raw.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    fields: dict[bytes, bytes] = {}
    for line in lines[1:]:
        if b":" in line:
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip()
    return status, fields


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    out = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return bytes(out)
        out += await reader.readexactly(size)
        await reader.readexactly(2)
