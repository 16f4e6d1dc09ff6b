"""A fake OpenAI-compatible server: a real HTTP server on a free loopback port, in a thread.

It drives the real client code path (``openai.AsyncOpenAI`` over HTTP) without the network and
without patching imports (house rule 6). Replies are scripted per request: text (or explicit
chunks), HTTP status, a delay before the headers (timeouts), a delay per chunk (slow streams), a
connection cut mid-stream, a clean end without ``finish_reason``, a malformed chunk, and usage sent
or withheld. Requests are recorded so tests can read the prompts that were sent.

    with FakeOpenAI() as fake:
        fake.queue("喂?哪位?", Reply(status=500), Reply(text="行吧", cut_after=2))
        provider = OpenAIProvider(model="fake-model", base_url=fake.url, api_key="sk-test")
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "fake-model"
# Audio endpoints (issue 7): a recording that starts with this prefix "says" the rest (so a test chooses
# the transcript); any other recording is heard as DEFAULT_TRANSCRIPT. Synthesised "audio" is an ID3
# header, then the voice and speed, then the text, so a test can read back what was asked for.
SPOKEN_PREFIX = b"TEXT:"
DEFAULT_TRANSCRIPT = "您好,我是安信消费金融的小陈。"
FAKE_AUDIO_HEADER = b"ID3\x04\x00\x00\x00\x00\x00\x00"


@dataclass
class Reply:
    text: str = "喂?哪位啊?"
    chunks: list[str] | None = None  # explicit stream pieces (default: text in pieces of chunk_chars)
    chunk_chars: int = 2
    status: int = 200
    delay: float = 0.0  # seconds before the response headers (a read timeout waits here)
    first_token_delay: float = 0.0  # seconds between the headers and the first content chunk
    chunk_delay: float = 0.0  # seconds between content chunks
    usage: bool = True  # report usage (non-stream body; final stream chunk when include_usage is asked)
    cut_after: int | None = None  # stream: drop the connection after N content chunks
    end_after: int | None = None  # stream: end the body cleanly after N chunks, no finish_reason, no [DONE]
    malformed_after: int | None = None  # stream: send a chunk that is not JSON after N content chunks
    echo_auth: bool = False  # error bodies quote the Authorization header (some gateways do)

    def pieces(self) -> list[str]:
        if self.chunks is not None:
            return list(self.chunks)
        n = max(1, self.chunk_chars)
        return [self.text[i : i + n] for i in range(0, len(self.text), n)] or [""]


@dataclass
class Seen:
    """One request the server received."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.perf_counter)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out or drop a stream close sockets under us: that is the point here."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError | OSError):
            return
        super().handle_error(request, client_address)


class FakeOpenAI:
    def __init__(self, default: Reply | None = None, *, reject_params: tuple[str, ...] = ()) -> None:
        self.default = default or Reply()
        self.reject_params = reject_params  # request keys this "server" answers with 400
        self.script: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self.first_token_sent: list[float] = []
        self.audio_script: deque[Reply] = deque()  # status / delay / text (the transcript) per audio request
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the fake first"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting -------------------------------------------------------------------------------
    def queue(self, *replies: Reply | str) -> None:
        with self._lock:
            self.script.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    def next_reply(self) -> Reply:
        with self._lock:
            return self.script.popleft() if self.script else self.default

    def queue_audio(self, *replies: Reply | str) -> None:
        with self._lock:
            self.audio_script.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    def next_audio(self) -> Reply | None:
        with self._lock:
            return self.audio_script.popleft() if self.audio_script else None

    def audio_requests(self) -> list[Seen]:
        return [s for s in self.requests if "/audio/" in s.path]

    def chat_requests(self) -> list[dict[str, Any]]:
        return [s.body for s in self.requests if s.path.endswith("/chat/completions")]


