"""Request bodies larger than the app will ever accept are refused before they are read (issue 18).

An anonymous 66 MB JSON body used to be read and parsed before authentication answered 401, taking
the server from 130 MB to 800 MB and stalling health checks. This plain ASGI middleware sits outside
routing and authentication: a ``Content-Length`` over the limit is answered 413 at once, and a body
sent without one (chunked, or slowly) is counted as it arrives and cut off at the limit.

Limits: ``max_body_mb`` for everything, except the few routes that take files — a recording to
transcribe (``speech_max_audio_mb``) and a catalog import (``authoring.MAX_IMPORT_BYTES``).
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024
# Multipart framing and form fields around an uploaded file.
ENVELOPE = 64 * 1024


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, *, default_bytes: int, larger: tuple[tuple[str, int], ...] = ()) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.larger = tuple((re.compile(pattern), limit) for pattern, limit in larger)

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.larger:
            if pattern.fullmatch(path):
                return limit
        return self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit, scope)
            return
        received = 0
        started = cut = False

        async def counting_receive() -> Message:
            nonlocal received, started, cut
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer now: whatever the app makes of the broken read (FastAPI calls it a 400) is dropped.
                    if not started:
                        started = cut = True
                        await _too_large(send, limit, scope)
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if cut:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit, scope)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int, _scope: Scope) -> None:
    detail = f"body: larger than {limit // MB if limit >= MB else limit // 1024} {'MB' if limit >= MB else 'KB'}"
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
