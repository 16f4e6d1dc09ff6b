"""Domain errors raised by services; the app maps them to 4xx JSON ``{"detail": ...}``."""

from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(ServiceError):
    status_code = 422


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    status_code = 403


class Conflict(ServiceError):
    status_code = 409


class Unauthorized(ServiceError):
    status_code = 401


class Unavailable(ServiceError):
    """A dependency failed (engine, model, database); the trainee's input is already saved."""

    status_code = 503


class NotConfigured(ServiceError):
    """An optional server feature (server-side speech, issue 7) is not set up on this installation."""

    status_code = 501
