"""Per-request CPU cost of the turn path, measured in-process (noise-free on a shared machine).

Runs the real app (``create_app``, its middleware, a SQLite file in a temp dir — or ``--database-url``)
over an in-process ASGI transport, one request at a time, and reports per request kind:

- CPU ms (``time.process_time``, the whole process, so the driver's thread is counted too),
- SQL statements and commits (SQLAlchemy engine events),
- optionally a cProfile of the turns (``--profile``, top functions by cumulative time).

    .venv/bin/python scripts/bench_profile.py                  # 200 turns over 10 sessions
    .venv/bin/python scripts/bench_profile.py --turns 400 --profile 30
    .venv/bin/python scripts/bench_profile.py --json

Wall-clock latency under load is ``scripts/bench.py``'s job; this is the figure to compare before and
after a change to the request stack, because other processes on the machine do not move it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
from sqlalchemy import event
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import LINES  # noqa: E402  (scripts/bench.py: the same trainee lines as the load test)

from simulator.app import create_app  # noqa: E402
from simulator.config import Settings  # noqa: E402
from simulator.core.security import issue_token  # noqa: E402
from simulator.db.models import User  # noqa: E402

SCENARIO = "evasive-m1"  # a patient debtor: 20 turns without a hang-up


class ThreadProfiles:
    """Count the functions handed to a worker thread and, when enabled, profile them (cProfile sees one
    thread only, and the SQL work runs in the thread pool)."""

    def __init__(self) -> None:
        self.stats: pstats.Stats | None = None
        self.enabled = False
        self.hops = 0  # functions sent to a worker thread (each a round trip through the thread pool)
        self._original = anyio.to_thread.run_sync

    def install(self) -> None:
        async def run_sync(func, *args, **kwargs):
            self.hops += 1
            if not self.enabled:
                return await self._original(func, *args, **kwargs)

            def profiled(*a):
                prof = cProfile.Profile()
                try:
                    return prof.runcall(func, *a)
                finally:
                    self._add(prof)

            return await self._original(profiled, *args, **kwargs)

        anyio.to_thread.run_sync = run_sync

    def _add(self, prof: cProfile.Profile) -> None:
        if self.stats is None:
            self.stats = pstats.Stats(prof)
        else:
            self.stats.add(prof)

    def uninstall(self) -> None:
        anyio.to_thread.run_sync = self._original


class GcPauses:
    """Garbage-collector pauses per generation while requests run (gen 2 is the one that hurts p99)."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses[info["generation"]].append((time.perf_counter() - self._start) * 1000)

    def close(self) -> dict[str, Any]:
        gc.callbacks.remove(self._callback)
        return {f"gen{g}": {"n": len(p), "max_ms": max(p, default=0.0), "total_ms": sum(p)}
                for g, p in self.pauses.items()}


class Counters:
    """SQL statements and commits seen by the engine since the last ``take``."""

    def __init__(self, engine: Any) -> None:
        self.statements = 0
        self.commits = 0
        self.sql: list[str] = []
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, _conn, _cursor, statement: str, *_args) -> None:
        self.statements += 1
        self.sql.append(statement.split("\n")[0][:100])

    def _commit(self, _conn) -> None:
        self.commits += 1

    def take(self) -> tuple[int, int, list[str]]:
        out = (self.statements, self.commits, self.sql)
        self.statements, self.commits, self.sql = 0, 0, []
        return out


async def _measure(call: Callable[[], Any], counters: Counters, bucket: dict[str, list],
                   threads: ThreadProfiles) -> httpx.Response:
    counters.take()
    hops = threads.hops
    cpu, wall = time.process_time(), time.perf_counter()
    res = await call()
    bucket["cpu_ms"].append((time.process_time() - cpu) * 1000)
    bucket["wall_ms"].append((time.perf_counter() - wall) * 1000)
    statements, commits, sql = counters.take()
    bucket["statements"].append(statements)
    bucket["commits"].append(commits)
    bucket["hops"].append(threads.hops - hops)
    bucket["sql"] = sql
    if res.status_code >= 400:
        raise SystemExit(f"{res.request.method} {res.request.url.path}: {res.status_code} {res.text[:200]}")
    return res


def _bucket() -> dict[str, list]:
    return {"cpu_ms": [], "wall_ms": [], "statements": [], "commits": [], "hops": []}


