"""Signed bearer tokens for the API and CSRF tokens for browser forms (stateless across workers)."""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

TOKEN_SALT = "collector-sim.api-token"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=TOKEN_SALT)


def issue_token(secret: str, user_id: int, password_hash: str) -> str:
    # A fragment of the password hash binds the token to the current password: changing it revokes.
    return _serializer(secret).dumps({"uid": user_id, "pw": password_hash[-12:]})


def read_token(secret: str, token: str, max_age_seconds: int) -> tuple[int, str] | None:
    try:
        data = _serializer(secret).loads(token, max_age=max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    return data["uid"], str(data.get("pw", ""))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
