"""Login rate limiting and account lockout, shared by every worker through the database.

Failed logins are audit-log entries (``auth.login_failed``: the username tried and the client address,
never the password), so several workers behind a proxy count the same failures. ``login_max_failures``
failures of one username within ``login_window_minutes`` lock that username for
``login_lockout_minutes`` (an ``auth.lockout`` entry admins see in the audit log); the same holds for
one client address with ``login_ip_max_failures``. While locked, nothing is verified or recorded, so
a locked account is not kept locked by the attempts it refuses. A successful login resets the
username's count (``auth.login_reset``, written only when there was something to reset).

Unknown usernames are counted and locked exactly like real ones, and ``accounts.authenticate``
verifies a dummy hash for them, so the answers do not tell whether an account exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from simulator.config import Settings
from simulator.persistence.models import AuditLog, User, utcnow
from simulator.services import audit
from simulator.services.accounts import authenticate
from simulator.services.errors import ServiceError, Unauthorized

FAILED, LOCKOUT, RESET = "auth.login_failed", "auth.lockout", "auth.login_reset"
MAX_USERNAME = 64
MAX_ADDRESS = 64
SCAN_LIMIT = 5000  # newest failures considered per check: bounded work even under a flood


class TooManyAttempts(ServiceError):
    """429: this username or client address is locked; ``retry_after`` is in whole seconds."""

    status_code = 429

    def __init__(self, retry_after: int, scope: str) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(f"login: too many failed logins; try again in {minutes} minutes", field="username")
        self.retry_after = retry_after
        self.minutes = minutes
        self.scope = scope  # "username" or "address"


@dataclass(frozen=True)
class Attempt:
    username: str
    address: str

    @classmethod
    def of(cls, username: str, address: str | None) -> Attempt:
        return cls((username or "").strip()[:MAX_USERNAME], (address or "unknown")[:MAX_ADDRESS])


def _aware(at: datetime) -> datetime:
    """SQLite returns naive datetimes; everything here is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=utcnow().tzinfo)


def _locked_until(times: list[datetime], limit: int, window: timedelta, lockout: timedelta) -> datetime | None:
    """When the newest run of ``limit`` failures within ``window`` stops locking (None: no such run)."""
    times = sorted(times)
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= window:
            until = times[i] + lockout
    return until


def _failures(db: Session, since: datetime) -> list[AuditLog]:
    stmt = (select(AuditLog).where(AuditLog.action == FAILED, AuditLog.at >= since)
            .order_by(AuditLog.id.desc()).limit(SCAN_LIMIT))  # type: ignore[union-attr]
    return list(db.exec(stmt).all())


def _last_reset(db: Session, username: str, since: datetime) -> datetime | None:
    stmt = (select(AuditLog.at).where(AuditLog.action == RESET, AuditLog.object_id == username,
                                      AuditLog.at >= since).order_by(AuditLog.at.desc()))  # type: ignore[union-attr]
    at = db.exec(stmt).first()
    return _aware(at) if at else None


def _state(db: Session, settings: Settings, attempt: Attempt, now: datetime) -> tuple[list[datetime], list[datetime]]:
    """Failure times that still count: of the username (since its last reset) and of the address."""
    horizon = now - timedelta(minutes=settings.login_window_minutes + settings.login_lockout_minutes)
    rows = _failures(db, horizon)
    reset = _last_reset(db, attempt.username, horizon)
    mine = [_aware(r.at) for r in rows if r.object_id == attempt.username and (reset is None or _aware(r.at) > reset)]
    theirs = [_aware(r.at) for r in rows if (r.after or {}).get("address") == attempt.address]
    return mine, theirs


def check(db: Session, settings: Settings, attempt: Attempt, *, now: datetime | None = None) -> None:
    """Raise ``TooManyAttempts`` when the username or the client address is locked now."""
    now = now or utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    lockout = timedelta(minutes=settings.login_lockout_minutes)
    mine, theirs = _state(db, settings, attempt, now)
    for scope, times, limit in (("username", mine, settings.login_max_failures),
                                ("address", theirs, settings.login_ip_max_failures)):
        until = _locked_until(times, limit, window, lockout)
        if until is not None and until > now:
            raise TooManyAttempts(math.ceil((until - now).total_seconds()), scope)


def record_failure(db: Session, settings: Settings, attempt: Attempt, user: User | None, *,
                   now: datetime | None = None) -> None:
    """Store the failure (and an ``auth.lockout`` entry when it locks the username); commits."""
    now = now or utcnow()
    entry = audit.record(db, None, FAILED, "login", attempt.username,
                         after={"username": attempt.username, "address": attempt.address})
    entry.at = now
    mine, theirs = _state(db, settings, attempt, now)
    window = timedelta(minutes=settings.login_window_minutes)
    lockout = timedelta(minutes=settings.login_lockout_minutes)
    # The check before this attempt passed, so a lock found now was started by this very failure.
    for kind, key, times, limit in (("login", attempt.username, mine, settings.login_max_failures),
                                    ("address", attempt.address, theirs, settings.login_ip_max_failures)):
        until = _locked_until(times, limit, window, lockout)
        if until is not None and until > now:
            audit.record(db, None, LOCKOUT, kind, key,
                         after={"username": attempt.username, "address": attempt.address,
                                "failures": len(times), "until": until.isoformat(timespec="seconds")})
    db.commit()


def record_success(db: Session, settings: Settings, attempt: Attempt, user: User, *,
                   now: datetime | None = None) -> None:
    """A successful login clears the username's failures (only written when there were any)."""
    now = now or utcnow()
    mine, _ = _state(db, settings, attempt, now)
    if mine:
        audit.record(db, user, RESET, "login", attempt.username,
                     after={"username": attempt.username, "address": attempt.address, "failures": len(mine)})
        db.commit()


def login(db: Session, settings: Settings, username: str, password: str, address: str | None) -> User:
    """The one login path of the form and the token endpoint: lockout check, argon2, bookkeeping.

    Raises ``TooManyAttempts`` (429) while locked, ``Unauthorized`` (401) for a wrong username or
    password — the same answer and the same argon2 work for both.
    """
    attempt = Attempt.of(username, address)
    check(db, settings, attempt)
    user = authenticate(db, username=attempt.username, password=password)
    if user is None:
        record_failure(db, settings, attempt, None)
        raise Unauthorized("username/password: incorrect")
    record_success(db, settings, attempt, user)
    return user


def client_address(request) -> str:
    """The client's address as the ASGI server reports it (behind a proxy, run uvicorn with
    ``--forwarded-allow-ips`` set to the proxy so this is the real client, not the proxy)."""
    client = getattr(request, "client", None)
    return client.host if client and client.host else "unknown"