class _Handler(BaseHTTPRequestHandler):
    owner: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        return

    # -- routes ----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "fake"}]})
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if "/audio/" in self.path:
            self._audio(raw)
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
            return
        self.owner.requests.append(Seen(self.path, body, {k.lower(): v for k, v in self.headers.items()}))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        rejected = [k for k in self.owner.reject_params if k in body]
        if rejected:
            self._json(400, {"error": {"message": f"Unrecognized request argument supplied: {rejected[0]}",
                                       "type": "invalid_request_error"}})
            return
        reply = self.owner.next_reply()
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            kind = "rate_limit_exceeded" if reply.status == 429 else "server_error"
            message = f"fake error {reply.status}"
            if reply.echo_auth:
                message += f": invalid credentials {self.headers.get('authorization', '')}"
            self._json(reply.status, {"error": {"message": message, "type": kind}})
            return
        try:
            if body.get("stream"):
                self._stream(body, reply)
            else:
                self._complete(body, reply)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeout): nothing to do

    # -- audio (issue 7) -------------------------------------------------------------------------
    def _audio(self, raw: bytes) -> None:
        path = self.path.rstrip("/")
        headers = {k.lower(): v for k, v in self.headers.items()}
        if path.endswith("/audio/transcriptions"):
            fields = _multipart(headers.get("content-type", ""), raw)
        else:
            try:
                fields = json.loads(raw or b"{}")
            except ValueError:
                self._json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
                return
        self.owner.requests.append(Seen(self.path, fields, headers))
        reply = self.owner.next_audio()
        if reply is not None and reply.delay:
            time.sleep(reply.delay)
        if reply is not None and reply.status != 200:
            self._json(reply.status, {"error": {"message": f"fake error {reply.status}", "type": "server_error"}})
            return
        try:
            if path.endswith("/audio/transcriptions"):
                if "file_bytes" not in fields or not fields.get("model"):
                    self._json(400, {"error": {"message": "file and model are required",
                                               "type": "invalid_request_error"}})
                    return
                audio = fields.pop("file_bytes")
                if reply is not None:
                    text = reply.text
                elif audio.startswith(SPOKEN_PREFIX):
                    text = audio[len(SPOKEN_PREFIX):].decode("utf-8", errors="replace")
                else:
                    text = DEFAULT_TRANSCRIPT
                fields["file_size"] = len(audio)
                self._json(200, {"text": text})
            elif path.endswith("/audio/speech"):
                if not fields.get("input") or not fields.get("voice") or not fields.get("model"):
                    self._json(400, {"error": {"message": "model, input and voice are required",
                                               "type": "invalid_request_error"}})
                    return
                data = (FAKE_AUDIO_HEADER + f"voice={fields['voice']};speed={fields.get('speed', 1.0)}\n".encode()
                        + str(fields["input"]).encode())
                self.send_response(200)
                self.send_header("Content-Type", "audio/mpeg")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- bodies ----------------------------------------------------------------------------------
    def _usage(self, body: dict[str, Any], text: str) -> dict[str, int]:
        prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        return {"prompt_tokens": prompt, "completion_tokens": len(text), "total_tokens": prompt + len(text)}

    def _complete(self, body: dict[str, Any], reply: Reply) -> None:
        payload: dict[str, Any] = {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", MODEL),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}],
        }
        if reply.usage:
            payload["usage"] = self._usage(body, reply.text)
        self._json(200, payload)

    def _stream(self, body: dict[str, Any], reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        model = body.get("model", MODEL)

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
            return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": model, "choices": choices, **extra}

        self._event(chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]))
        if reply.first_token_delay:
            time.sleep(reply.first_token_delay)
        for i, piece in enumerate(reply.pieces()):
            if reply.cut_after is not None and i >= reply.cut_after:
                self._cut()
                return
            if reply.end_after is not None and i >= reply.end_after:
                self._end_body()
                return
            if reply.malformed_after is not None and i >= reply.malformed_after:
                self._write_chunk(b'data: {"choices": [{"delta": {"content": "\xe5\x96\x82"\n\n')
                self._end_body()
                return
            if i and reply.chunk_delay:
                time.sleep(reply.chunk_delay)
            self._event(chunk([{"index": 0, "delta": {"content": piece}, "finish_reason": None}]))
            if i == 0:
                self.owner.first_token_sent.append(time.perf_counter())
        self._event(chunk([{"index": 0, "delta": {}, "finish_reason": "stop"}]))
        if reply.usage and (body.get("stream_options") or {}).get("include_usage"):
            self._event(chunk([], usage=self._usage(body, reply.text)))
        self._write_chunk(b"data: [DONE]\n\n")
        self._end_body()

    # -- wire helpers ----------------------------------------------------------------------------
    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _event(self, payload: dict[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _end_body(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _cut(self) -> None:
        """Drop the connection in the middle of the chunked body, like a crashed server."""
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """The form fields of a multipart upload; the file as ``file_bytes`` (plus its name and type)."""
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: dict[str, Any] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            fields["file_bytes"] = payload
            fields["file_name"] = part.get_filename()
            fields["file_type"] = part.get_content_type()
        elif name:
            fields[str(name)] = payload.decode("utf-8", errors="replace")
    return fields
