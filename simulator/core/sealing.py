"""Sealed (encrypted and authenticated) values for bearer tokens and the session cookie (issue 18).

Signed tokens and cookies used to carry readable base64 of the user id, a fragment of the password hash
and the logout counter. Sealing with AES-256-GCM keeps them tamper-proof *and* opaque: without the
server's secret a token is random bytes. The seal carries its issue time, so age limits still work.

``Sealer.sign``/``unsign`` have the shape of itsdangerous' ``TimestampSigner``, so the session
middleware seals its cookie with the same code (``OpaqueSessionMiddleware``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from itsdangerous import BadSignature, SignatureExpired
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp

VERSION = b"s1"
NONCE = 12


def _key(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"collector-sim:{purpose}:{secret}".encode()).digest()


class Sealer:
    def __init__(self, secret: str, purpose: str) -> None:
        self._aead = AESGCM(_key(secret, purpose))
        self._aad = f"collector-sim:{purpose}".encode()

    def sign(self, value: bytes | str) -> bytes:
        data = value.encode() if isinstance(value, str) else value
        nonce = os.urandom(NONCE)
        sealed = self._aead.encrypt(nonce, struct.pack(">Q", int(time.time())) + data, self._aad)
        return VERSION + b"." + base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=")

    def unsign(self, value: bytes | str, max_age: int | None = None) -> bytes:
        raw = value.encode() if isinstance(value, str) else value
        prefix, _, body = raw.partition(b".")
        if prefix != VERSION or not body:
            raise BadSignature("not a sealed value")
        try:
            blob = base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))
            plain = self._aead.decrypt(blob[:NONCE], blob[NONCE:], self._aad)
        except (InvalidTag, ValueError) as exc:
            raise BadSignature("seal broken") from exc
        (issued,) = struct.unpack(">Q", plain[:8])
        if max_age is not None and time.time() - issued > max_age:
            raise SignatureExpired("seal expired")
        return plain[8:]


class OpaqueSessionMiddleware(SessionMiddleware):
    """Starlette's session middleware with the cookie sealed instead of signed."""

    def __init__(self, app: ASGIApp, secret_key: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app, secret_key=secret_key, **kwargs)
        self.signer = Sealer(secret_key, "session")  # type: ignore[assignment]
