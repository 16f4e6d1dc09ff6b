"""Security headers as a plain ASGI middleware.

A plain ASGI wrapper (rather than ``@app.middleware("http")``) adds no extra task or body
buffering per request, which matters on the turn path and for streamed replies.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
BASE_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"))


HSTS = "max-age=31536000; includeSubDomains"
# Pages and API answers carry transcripts, scores and names: no browser or proxy may keep a copy
# (issue 18). Only the static assets are cacheable.
NO_STORE = "no-store"
CACHEABLE_PREFIX = "/static/"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, csp: str = CSP, exempt_prefix: str | None = None, *, hsts: bool = False) -> None:
        self.app = app
        self.csp = csp
        self.exempt_prefix = exempt_prefix
        self.hsts = hsts  # only behind HTTPS (SIM_COOKIE_SECURE): the header pins the browser to it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        with_csp = not (self.exempt_prefix and path.startswith(self.exempt_prefix))
        cacheable = path.startswith(CACHEABLE_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in BASE_HEADERS:
                    headers.setdefault(name, value)
                if with_csp:
                    headers.setdefault("Content-Security-Policy", self.csp)
                if not cacheable:
                    headers["Cache-Control"] = NO_STORE
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
