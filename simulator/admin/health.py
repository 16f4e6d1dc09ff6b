"""Readiness and the database side of the metrics: what an orchestrator and Prometheus ask.

Readiness (``/readyz``) answers "may this worker take traffic?": the database answers ``SELECT 1``
within a short timeout, its schema is at the newest migration, and the catalog is loaded. The chat
model is *reported* (configured or not) but never called: a slow or absent model server must not take
every worker out of the load balancer, since each turn falls back to the offline engine anyway.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import anyio
from anyio import to_thread
from sqlalchemy.engine import Engine
from sqlmodel import Session

from simulator.accounts.roles import ensure_role
from simulator.core import metrics
from simulator.db import repository as repo
from simulator.db.engine import head_revision
from simulator.db.inline import run_db
from simulator.db.models import ROLES, User, utcnow

log = logging.getLogger(__name__)

ACTIVE_MINUTES = 30  # a session with no turn for this long is not counted as active
_probes: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)
    failing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.failing

    def fail(self, name: str, why: str) -> None:
        self.checks[name] = why
        self.failing.append(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": "ready" if self.ready else "not ready", "checks": self.checks}
        if self.failing:
            out["failing"] = self.failing
            out["detail"] = "; ".join(f"{name}: {self.checks[name]}" for name in self.failing)
        return out


def _schema_revision(engine: Engine) -> str | None:
    """Ping the database and read its migration revision (one connection, in a worker thread)."""
    with Session(engine) as db:
        repo.ping(session=db)
        return repo.schema_revision(session=db)


async def readiness(engine: Engine | None, catalog: Any, *, llm_configured: bool, timeout: float) -> Readiness:
    result = Readiness()
    revision: str | None = None
    if engine is None:
        result.fail("database", "not connected")
    else:
        lock = _probes.setdefault(engine, threading.Lock())
        if not lock.acquire(blocking=False):  # an earlier probe is still stuck: do not pile up threads
            result.fail("database", "no answer (an earlier check is still waiting)")
        else:
            try:
                with anyio.fail_after(timeout):
                    revision = await to_thread.run_sync(_probe, engine, lock, abandon_on_cancel=True)
                result.checks["database"] = "ok"
            except TimeoutError:
                result.fail("database", f"no answer within {timeout:g} s")
            except Exception as exc:  # details (host, user) go to the log, not to an anonymous caller
                log.warning("readiness: database check failed: %s", exc)
                result.fail("database", f"error ({type(exc).__name__})")
    if "database" in result.failing:
        result.fail("migrations", "unknown (database unavailable)")
    elif revision != head_revision():
        result.fail("migrations", f"database at {revision or 'no revision'}, code expects {head_revision()}; "
                                  "run `collector-sim migrate`")
    else:
        result.checks["migrations"] = "ok"
    if catalog is None or not getattr(catalog, "scenarios", None):
        result.fail("catalog", "not loaded")
    else:
        result.checks["catalog"] = "ok"
    result.checks["llm"] = "configured (not probed)" if llm_configured else "offline engine"
    return result


def _probe(engine: Engine, lock: threading.Lock) -> str | None:
    try:
        return _schema_revision(engine)
    finally:
        lock.release()


def metrics_exposition(db: Session, *, multiproc_dir: str | None = None) -> bytes:
    """The Prometheus text: live metrics (every worker's in multiprocess mode: ``multiproc_dir``) plus what
    the database says: grades by mode and result, sessions active in the last ``ACTIVE_MINUTES`` minutes."""
    now = utcnow()
    active = repo.count_active_sessions(session=db, since=now - timedelta(minutes=ACTIVE_MINUTES),
                                        started_after=now - timedelta(hours=12))
    counts = metrics.StoredCounts(grades=repo.grade_counts(session=db), active_sessions=active)
    return metrics.exposition(counts, active_minutes=ACTIVE_MINUTES, multiproc_dir=multiproc_dir)


CHECKS = ("database", "migrations", "catalog")


def _counts(db: Session) -> dict[str, Any]:
    now = utcnow()
    users = Counter(u.role for u in repo.list_users(session=db) if u.is_active)
    grades = repo.grade_counts(session=db)
    return {
        "users": {role: users.get(role, 0) for role in ROLES},
        "active_sessions": repo.count_active_sessions(session=db, since=now - timedelta(minutes=ACTIVE_MINUTES),
                                                      started_after=now - timedelta(hours=12)),
        "grades_passed": sum(n for (_mode, passed), n in grades.items() if passed),
        "grades_failed": sum(n for (_mode, passed), n in grades.items() if not passed),
    }


async def system_status(db: Session, user: User, *, engine: Engine | None, catalog: Any, llm_configured: bool,
                        timeout: float) -> dict[str, Any]:
    """The admin's home (issue 20): is this worker ready (each check, with the reason when it is not), who
    uses the system, what is happening now, and what the catalog holds."""
    ensure_role(user, "admin")
    ready = await readiness(engine, catalog, llm_configured=llm_configured, timeout=timeout)
    checks = [{"name": name, "ok": name not in ready.failing,
               "detail": ready.checks.get(name, "") if name in ready.failing else ""} for name in CHECKS]
    counts = await run_db(db, _counts, db) if "database" not in ready.failing else None
    return {"ready": ready.ready, "checks": checks, "llm_configured": llm_configured, "counts": counts,
            "revision": head_revision(), "active_minutes": ACTIVE_MINUTES,
            "personas": len(getattr(catalog, "personas", {}) or {}),
            "scenarios": len(getattr(catalog, "scenarios", {}) or {})}
