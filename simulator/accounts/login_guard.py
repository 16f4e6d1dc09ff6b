"""Login rate limiting, shared by every worker through the database (issues 8 and 18).

Each attempt is counted *before* the password is verified, in one atomic statement per counter
(``INSERT … ON CONFLICT DO UPDATE … RETURNING``), so forty concurrent guesses cannot all pass a check
that has not yet seen the others: only the first ``login_max_failures`` ever reach argon2.

Three counters per attempt, each over ``login_window_minutes``:

* **username × address** — ``login_max_failures`` failures lock that pair for ``login_lockout_minutes``,
  doubled for each further lock (capped at a day). A locked pair is refused without verifying or
  counting, so the attempts it refuses do not keep it locked. A success clears it.
* **username, any address** — past ``login_user_max_failures``, each further attempt must wait a delay
  that doubles (1 s, 2 s, 4 s … at most 15 minutes) after the previous one: a guesser spread over many
  addresses is slowed to a crawl, while the owner is never locked out for long.
* **address, any username** — past ``login_ip_max_failures``, the same progressive delay. An office
  behind one NAT address is slowed by a few seconds after a password spray, never locked out (the old
  hard per-address lock held a whole collection centre for 15 minutes).

A success gives back the attempt it reserved on the address and clears the username's counters (an
``auth.login_reset`` entry when there were failures). Failures and locks are audit-log entries
(``auth.login_failed`` with username and address, never the password; ``auth.lockout``) for admins.
Unknown usernames are counted and locked exactly like real ones, and ``accounts.authenticate`` verifies
a dummy hash for them, so the answers do not tell whether an account exists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from simulator.accounts.service import authenticate
from simulator.config import Settings
from simulator.core.errors import ServiceError, Unauthorized
from simulator.db import audit
from simulator.db.models import LoginThrottle, User, utcnow
from simulator.db.repository import login_throttles

FAILED, LOCKOUT, RESET = "auth.login_failed", "auth.lockout", "auth.login_reset"
MAX_USERNAME = 64
MAX_ADDRESS = 64
MAX_LOCK = timedelta(days=1)
MAX_DELAY_S = 15 * 60


class TooManyAttempts(ServiceError):
    """429: this username, address or pair must wait; ``retry_after`` is in whole seconds."""

    status_code = 429

    def __init__(self, retry_after: int, scope: str) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        wait = f"{max(1, retry_after)} seconds" if retry_after < 60 else f"{minutes} minutes"
        super().__init__(f"login: too many failed logins; try again in {wait}", field="username")
        self.retry_after = max(1, retry_after)
        self.minutes = minutes
        self.scope = scope  # "username" or "address"


@dataclass(frozen=True)
class Attempt:
    username: str
    address: str

    @classmethod
    def of(cls, username: str, address: str | None) -> Attempt:
        return cls((username or "").strip()[:MAX_USERNAME], (address or "unknown")[:MAX_ADDRESS])

    @property
    def pair(self) -> str:
        return f"p:{self.username}|{self.address}"

    @property
    def user(self) -> str:
        return f"u:{self.username}"

    @property
    def addr(self) -> str:
        return f"a:{self.address}"


def _aware(at: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything here is UTC."""
    return at if at is None or at.tzinfo else at.replace(tzinfo=utcnow().tzinfo)


def delay_after(failures: int, limit: int) -> int:
    """Seconds the next attempt must wait after the last one once ``failures`` passed ``limit``."""
    if failures < limit:
        return 0
    return min(MAX_DELAY_S, 2 ** min(failures - limit, 20))


def _rows(db: Session, attempt: Attempt) -> dict[str, LoginThrottle]:
    return login_throttles.rows(session=db, keys=(attempt.pair, attempt.user, attempt.addr))


def _waiting(row: LoginThrottle | None, limit: int, window_start: datetime, now: datetime) -> int:
    """Seconds still to wait under a progressive delay (0: go ahead)."""
    if row is None or _aware(row.window_start) < window_start:
        return 0
    wait = delay_after(row.failures, limit)
    if not wait:
        return 0
    return max(0, math.ceil((_aware(row.last_at) + timedelta(seconds=wait) - now).total_seconds()))


