"""Where a request's database work runs: on the event loop (SQLite) or on a worker thread (PostgreSQL).

SQLite is a library inside this process: a turn's statements take microseconds and never wait for a
network. Handing them to a worker thread cost more than the work itself (issue 8). Every SQLite call
releases the GIL and must take it back, and while the event loop thread holds it (parsing another
request, say) the worker waits for it, up to the interpreter's switch interval of 5 ms per call. Under
100 trainees those waits, and the writer lock held across them, made the slow tail of the turn. So with
SQLite the hot paths (the user lookup, a turn, session start, the scenario list) run on the event loop
itself: each call runs to its commit without yielding, so writes of this process never overlap and
nothing waits for the GIL.

PostgreSQL talks over a socket and may wait for a pooled connection: its calls keep going to a worker
thread. ``SIM_DB_INLINE=false`` sends SQLite's there too: a write that meets another process's lock then
waits on a thread, not on the event loop. Several workers of one SQLite file queue on a lock file
(``sqlite_writes.py``), so their waits are as short as each other's transactions; the setting is for a
file that other programs hold long write transactions on.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import ParamSpec, TypeVar

from anyio import to_thread
from sqlalchemy.engine import Engine
from sqlmodel import Session

P = ParamSpec("P")
T = TypeVar("T")

_INLINE: weakref.WeakSet[Engine] = weakref.WeakSet()


def run_inline(engine: Engine, enabled: bool = True) -> bool:
    """Let ``engine``'s calls run on the event loop (SQLite only; ignored for other databases).
    Returns whether they will."""
    if enabled and engine.dialect.name == "sqlite":
        _INLINE.add(engine)
        return True
    _INLINE.discard(engine)
    return False


def is_inline(engine: Engine | None) -> bool:
    return engine is not None and engine in _INLINE


def session_inline(db: Session) -> bool:
    bind = db.get_bind()
    return is_inline(bind if isinstance(bind, Engine) else getattr(bind, "engine", None))


async def call(engine: Engine, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` on the event loop when ``engine`` runs inline, else on a worker thread."""
    if is_inline(engine):
        return fn(*args, **kwargs)
    return await to_thread.run_sync(partial(fn, *args, **kwargs))


async def run_db(db: Session, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` — synchronous code using ``db`` — on the event loop or on a worker thread.

    Inline, a call that fails rolls ``db`` back before the exception leaves it: an open write would
    otherwise keep this process's writer lock while the loop goes on to the next request, whose first
    write would then wait on the loop for a lock only this request's cleanup can give back."""
    if not session_inline(db):
        return await to_thread.run_sync(partial(fn, *args, **kwargs))
    try:
        return fn(*args, **kwargs)
    except BaseException:
        db.rollback()
        raise
