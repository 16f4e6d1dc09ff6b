"""FastAPI dependencies: database session, settings, catalog, current user, role checks."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from anyio import CancelScope, CapacityLimiter, to_thread
from fastapi import Depends, Request
from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.config import Settings
from simulator.core.errors import Forbidden, Unauthorized
from simulator.core.security import csrf_matches, new_csrf_token, read_token
from simulator.db import repository as repo
from simulator.db.inline import call, is_inline, run_db, session_inline
from simulator.db.models import User
from simulator.llm.base import ChatProvider
from simulator.llm.speech import ServerSpeech

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


# Dependencies are ``async def``: FastAPI runs a plain ``def`` dependency in the thread pool, and every
# round trip there costs CPU and, under load, a wait for the GIL (issue 8). The ones that query do it
# through ``run_db``: on the event loop with SQLite, on a worker thread with PostgreSQL (inline.py).


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session per request. Creating it touches no connection; closing one that still holds a
    transaction (a read left open) rolls back on the driver, so that happens in a worker thread."""
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        if session.in_transaction() and not is_inline(request.app.state.engine):
            # Its own limiter, as FastAPI does for a sync dependency's exit: with every pool thread busy
            # waiting for a database connection, the close that returns one must not queue behind them.
            with CancelScope(shield=True):
                await to_thread.run_sync(session.close, limiter=CapacityLimiter(1))
        else:
            session.close()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_catalog(request: Request) -> Catalog:
    """The newest published catalog (cached; checked against the database at most once a second).

    Async so the common case — no check due — costs no worker-thread round trip; the check itself
    (one indexed query, rarely a rebuild) runs where the database calls run (inline.py)."""
    live = request.app.state.live_catalog
    catalog = live.cached()
    return catalog if catalog is not None else await call(request.app.state.engine, live.get)


async def get_provider(request: Request) -> ChatProvider | None:
    """The chat model built in the lifespan, or None: the offline engine plays."""
    return getattr(request.app.state, "provider", None)


async def get_speech(request: Request) -> ServerSpeech | None:
    """Server-side speech for call mode (issue 7), or None: the browser speaks, or the trainee types."""
    return getattr(request.app.state, "speech", None)


SessionDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
ProviderDep = Annotated[ChatProvider | None, Depends(get_provider)]
SpeechDep = Annotated[ServerSpeech | None, Depends(get_speech)]


def _bearer_user(request: Request, db: Session, settings: Settings) -> User | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    claims = read_token(settings.resolved_secret_key(), header[7:].strip(), settings.token_ttl_minutes * 60)
    if claims is None:
        raise Unauthorized("token: invalid or expired; log in again")
    user = repo.get_user(session=db, user_id=claims.uid)
    if not still_signed_in(user, claims.pw, claims.ep):
        raise Unauthorized("token: invalid or expired; log in again")
    return user


def still_signed_in(user: User | None, pw: object, epoch: object) -> bool:
    """A cookie's or token's account is still the one it was issued for: active, the same password
    (a fragment of its hash) and no logout since (the session epoch)."""
    return (user is not None and user.is_active and pw == user.password_hash[-12:]
            and epoch == user.session_epoch)


SEEN_EVERY_SECONDS = 60  # how often a browser session's last-seen time is rewritten (the cookie is re-signed)


def start_browser_session(request: Request, user: User) -> None:
    """Log the browser in: a new session (no fixation), a fresh CSRF token, login and last-seen times, and
    the password fragment that ends the session when the password changes (as for bearer tokens)."""
    now = int(time.time())
    request.session.clear()
    request.session.update(uid=user.id, csrf=new_csrf_token(), pw=user.password_hash[-12:], ep=user.session_epoch,
                           login_at=now, seen_at=now)


def _session_expired(request: Request, settings: Settings, now: int) -> bool:
    login_at, seen_at = request.session.get("login_at"), request.session.get("seen_at")
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    return now - login_at > settings.token_ttl_minutes * 60 or now - seen_at > settings.session_idle_minutes * 60


def cookie_user(request: Request, db: Session) -> User | None:
    """The browser's user, or None: no session, an expired one (absolute ``token_ttl_minutes`` since login,
    idle ``session_idle_minutes``), a changed password, a logout since (of any of the account's sessions)
    or a deactivated account."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    now = int(time.time())
    if _session_expired(request, request.app.state.settings, now):
        request.session.clear()
        request.state.session_expired = True
        return None
    user = repo.get_user(session=db, user_id=uid)
    if not still_signed_in(user, request.session.get("pw"), request.session.get("ep", 0)):
        request.session.clear()
        return None
    if now - request.session["seen_at"] >= SEEN_EVERY_SECONDS:
        request.session["seen_at"] = now
    request.state.user_id = user.id
    return user


def _end_read(db: Session) -> None:
    """End the read the user lookup began, so the connection goes back to the pool while the request waits
    for its handler (a connection held across that wait can leave every pool thread waiting for one).

    Not with SQLite on the event loop (inline.py): no thread waits there (a file's pool never makes one
    wait), and a SELECT leaves no SQLite transaction open (the driver begins one only before a write), so
    the handler keeps the connection instead of returning and checking it out again (issue 18)."""
    if session_inline(db):
        return
    if db.in_transaction() and not (db.new or db.dirty or db.deleted):
        db.commit()  # nothing to write; with expire_on_commit=False the user stays loaded


def resolve_user(request: Request, db: Session, settings: Settings) -> User:
    """Bearer token (API clients) or the browser's session cookie (then unsafe methods need CSRF)."""
    user = _bearer_user(request, db, settings)
    _end_read(db)
    if user is not None:
        request.state.user_id = user.id  # the access log line names the user by id (never by name)
        return user
    user = cookie_user(request, db)
    _end_read(db)
    if user is None:
        raise Unauthorized("authorization: log in first (Bearer token or session cookie)")
    if request.method not in SAFE_METHODS and not csrf_matches(
        request.session.get("csrf"), request.headers.get("x-csrf-token")
    ):
        raise Forbidden("csrf: missing or invalid X-CSRF-Token header")
    return user


async def current_user(request: Request, db: SessionDep, settings: SettingsDep) -> User:
    """The caller (``resolve_user``), looked up on the event loop with SQLite, on a thread otherwise."""
    return await run_db(db, resolve_user, request, db, settings)


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: str) -> Callable[[User], Awaitable[User]]:
    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden("role: this needs the role " + " or ".join(roles))
        return user

    return check
