"""One plain ASGI middleware per request: request id, one access log line, HTTP metrics.

Plain ASGI (like ``security_headers``) so it adds no task and no body buffering: streamed replies pass
straight through, and the per-request cost is a context variable, two metric updates and one log line.

* ``X-Request-ID``: taken from the request when it looks like an id (a proxy's), else generated; set
  on the response and on every log line written while the request runs.
* The access line names the method, the path (never the query string: it can carry a token), the
  status, the duration and the user id (set by ``deps.current_user``, never the name).
* Metrics are labelled by route *template* (``/api/sessions/{session_id}/turns``), so the label set
  stays small whatever ids are requested.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.core import metrics
from simulator.core.logging_setup import request_id_var

access_log = logging.getLogger("simulator.access")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a decoded %0A in a path must not start a new log line
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")
QUIET_PATHS = ("/healthz", "/readyz", "/metrics")  # probes and scrapes: logged at DEBUG only


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _INCOMING_ID.match(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class Observability:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            self._record(scope, status, elapsed)
            request_id_var.reset(token)

    @staticmethod
    def _record(scope: Scope, status: int, elapsed: float) -> None:
        method = scope.get("method", "GET")
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        metrics.HTTP_REQUESTS.labels(method, route, str(status)).inc()
        metrics.HTTP_SECONDS.labels(method, route).observe(elapsed)
        if route in metrics.TURN_ROUTES:
            metrics.TURN_REQUEST_SECONDS.labels(route).observe(elapsed)
        path = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", scope.get("path", ""))  # no forged log lines
        level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
        if not access_log.isEnabledFor(level):
            return
        duration_ms = round(elapsed * 1000, 1)
        state = scope.get("state") or {}
        access_log.log(level, "%s %s %s %.1f ms", method, path, status, duration_ms, extra={
            "method": method, "path": path, "status": status, "duration_ms": duration_ms,
            "user_id": state.get("user_id") if isinstance(state, dict) else None})