def check(db: Session, settings: Settings, attempt: Attempt, *, now: datetime | None = None) -> None:
    """Raise ``TooManyAttempts`` when the pair is locked or a progressive delay has not passed."""
    now = now or utcnow()
    rows = _rows(db, attempt)
    db.rollback()  # end the read: nothing is held while argon2 runs
    pair = rows.get(attempt.pair)
    until = _aware(pair.locked_until) if pair is not None else None
    if until is not None and until > now:
        raise TooManyAttempts(math.ceil((until - now).total_seconds()), "username")
    start = now - timedelta(minutes=settings.login_window_minutes)
    for scope, key, limit in (("username", attempt.user, settings.login_user_max_failures),
                              ("address", attempt.addr, settings.login_ip_max_failures)):
        wait = _waiting(rows.get(key), limit, start, now)
        if wait:
            raise TooManyAttempts(wait, scope)


def _count(db: Session, key: str, now: datetime, window_start: datetime) -> int:
    """Add one attempt to ``key`` (a fresh window when the last one is over) and return the count."""
    return login_throttles.count_attempt(session=db, key=key, now=now, window_start=window_start)


def reserve(db: Session, settings: Settings, attempt: Attempt, *, now: datetime | None = None) -> int:
    """Count the attempt before the password is checked; commit. Returns the pair's count. An attempt
    past the pair's limit (one that raced the lock) is refused here, before it counts against the
    username or the address: only attempts that reach argon2 slow the owner down."""
    now = now or utcnow()
    start = now - timedelta(minutes=settings.login_window_minutes)
    pair = _count(db, attempt.pair, now, start)
    if pair > settings.login_max_failures:
        db.commit()
        raise TooManyAttempts(settings.login_lockout_minutes * 60, "username")
    _count(db, attempt.user, now, start)
    _count(db, attempt.addr, now, start)
    db.commit()
    return pair


def record_failure(db: Session, settings: Settings, attempt: Attempt, pair_count: int, *,
                   now: datetime | None = None) -> None:
    """The reserved attempt failed: audit it, and lock the pair when it was the last one allowed."""
    now = now or utcnow()
    entry = audit.record(db, None, FAILED, "login", attempt.username,
                         after={"username": attempt.username, "address": attempt.address})
    entry.at = now
    if pair_count >= settings.login_max_failures:
        row = login_throttles.get(session=db, key=attempt.pair)
        if row is not None:
            lock = min(MAX_LOCK, timedelta(minutes=settings.login_lockout_minutes) * 2 ** min(row.locks, 10))
            row.locked_until, row.locks = now + lock, row.locks + 1
            row.failures, row.window_start = 0, now
            db.add(row)
            audit.record(db, None, LOCKOUT, "login", attempt.username,
                         after={"username": attempt.username, "address": attempt.address, "failures": pair_count,
                                "until": (now + lock).isoformat(timespec="seconds")})
    for key, limit, kind, value in ((attempt.addr, settings.login_ip_max_failures, "address", attempt.address),
                                    (attempt.user, settings.login_user_max_failures, "username", attempt.username)):
        row = login_throttles.get(session=db, key=key)
        if row is not None and row.failures == limit:  # the first failure that starts the delays
            audit.record(db, None, LOCKOUT, kind, value,
                         after={"username": attempt.username, "address": attempt.address, "failures": limit,
                                "delay": "progressive"})
    db.commit()


def record_success(db: Session, settings: Settings, attempt: Attempt, user: User) -> None:
    """Clear the username's counters and give the address back the attempt this login reserved."""
    rows = _rows(db, attempt)
    failed = max((rows[k].failures - 1 for k in (attempt.pair, attempt.user) if k in rows), default=0)
    login_throttles.clear(session=db, keys=(attempt.pair, attempt.user))
    login_throttles.give_back_attempt(session=db, key=attempt.addr)
    if failed > 0:
        audit.record(db, user, RESET, "login", attempt.username,
                     after={"username": attempt.username, "address": attempt.address, "failures": failed})
    db.commit()


def login(db: Session, settings: Settings, username: str, password: str, address: str | None) -> User:
    """The one login path of the form and the token endpoint: check, count, argon2, bookkeeping.

    Raises ``TooManyAttempts`` (429) while locked or delayed, ``Unauthorized`` (401) for a wrong
    username or password — the same answer and the same argon2 work for both.
    """
    attempt = Attempt.of(username, address)
    check(db, settings, attempt)
    pair_count = reserve(db, settings, attempt)
    user = authenticate(db, username=attempt.username, password=password)
    if user is None:
        record_failure(db, settings, attempt, pair_count)
        raise Unauthorized("username/password: incorrect")
    record_success(db, settings, attempt, user)
    return user


def client_address(request) -> str:
    """The client's address as the ASGI server reports it (behind a proxy, run uvicorn with
    ``--forwarded-allow-ips`` set to the proxy so this is the real client, not the proxy)."""
    client = getattr(request, "client", None)
    return client.host if client and client.host else "unknown"
