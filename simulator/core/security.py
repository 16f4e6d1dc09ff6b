"""Sealed bearer tokens for the API and CSRF tokens for browser forms (stateless across workers).

A token is AES-GCM sealed (``simulator/core/sealing.py``): tamper-proof and opaque — it no longer shows the
user id, a password-hash fragment or the logout counter to whoever holds it (issue 18)."""

from __future__ import annotations

import hmac
import json
import secrets
from functools import lru_cache
from typing import NamedTuple

from itsdangerous import BadSignature

from simulator.core.sealing import Sealer

TOKEN_PURPOSE = "api-token"


@lru_cache(maxsize=8)  # one per secret: the key derivation and cipher set-up are not redone per request
def _sealer(secret: str) -> Sealer:
    return Sealer(secret, TOKEN_PURPOSE)


class TokenClaims(NamedTuple):
    uid: int
    pw: str  # the last 12 characters of the password hash when the token was issued
    ep: int  # the account's session epoch then (a token from before migration 0009 has none: 0)


def issue_token(secret: str, user_id: int, password_hash: str, epoch: int = 0) -> str:
    # A fragment of the password hash binds the token to the current password (changing it revokes),
    # the session epoch to the last logout (logging out revokes).
    payload = json.dumps({"uid": user_id, "pw": password_hash[-12:], "ep": epoch}, separators=(",", ":"))
    return _sealer(secret).sign(payload).decode()


def read_token(secret: str, token: str, max_age_seconds: int) -> TokenClaims | None:
    try:
        data = json.loads(_sealer(secret).unsign(token, max_age=max_age_seconds))
    except (BadSignature, ValueError):  # a broken or expired seal, or not JSON inside
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    epoch = data.get("ep", 0)
    return TokenClaims(data["uid"], str(data.get("pw", "")), epoch if isinstance(epoch, int) else -1)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
