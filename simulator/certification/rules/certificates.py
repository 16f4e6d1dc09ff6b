"""Certificate rules: status, expiry, the evidence boundary for re-certification, verification codes.

A certificate is *valid* until it expires or is revoked; revocation wins over expiry. While a valid
certificate exists no second one is issued for the same programme. After it ends, a new one needs
fresh evidence: attempts newer than the old certificate's issue date (expired) or its revocation
(revoked) — otherwise a revoked certificate would come straight back from the very sessions it was
revoked over.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from simulator.certification.rules.attempts import as_utc as _aware

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
# No 0/O, 1/I/L: the code is read off paper and typed in.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class CertificateLike(Protocol):
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


def status_of(cert: CertificateLike, now: datetime) -> str:
    if cert.revoked_at is not None:
        return REVOKED
    if cert.expires_at is not None and _aware(cert.expires_at) <= now:
        return EXPIRED
    return VALID


def expiry(issued_at: datetime, validity_days: int | None) -> datetime | None:
    return issued_at + timedelta(days=validity_days) if validity_days else None


def evidence_since(previous: Iterable[CertificateLike], now: datetime) -> datetime | None:
    """The moment after which attempts may count toward a new certificate (None: any time)."""
    ends = [_aware(c.revoked_at) if c.revoked_at else _aware(c.issued_at)
            for c in previous if status_of(c, now) != VALID]
    return max(ends, default=None)


def has_valid(previous: Iterable[CertificateLike], now: datetime) -> bool:
    return any(status_of(c, now) == VALID for c in previous)


def new_code() -> str:
    """A verification code like ``CS-7KQ4-M2XD-9PWA``: 60 random bits, easy to read aloud."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"CS-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if cleaned.startswith("CS") and len(cleaned) == 14:  # a body may itself start with "CS" ("CSPX-…")
        cleaned = cleaned[2:]
    return f"CS-{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:12]}" if len(cleaned) == 12 else code.strip().upper()
