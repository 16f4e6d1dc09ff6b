"""The login counters' queries (``login_throttle``, migration 0012); the rules are ``accounts/login_guard.py``.

Nothing here commits (the service does), as in ``repository.py``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from simulator.db.models import LoginThrottle

_TABLE = LoginThrottle.__table__  # type: ignore[attr-defined]


def rows(*, session: Session, keys: Iterable[str]) -> dict[str, LoginThrottle]:
    """The counters that exist for ``keys``, by key."""
    found = session.exec(select(LoginThrottle).where(LoginThrottle.key.in_(tuple(keys)))).all()  # type: ignore[attr-defined]
    return {r.key: r for r in found}


def get(*, session: Session, key: str) -> LoginThrottle | None:
    return session.get(LoginThrottle, key)


def count_attempt(*, session: Session, key: str, now: datetime, window_start: datetime) -> int:
    """Add one attempt to ``key`` in one atomic statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``;
    a fresh window when the last one started before ``window_start``) and return the count."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    stmt = dialect.insert(_TABLE).values(key=key, failures=1, window_start=now, last_at=now, locks=0)
    stale = _TABLE.c.window_start < window_start
    stmt = stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.key],
        set_={"failures": case((stale, 1), else_=_TABLE.c.failures + 1),
              "window_start": case((stale, now), else_=_TABLE.c.window_start),
              "last_at": now},
    ).returning(_TABLE.c.failures)
    return int(session.execute(stmt).scalar_one())


def clear(*, session: Session, keys: Iterable[str]) -> None:
    session.execute(delete(_TABLE).where(_TABLE.c.key.in_(tuple(keys))))


def give_back_attempt(*, session: Session, key: str) -> None:
    """One attempt fewer on ``key`` (never below zero)."""
    session.execute(update(_TABLE).where(_TABLE.c.key == key, _TABLE.c.failures > 0)
                    .values(failures=_TABLE.c.failures - 1))
