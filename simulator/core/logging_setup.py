"""Logging for operations: text for a terminal, JSON lines for production, secrets redacted.

``SIM_LOG_FORMAT=json`` writes one JSON object per line (``ts``, ``level``, ``logger``, ``message``,
``request_id`` and, on access lines, ``method``, ``path``, ``status``, ``duration_ms``, ``user_id``).
The request id comes from ``simulator.core.observability`` through a context variable, so a line logged
anywhere while a request is handled (in a worker thread too: anyio copies the context) carries it.

Redaction is the second line of defence (the first: never pass a secret to a logger). It lives here
and only here: :func:`redact` masks passwords, tokens, cookies, API keys and credentials embedded in
URLs in every record's message, arguments and exception text, whichever handler writes it
(:func:`install_redaction` hooks record creation).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from simulator.config import Settings

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

MASK = "[REDACTED]"
# key=value / key: value / "key": "value" pairs whose key names a secret (query strings, form bodies,
# JSON, headers, reprs); the value is masked up to the next separator.
_SECRET_KEYS = (r"password|passwd|pwd|secret|token|access_token|refresh_token|api[_-]?key|apikey|"
                r"authorization|cookie|set-cookie|csrf[_-]?token|sim_session|client_secret")
_PAIR = re.compile(
    rf"""(?ix)
    (?P<key>["']?(?:{_SECRET_KEYS})["']?\s*[=:]\s*)   # the key and its separator
    (?P<value>"[^"]*"|'[^']*'|(?:bearer|basic)\s+\S+|[^\s,;&}}\]"']+)
    """)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{8,}")
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^/\s:@]+):([^/\s@]+)@")
_KEY_LIKE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"
                       r"|s1\.[A-Za-z0-9_\-]{24,})")  # ours: sealed tokens and cookies (simulator/core/sealing.py)


def redact(text: str) -> str:
    """Mask secrets in a log message: key=value pairs named like secrets, Bearer/Basic credentials,
    ``user:password@`` in URLs, OpenAI-style keys (``sk-…``), JWT-shaped tokens and our sealed ones (``s1.…``)."""
    if not text:
        return text
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group(1)}{m.group(2)}:{MASK}@", text)
    text = _PAIR.sub(lambda m: m.group("key") + MASK, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    return _KEY_LIKE.sub(MASK, text)


def _redact_record(record: logging.LogRecord) -> None:
    """Format the message once and redact it and the exception text; add the request id."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not lose the line
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    if record.exc_info:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
    if getattr(record, "request_id", None) is None:
        record.request_id = request_id_var.get()


_installed = False


def install_redaction() -> None:
    """Redact every record when it is created, before any handler (ours, uvicorn's, pytest's) sees it.

    A record factory rather than a handler filter: filters run per handler, so a handler added by a
    library or a test would otherwise print the raw message. Records are built only for enabled
    levels, so the cost is one regex pass per line actually logged.
    """
    global _installed
    if _installed:
        return
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "client")


class JsonFormatter(logging.Formatter):
    """One JSON object per line; non-ASCII (Chinese) kept readable."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            out["request_id"] = request_id
        for field in ACCESS_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                out[field] = value
        if record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s%(rid)s")

    def format(self, record: logging.LogRecord) -> str:
        record.rid = f" [{record.request_id}]" if getattr(record, "request_id", None) else ""
        return super().format(record)


class _SimHandler(logging.StreamHandler):
    """Marks the handler this module installed, so configuring again replaces it (tests build many apps)."""


def configure_logging(settings: Settings, stream: Any = None) -> logging.Handler:
    """Install the one handler on the root logger and route uvicorn's loggers through it.

    uvicorn's access log is switched off: ``simulator.core.observability`` writes one access line per
    request with the request id, route and user. Handlers others added (pytest's capture) are kept.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _SimHandler)]:
        root.removeHandler(old)
    handler = _SimHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    install_redaction()
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
    return handler
