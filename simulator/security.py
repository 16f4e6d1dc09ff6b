"""Signed bearer tokens for the API and CSRF tokens for browser forms (stateless across workers)."""

from __future__ import annotations

import hmac
import secrets
from typing import NamedTuple

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

TOKEN_SALT = "collector-sim.api-token"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=TOKEN_SALT)


class TokenClaims(NamedTuple):
    uid: int
    pw: str  # the last 12 characters of the password hash when the token was issued
    ep: int  # the account's session epoch then (a token from before migration 0009 has none: 0)


def issue_token(secret: str, user_id: int, password_hash: str, epoch: int = 0) -> str:
    # A fragment of the password hash binds the token to the current password (changing it revokes),
    # the session epoch to the last logout (logging out revokes).
    return _serializer(secret).dumps({"uid": user_id, "pw": password_hash[-12:], "ep": epoch})


def read_token(secret: str, token: str, max_age_seconds: int) -> TokenClaims | None:
    try:
        data = _serializer(secret).loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    epoch = data.get("ep", 0)
    return TokenClaims(data["uid"], str(data.get("pw", "")), epoch if isinstance(epoch, int) else -1)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
