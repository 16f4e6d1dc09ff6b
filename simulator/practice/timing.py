"""How a call-mode turn was given, as the browser measured it (issue 7).

The browser knows when the trainee started talking and for how long; the server only sees the text
arrive. These numbers ride along with the turn, are stored on it, and feed the call metrics of the
grade (``grading/call_metrics.py``). Chat-mode and API turns simply have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INPUT_MODES = ("spoken", "typed")
MAX_CALL_MS = 4 * 60 * 60 * 1000  # nobody practises a four-hour call: larger values are bad input


@dataclass(frozen=True)
class TurnTiming:
    input_mode: str | None = None  # spoken | typed
    call_ms: int | None = None  # when the trainee began, ms since the call was answered
    duration_ms: int | None = None  # how long they spoke (or typed)
    response_latency_ms: int | None = None  # end of the debtor's line -> the trainee's first word

    def columns(self) -> dict[str, Any]:
        return {"input_mode": self.input_mode, "call_ms": self.call_ms, "duration_ms": self.duration_ms,
                "response_latency_ms": self.response_latency_ms}


def reply_call_ms(call_ms: int | None, duration_ms: int | None) -> int | None:
    """The reply begins when the trainee stops talking (the server answers in milliseconds)."""
    if call_ms is None:
        return None
    return call_ms + (duration_ms or 0)
