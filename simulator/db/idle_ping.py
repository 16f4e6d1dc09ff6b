"""Ping a pooled server connection before reuse only when it has sat idle (PostgreSQL; issue 8).

SQLAlchemy's ``pool_pre_ping`` sends a ``SELECT 1`` round trip at every checkout: about three per turn
(the user lookup and the turn's two transactions). Under load that was 2 ms of CPU per turn, a quarter of
the PostgreSQL turn path, to guard against a failure that hits connections which have been idle: a
database restart or failover, or a firewall or proxy dropping a quiet connection. So a connection is pinged
only when it was returned to the pool at least ``idle_s`` seconds ago; a busy pool reuses its hot
connections straight away.

A ping that fails raises ``DisconnectionError``: the pool throws that connection away and checks out a
fresh one (SQLAlchemy retries a checkout three times), so the request never sees the dead connection.
If the server restarts while connections are hot, the first statement on one of them fails; SQLAlchemy
then marks every older connection of the pool as stale (they reconnect on their next checkout), and the
app answers the requests that were using one 503 with ``Retry-After`` (``app.py``), with nothing half-written.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

IDLE_KEY = "idle_since"  # in each pool record's ``info``: when the connection was last returned


def ping_idle_connections(engine: Engine, idle_s: float, clock: Callable[[], float] = time.monotonic) -> None:
    """Ping a connection at checkout when it has been idle for ``idle_s`` seconds or more."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn, record) -> None:
        record.info[IDLE_KEY] = clock()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_conn, record, _proxy) -> None:
        since = record.info.pop(IDLE_KEY, None)
        idle = None if since is None else clock() - since
        if idle is None or idle < idle_s:
            return  # just connected, or returned a moment ago
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # noqa: BLE001 - any failure means: do not hand this connection out
            raise DisconnectionError(f"database: a pooled connection idle for {idle:.0f} s did not answer "
                                     f"({type(exc).__name__})") from exc