async def run(settings: Settings, turns: int, per_session: int, profile: int) -> dict[str, Any]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        engine = app.state.engine
        with Session(engine, expire_on_commit=False) as db:
            user = User(username="profile", role="trainee", display_name="profile",
                        password_hash="$argon2id$profile-not-a-real-hash")
            db.add(user)
            db.commit()
        headers = {"Authorization": f"Bearer {issue_token(settings.resolved_secret_key(), user.id, user.password_hash)}"}
        counters = Counters(engine)
        kinds = {"turn": _bucket(), "start": _bucket(), "scenarios": _bucket(), "healthz": _bucket()}
        profiler = cProfile.Profile() if profile else None
        threads = ThreadProfiles()
        threads.install()
        pauses = GcPauses()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(20):  # warm-up: imports, first-query compilation, caches
                await client.get("/api/scenarios", headers=headers)
            sid, sent = None, per_session
            for i in range(turns):
                if sent >= per_session:
                    res = await _measure(lambda: client.post("/api/sessions", json={"scenario_id": SCENARIO},
                                                             headers=headers), counters, kinds["start"], threads)
                    sid, sent = res.json()["id"], 0
                if profiler:
                    profiler.enable()
                    threads.enabled = True
                url, body = f"/api/sessions/{sid}/turns", {"text": LINES[i % len(LINES)]}
                res = await _measure(lambda u=url, b=body: client.post(u, json=b, headers=headers), counters,
                                     kinds["turn"], threads)
                if profiler:
                    profiler.disable()
                    threads.enabled = False
                sent = per_session if res.json()["ended"] else sent + 1
                await _measure(lambda: client.get("/api/scenarios", headers=headers), counters, kinds["scenarios"], threads)
                await _measure(lambda: client.get("/healthz"), counters, kinds["healthz"], threads)
        gc_pauses = pauses.close()
    out: dict[str, Any] = {"gc": gc_pauses}
    for kind, b in kinds.items():
        if not b["cpu_ms"]:
            continue
        out[kind] = {
            "n": len(b["cpu_ms"]),
            "cpu_ms_mean": statistics.fmean(b["cpu_ms"]),
            "cpu_ms_p50": statistics.median(b["cpu_ms"]),
            "wall_ms_p50": statistics.median(b["wall_ms"]),
            "statements": statistics.fmean(b["statements"]),
            "commits": statistics.fmean(b["commits"]),
            "thread_hops": statistics.fmean(b["hops"]),
            "last_sql": b["sql"],
        }
    threads.uninstall()
    if profiler:
        buf = io.StringIO()
        buf.write("event loop thread:\n")
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(profile)
        if threads.stats is not None:
            buf.write("worker threads (database, engine):\n")
            threads.stats.stream = buf  # type: ignore[attr-defined]
            threads.stats.sort_stats("cumulative").print_stats(profile)
        out["profile"] = buf.getvalue()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--per-session", type=int, default=20)
    ap.add_argument("--database-url", default=None, help="default: a SQLite file in a temp dir")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print the top N functions of a cProfile")
    ap.add_argument("--sql", action="store_true", help="print the statements of the last turn")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = Path(tempfile.mkdtemp(prefix="sim-profile-"))
    settings = Settings(data_dir=data, database_url=args.database_url, secret_key="bench-profile-secret",
                        stream_delay_ms=0, llm_base_url=None, llm_api_key=None, llm_model=None)
    out = asyncio.run(run(settings, args.turns, args.per_session, args.profile))
    if args.json:
        print(json.dumps({k: v for k, v in out.items() if k != "profile"}, indent=2, ensure_ascii=False))
        return
    print(f"{'request':<10} {'n':>5} {'CPU ms mean':>12} {'CPU ms p50':>11} {'wall p50':>9} {'SQL/req':>8} {'commits':>8} {'threads':>8}")
    for kind, r in out.items():
        if kind in ("profile", "gc"):
            continue
        print(f"{kind:<10} {r['n']:>5} {r['cpu_ms_mean']:>12.2f} {r['cpu_ms_p50']:>11.2f} {r['wall_ms_p50']:>9.2f} "
              f"{r['statements']:>8.1f} {r['commits']:>8.1f} {r['thread_hops']:>8.1f}")
    print(f"app CPU per turn (the turn minus the floor every request pays here, GET /healthz): "
          f"{out['turn']['cpu_ms_mean'] - out['healthz']['cpu_ms_mean']:.2f} ms (issue 18 goal: ≤ 2.5 ms)")
    print("GC pauses: " + ", ".join(f"{g} {p['n']}× (max {p['max_ms']:.1f} ms)" for g, p in out["gc"].items()))
    if args.sql:
        print("\nstatements of the last turn:")
        for s in out["turn"]["last_sql"]:
            print("  " + s)
    if "profile" in out:
        print(out["profile"])


if __name__ == "__main__":
    main()
