"""Turn load and capacity (design §10): N simulated trainees against a real server on loopback.

    .venv/bin/python scripts/bench.py                         # N = 50, 100, 200 on SQLite + capacity (~7 min)
    .venv/bin/python scripts/bench.py --postgres              # ... and again on a throwaway PostgreSQL
    .venv/bin/python scripts/bench.py --database-url postgresql+psycopg://u@host/db   # a disposable database
    .venv/bin/python scripts/bench.py --trainees 20 --turns 5 --think 0.2 0.5 --no-capacity   # a quick look

Each run starts ``collector-sim serve`` (one uvicorn worker; ``--workers`` for more) on a free loopback
port with a fresh database and the offline engine, creates the trainees directly in the database, and
runs every trainee as an asyncio task: start a session, then ``--turns`` turns with a think time drawn
uniformly from ``--think`` seconds before each, and after each turn a ``GET /api/scenarios`` (the
baseline: the same stack without the turn's work, measured in the same run). Reported per run: turn
p50/p95/p99, baseline p50/p99, turns/s, errors (non-2xx other than a debtor hanging up, timeouts),
lost turns (a turn the server acknowledged but that is not in the database — checked with SQL after the
server stopped), and the server's CPU per turn.

Capacity: no think time; a closed loop of C concurrent trainees for ``--capacity-seconds`` per step,
C = 2, 4, 8, 16, 32, 64 until p99 passes 100 ms or throughput stops growing. Capacity is the highest
turn rate whose p99 stayed ≤ 100 ms (design §10 asks for 60 s steps; the default is shorter so the
whole run stays bounded — pass ``--capacity-seconds 60`` for the design figure).

The load client runs on the same machine and uses CPU too; its share is printed. Absolute times drift
on shared machines: compare each turn figure with the baseline beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_client import ClientError, LeanClient, Response  # noqa: E402  (scripts/bench_client.py)

LINES = [
    "您好,我是安信消费金融贷后服务部的小陈,工号0917,请问是本人吗?",
    "您先别着急,有什么不满您慢慢说,我在听。",
    "我理解您的心情,被催确实挺烦的。",
    "请问是什么原因导致这个月没能按时还款呢?",
    "按照合同约定,逾期信息会如实报送征信系统。",
    "我们可以帮您申请分两期还款,您看每期能承担多少?",
    "那我跟您确认一下:下周五前,还款2000元,对吗?",
    "好的,感谢您的配合,再见。",
]
TRAINEES = (50, 100, 200)
TURNS = 20
THINK = (2.0, 8.0)
CAPACITY_STEPS = (2, 4, 8, 16, 32, 64)
CAPACITY_P99_MS = 100.0
LLM_ENV = ("SIM_LLM_BASE_URL", "SIM_LLM_API_KEY", "SIM_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY",
           "SIM_SPEECH_STT_MODEL", "SIM_SPEECH_TTS_MODEL", "SIM_ENGINE_SEED")


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0–100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- databases ---------------------------------------------------------------------------------------
@dataclass
class Database:
    """Where a run's data lives: a SQLite file in a fresh directory, or a PostgreSQL database emptied first."""

    kind: str  # "sqlite" | "postgresql"
    url: str
    version: str = ""


def sqlite_database(data_dir: Path) -> Database:
    import sqlite3

    return Database("sqlite", f"sqlite:///{data_dir / 'collector-sim.db'}", sqlite3.sqlite_version)


def reset_postgres(url: str) -> str:
    """Empty the public schema (the database must be a disposable one); returns the server version."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            version = conn.execute(sa.text("SHOW server_version")).scalar()
    finally:
        engine.dispose()
    return str(version)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temp dir on a free loopback port, removed afterwards (the same steps as
    scripts/test-postgres.sh, with fsync left on: this measures, it does not just test)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                  if p.parent.parent.name.isdigit() else 0)
    if not bins:
        raise SystemExit("--postgres: no PostgreSQL server installed (Debian: apt-get install postgresql; "
                         "scripts/test-postgres.sh does it)")
    bin_dir = bins[-1].parent
    tmp = Path(tempfile.mkdtemp(prefix="sim-bench-pg."))
    port = free_port()
    as_root = os.geteuid() == 0

    def pg(*cmd: str) -> None:
        line = " ".join(cmd)
        argv = ["su", "postgres", "-c", line] if as_root else ["bash", "-c", line]
        # No pipes: the server pg_ctl starts must not hold ours open (its output goes to {tmp}/log).
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    if as_root:
        shutil.chown(tmp, user="postgres")
    started = False
    try:
        pg(f"{bin_dir}/initdb", "-D", f"{tmp}/db", "-A", "trust", "-U", "postgres")
        pg(f"{bin_dir}/pg_ctl", "-D", f"{tmp}/db", "-o",
           f"'-k {tmp} -c listen_addresses=127.0.0.1 -p {port} -c max_connections=200'",
           "-l", f"{tmp}/log", "-w", "start")
        started = True
        pg(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "sim_bench")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/sim_bench"
    finally:
        if started:
            try:
                pg(f"{bin_dir}/pg_ctl", "-D", f"{tmp}/db", "-m", "fast", "stop")
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


def prepare(db: Database, data_dir: Path, secret: str, users: int) -> list[str]:
    """Migrate, import the catalog, create ``users`` trainees; return their bearer tokens."""
    from sqlmodel import Session

    from simulator.accounts.service import hash_password
    from simulator.config import Settings
    from simulator.core.security import issue_token
    from simulator.db.catalog_versions import import_builtins
    from simulator.db.engine import make_engine, migrate
    from simulator.db.models import User

    settings = Settings(data_dir=data_dir, database_url=db.url)
    engine = make_engine(db.url)
    try:
        migrate(engine)
        import_builtins(engine, settings.personas_dir, settings.rubrics_dir)
        password_hash = hash_password("bench-password-1")  # one argon2 hash for all: it is slow on purpose
        with Session(engine, expire_on_commit=False) as session:
            rows = [User(username=f"load{i}", role="trainee", display_name=f"load{i}", password_hash=password_hash)
                    for i in range(users)]
            session.add_all(rows)
            session.commit()
            return [issue_token(secret, u.id, u.password_hash) for u in rows]
    finally:
        engine.dispose()


def stored_collector_turns(db: Database, session_ids: list[str]) -> dict[str, int]:
    """Collector turns in the database per session (read after the server stopped)."""
    import sqlalchemy as sa

    if not session_ids:
        return {}
    engine = sa.create_engine(db.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT session_id, count(*) FROM turn WHERE speaker = 'collector' AND session_id IN :ids "
                "GROUP BY session_id").bindparams(sa.bindparam("ids", expanding=True)), {"ids": session_ids}).all()
    finally:
        engine.dispose()
    return {sid: n for sid, n in rows}


# -- the server ---------------------------------------------------------------------------------------
def proc_cpu_seconds(pid: int) -> float:
    """user + system CPU of a process and its direct children (uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        this, parent = int(stat.parent.name), int(fields[1])
        if this == pid or parent == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


@contextmanager
def server(db: Database, data_dir: Path, secret: str, workers: int) -> Iterator[tuple[str, int]]:
    """``collector-sim serve`` (or uvicorn with ``workers`` processes) on a free port; yields (base URL, pid)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    env.update({"SIM_DATA_DIR": str(data_dir), "SIM_DATABASE_URL": db.url, "SIM_SECRET_KEY": secret,
                "SIM_STREAM_DELAY_MS": "0", "SIM_LLM_MODEL": "", "PYTHONPATH": str(ROOT)})
    argv = [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--workers", str(workers)]
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        # cwd: the data dir, so a developer's .env (an LLM key, say) does not change what is measured
        proc = subprocess.Popen(argv, env=env, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited ({proc.returncode}); its log: {log_path}\n"
                                 + log_path.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer /healthz within 60 s; its log: {log_path}")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the load ----------------------------------------------------------------------------------------
@dataclass
class Tally:
    turn_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    acknowledged: dict[str, int] = field(default_factory=dict)  # session id -> turns answered 200
    hung_up: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def _request(client: LeanClient, tally: Tally, method: str, url: str, **kw: Any) -> Response | None:
    try:
        return await client.request(method, url, **kw)
    except ClientError as exc:
        tally.error(str(exc))
        return None


async def _start(client: LeanClient, tally: Tally, headers: dict, scenarios: list[str]) -> str | None:
    res = await _request(client, tally, "POST", "/api/sessions", json={"scenario_id": random.choice(scenarios)},
                         headers=headers)
    if res is None:
        return None
    if res.status_code != 201:
        tally.error(f"start {res.status_code}")
        return None
    sid = res.json()["id"]
    tally.acknowledged[sid] = 0
    return sid


async def _turn(client: LeanClient, tally: Tally, headers: dict, sid: str, text: str) -> str:
    """One turn; returns "ok", "ended" (the debtor hung up earlier: a legitimate end) or "error"."""
    t0 = time.perf_counter()
    res = await _request(client, tally, "POST", f"/api/sessions/{sid}/turns", json={"text": text}, headers=headers)
    elapsed = (time.perf_counter() - t0) * 1000
    if res is None:
        return "error"
    if res.status_code == 200:
        tally.turn_ms.append(elapsed)
        tally.acknowledged[sid] += 1
        return "ended" if res.json().get("ended") else "ok"
    if res.status_code == 409 and "ended" in res.text:
        return "ended"
    tally.error(f"turn {res.status_code}")
    return "error"


async def _trainee(client: LeanClient, token: str, turns: int, think: tuple[float, float],
                   scenarios: list[str], tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    await asyncio.sleep(random.uniform(0, think[1]))  # trainees do not all arrive in the same second
    sid = await _start(client, tally, headers, scenarios)
    if sid is None:
        return
    for i in range(turns):
        await asyncio.sleep(random.uniform(*think))
        outcome = await _turn(client, tally, headers, sid, LINES[i % len(LINES)])
        t0 = time.perf_counter()
        res = await _request(client, tally, "GET", "/api/scenarios", headers=headers)
        if res is not None:
            if res.status_code == 200:
                tally.baseline_ms.append((time.perf_counter() - t0) * 1000)
            else:
                tally.error(f"baseline {res.status_code}")
        if outcome == "ended":
            tally.hung_up += 1
            break


def _client(base: str) -> LeanClient:
    """Keep-alive connections, one per request in flight (bench_client.py: httpx cost the shared machine
    more CPU than the server's turn)."""
    return LeanClient(base, timeout=30)


async def _scenarios(client: LeanClient, token: str) -> list[str]:
    res = await client.get("/api/scenarios", headers={"Authorization": f"Bearer {token}"})
    res.raise_for_status()
    # Plain practice scenarios: the special situations (nobody answers, a relative picks up) end early.
    plain = [s["id"] for s in res.json() if s.get("situation", "none") == "none"]
    return plain or [s["id"] for s in res.json()]


async def _warm_up(client: LeanClient, token: str, scenarios: list[str]) -> None:
    """A short session first: the server's first requests compile queries and fill caches (not measured)."""
    headers, scratch = {"Authorization": f"Bearer {token}"}, Tally()
    for _ in range(2):
        sid = await _start(client, scratch, headers, scenarios)
        for i in range(8):
            if sid is None or await _turn(client, scratch, headers, sid, LINES[i % len(LINES)]) != "ok":
                break
            await client.get("/api/scenarios", headers=headers)


@contextmanager
def client_gc_paused() -> Iterator[None]:
    """No garbage-collector passes in the load client while it measures: a full pass over its tasks and
    responses took 80–110 ms, and every request in flight then looked that much slower (its memory for a
    bounded run is small; the collector runs again afterwards)."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


async def _load(base: str, pid: int, tokens: list[str], turns: int,
                think: tuple[float, float]) -> tuple[Tally, float, float, float]:
    """Returns the tally, the wall seconds, and the server's and this client's CPU seconds meanwhile."""
    tally = Tally()
    async with _client(base) as client:
        scenarios = await _scenarios(client, tokens[0])
        await _warm_up(client, tokens[0], scenarios)
        server0, client0 = proc_cpu_seconds(pid), time.process_time()
        started = time.perf_counter()
        budget = think[1] * (turns + 1) + 60  # bounded: a stuck server cannot hold the run forever
        tasks = [asyncio.create_task(_trainee(client, t, turns, think, scenarios, tally)) for t in tokens]
        with client_gc_paused():
            done, pending = await asyncio.wait(tasks, timeout=budget)
        for task in pending:
            task.cancel()
            tally.error("unfinished")
        wall = time.perf_counter() - started
        return tally, wall, proc_cpu_seconds(pid) - server0, time.process_time() - client0


async def _closed_loop(base: str, tokens: list[str], seconds: float, turns: int) -> tuple[Tally, float]:
    """``len(tokens)`` trainees with no think time for ``seconds``: each runs ``turns``-turn sessions back to back."""
    tally = Tally()
    async with _client(base) as client:
        scenarios = await _scenarios(client, tokens[0])
        await _warm_up(client, tokens[0], scenarios)
        deadline = time.perf_counter() + seconds

        async def loop(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            sid, sent = None, turns
            while time.perf_counter() < deadline:
                if sent >= turns or sid is None:
                    sid, sent = await _start(client, tally, headers, scenarios), 0
                    if sid is None:
                        await asyncio.sleep(0.05)
                        continue
                outcome = await _turn(client, tally, headers, sid, LINES[sent % len(LINES)])
                tally.hung_up += outcome == "ended"
                sent = turns if outcome in ("ended", "error") else sent + 1

        started = time.perf_counter()
        with client_gc_paused():
            await asyncio.wait_for(asyncio.gather(*(loop(t) for t in tokens)), timeout=seconds + 60)
        return tally, time.perf_counter() - started


@dataclass
class LoadResult:
    database: str
    trainees: int
    turns: int
    errors: int
    error_kinds: dict[str, int]
    lost: int
    hung_up: int
    turn_p50: float
    turn_p95: float
    turn_p99: float
    base_p50: float
    base_p99: float
    turns_per_s: float
    wall_s: float
    server_cpu_ms_per_turn: float
    client_cpu_share: float  # the load generator's CPU, in cores
    workers: int = 1  # uvicorn worker processes


@dataclass
class CapacityStep:
    concurrency: int
    turns_per_s: float
    p50: float
    p99: float
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)
    ended: int = 0  # turns refused because the debtor had hung up (legitimate, not counted as turns)

    def describe(self) -> str:
        """``2 → 185 (7 / 16)``; a step that completed no turn says why rather than printing NaN."""
        if not self.p50 == self.p50:  # NaN: no turn answered within the step
            why = ", ".join(f"{k} ×{n}" for k, n in self.error_kinds.items()) or f"{self.ended} sessions ended"
            return f"{self.concurrency} → 0 (no turn answered: {why})"
        errors = (f" {self.errors} errors: " + ", ".join(f"{k} ×{n}" for k, n in self.error_kinds.items())
                  if self.errors else "")
        return f"{self.concurrency} → {self.turns_per_s:.0f} ({self.p50:.0f} / {self.p99:.0f}){errors}"


@dataclass
class CapacityResult:
    database: str
    seconds: float
    steps: list[CapacityStep]
    turns_per_s: float  # the best step whose p99 stayed within the bound (0 when none did)
    concurrency: int


def load_run(db: Database, trainees: int, turns: int, think: tuple[float, float], workers: int = 1) -> LoadResult:
    data_dir = Path(tempfile.mkdtemp(prefix="sim-bench."))
    try:
        if db.kind == "sqlite":
            db = sqlite_database(data_dir)
        else:
            db.version = reset_postgres(db.url)
        secret = "bench-" + os.urandom(8).hex()
        tokens = prepare(db, data_dir, secret, trainees)
        with server(db, data_dir, secret, workers) as (base, pid):
            tally, wall, server_cpu, client_cpu = asyncio.run(_load(base, pid, tokens, turns, think))
        stored = stored_collector_turns(db, list(tally.acknowledged))
        lost = sum(max(0, n - stored.get(sid, 0)) for sid, n in tally.acknowledged.items())
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    t, b = tally.turn_ms, tally.baseline_ms
    return LoadResult(
        database=db.kind, trainees=trainees, turns=len(t), errors=tally.errors, error_kinds=tally.error_kinds,
        lost=lost, hung_up=tally.hung_up, turn_p50=pct(t, 50), turn_p95=pct(t, 95), turn_p99=pct(t, 99),
        base_p50=pct(b, 50), base_p99=pct(b, 99), turns_per_s=len(t) / wall if wall else 0.0, wall_s=wall,
        server_cpu_ms_per_turn=1000 * server_cpu / max(1, len(t)),
        client_cpu_share=client_cpu / wall if wall else 0.0, workers=workers,
    )


def capacity_run(db: Database, seconds: float, turns: int, workers: int = 1,
                 steps: tuple[int, ...] = CAPACITY_STEPS) -> CapacityResult:
    data_dir = Path(tempfile.mkdtemp(prefix="sim-bench."))
    try:
        if db.kind == "sqlite":
            db = sqlite_database(data_dir)
        else:
            db.version = reset_postgres(db.url)
        secret = "bench-" + os.urandom(8).hex()
        tokens = prepare(db, data_dir, secret, max(steps))
        results: list[CapacityStep] = []
        with server(db, data_dir, secret, workers) as (base, _pid):
            for c in steps:
                tally, wall = asyncio.run(_closed_loop(base, tokens[:c], seconds, turns))
                step = CapacityStep(c, len(tally.turn_ms) / wall, pct(tally.turn_ms, 50), pct(tally.turn_ms, 99),
                                    tally.errors, dict(tally.error_kinds), tally.hung_up)
                results.append(step)
                best = max(s.turns_per_s for s in results)
                if step.p99 > CAPACITY_P99_MS or step.turns_per_s < 0.95 * best:
                    break  # past the knee: more trainees only queue
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    within = [s for s in results if s.p99 <= CAPACITY_P99_MS and s.errors == 0]
    top = max(within, key=lambda s: s.turns_per_s, default=None)
    return CapacityResult(db.kind, seconds, results, top.turns_per_s if top else 0.0, top.concurrency if top else 0)


# -- targets and report ------------------------------------------------------------------------------
TARGET_N = 100
TARGET_P99_MS = 25.0
TARGET_BASELINE_FACTOR = 3.0
TARGET_CAPACITY = 300.0
CENTRE_SEATS = 300


def load_verdict(r: LoadResult) -> str:
    """Design §10's targets apply at N = 100 on SQLite; other rows are reported, not judged."""
    if r.trainees != TARGET_N or r.database != "sqlite":
        return "ok" if r.errors == 0 and r.lost == 0 else "FAIL (errors)"
    misses = []
    if r.errors or r.lost:
        misses.append(f"{r.errors} errors, {r.lost} lost")
    if not r.turn_p99 <= TARGET_P99_MS:
        misses.append(f"p99 {r.turn_p99:.1f} > {TARGET_P99_MS:.0f} ms")
    if not r.turn_p99 <= TARGET_BASELINE_FACTOR * r.base_p99:
        misses.append(f"p99 {r.turn_p99 / r.base_p99:.1f}× baseline")
    return "pass" if not misses else "FAIL: " + "; ".join(misses)


def seats(turns_per_s: float, think: tuple[float, float], turn_ms: float = 20.0) -> int:
    """Trainees a turn rate serves when each spends the mean think time (plus a turn) per turn."""
    return int(turns_per_s * ((think[0] + think[1]) / 2 + turn_ms / 1000))


def markdown(loads: list[LoadResult], capacities: list[CapacityResult], *, turns: int, think: tuple[float, float],
             workers: int, versions: dict[str, str]) -> str:
    dbs = ", ".join(f"{k} {v}" for k, v in versions.items())
    lines = [
        f"Turn load: {turns}-turn sessions, think time {think[0]:g}–{think[1]:g} s, offline engine, "
        f"{workers} uvicorn worker{'s' if workers > 1 else ''} (unless the table says otherwise), load client on the "
        f"same machine ({dbs}).",
        "",
        "| database | workers | trainees | turns | errors | lost | turn p50 / p95 / p99 (ms) | baseline p50 / p99 (ms) "
        "| turns/s | server CPU / turn | target (N=100, SQLite: p99 ≤ 25 ms, ≤ 3× baseline, 0 errors, 0 lost) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in loads:
        lines.append(
            f"| {r.database} | {r.workers} | {r.trainees} | {r.turns} | {r.errors} | {r.lost} | "
            f"{r.turn_p50:.1f} / {r.turn_p95:.1f} / "
            f"{r.turn_p99:.1f} | {r.base_p50:.1f} / {r.base_p99:.1f} | {r.turns_per_s:.1f} | "
            f"{r.server_cpu_ms_per_turn:.1f} ms | {load_verdict(r)} |")
    if any(r.error_kinds for r in loads):
        lines += ["", "Errors: " + "; ".join(f"{r.database} N={r.trainees}: " + ", ".join(
            f"{k} ×{n}" for k, n in r.error_kinds.items()) for r in loads if r.error_kinds)]
    client = max((r.client_cpu_share for r in loads), default=0.0)
    lines += ["", f"Server CPU per turn includes that turn's baseline request. The load client used up to "
              f"{client:.2f} of a core. Sessions that ended because the debtor hung up stop early (not an error)."]
    if capacities:
        lines += ["", f"Capacity: no think time, closed loop, {capacities[0].seconds:g} s per step; the highest "
                  f"rate with p99 ≤ {CAPACITY_P99_MS:.0f} ms (goal ≥ {TARGET_CAPACITY:.0f} turns/s).", "",
                  "| database | trainees in a loop → turns/s (p50 / p99 ms) | capacity | seats at the think time above "
                  f"| target ≥ {TARGET_CAPACITY:.0f} turns/s |", "|---|---|---|---|---|"]
        for c in capacities:
            steps = "; ".join(s.describe() for s in c.steps)
            verdict = "pass" if c.turns_per_s >= TARGET_CAPACITY else "FAIL"
            lines.append(f"| {c.database} | {steps} | {c.turns_per_s:.0f} turns/s | ≈ {seats(c.turns_per_s, think)} "
                         f"(a {CENTRE_SEATS}-seat centre needs ≈ {CENTRE_SEATS / ((think[0] + think[1]) / 2):.0f} "
                         f"turns/s) | {verdict} |")
    return "\n".join(lines) + "\n"


def run(*, trainees: tuple[int, ...] = TRAINEES, turns: int = TURNS, think: tuple[float, float] = THINK,
        postgres_url: str | None = None, throwaway_pg: bool = False, capacity_seconds: float = 20.0,
        capacity_steps: tuple[int, ...] = CAPACITY_STEPS, workers: int = 1, one_worker_reference: bool = False,
        log=print) -> dict[str, Any]:
    """Every run the arguments ask for; returns {"loads", "capacities", "versions", "markdown"}.
    ``one_worker_reference`` (with ``workers`` > 1): SQLite at the target N once more with one worker."""
    import sqlite3

    versions = {"SQLite": sqlite3.sqlite_version}
    loads: list[LoadResult] = []
    capacities: list[CapacityResult] = []

    def on(db: Database) -> None:
        for n in trainees:
            log(f"bench: {db.kind}, {n} trainees × {turns} turns, think {think[0]:g}–{think[1]:g} s …")
            r = load_run(db, n, turns, think, workers)
            log(f"bench:   turn p50/p95/p99 {r.turn_p50:.1f}/{r.turn_p95:.1f}/{r.turn_p99:.1f} ms, baseline p99 "
                f"{r.base_p99:.1f} ms, {r.turns_per_s:.1f} turns/s, {r.errors} errors, {r.lost} lost")
            loads.append(r)
        if capacity_seconds > 0:
            log(f"bench: {db.kind} capacity, {capacity_seconds:g} s per step …")
            c = capacity_run(db, capacity_seconds, turns, workers, capacity_steps)
            log(f"bench:   capacity {c.turns_per_s:.0f} turns/s at {c.concurrency} trainees in a loop")
            capacities.append(c)
        if db.version:
            versions["PostgreSQL"] = db.version

    on(Database("sqlite", ""))
    if one_worker_reference and workers > 1 and TARGET_N in trainees:
        log(f"bench: sqlite, {TARGET_N} trainees × {turns} turns, one worker (for reference) …")
        r = load_run(Database("sqlite", ""), TARGET_N, turns, think, 1)
        log(f"bench:   turn p50/p95/p99 {r.turn_p50:.1f}/{r.turn_p95:.1f}/{r.turn_p99:.1f} ms, baseline p99 "
            f"{r.base_p99:.1f} ms")
        loads.append(r)
    if postgres_url:
        on(Database("postgresql", postgres_url))
    elif throwaway_pg:
        with throwaway_postgres() as url:
            on(Database("postgresql", url))
    return {"loads": loads, "capacities": capacities, "versions": versions,
            "markdown": markdown(loads, capacities, turns=turns, think=think, workers=workers, versions=versions)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trainees", type=int, nargs="+", default=list(TRAINEES), metavar="N")
    ap.add_argument("--turns", type=int, default=TURNS)
    ap.add_argument("--think", type=float, nargs=2, default=THINK, metavar=("MIN", "MAX"))
    ap.add_argument("--postgres", action="store_true", help="also run on a throwaway PostgreSQL (removed after)")
    ap.add_argument("--database-url", help="also run on this disposable PostgreSQL database (its schema is dropped)")
    ap.add_argument("--capacity-seconds", type=float, default=20.0, help="per capacity step; 0 skips capacity")
    ap.add_argument("--no-capacity", action="store_true")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, help="write the markdown table here")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()
    if args.database_url and not args.database_url.startswith("postgresql"):
        ap.error("--database-url: a PostgreSQL URL (postgresql+psycopg://…); SQLite always runs")
    result = run(trainees=tuple(args.trainees), turns=args.turns, think=tuple(args.think),
                 postgres_url=args.database_url, throwaway_pg=args.postgres,
                 capacity_seconds=0 if args.no_capacity else args.capacity_seconds, workers=args.workers,
                 log=lambda m: print(m, file=sys.stderr, flush=True))
    print(result["markdown"])
    if args.out:
        args.out.write_text(result["markdown"], encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"loads": [asdict(r) for r in result["loads"]],
                                         "capacities": [asdict(c) for c in result["capacities"]],
                                         "versions": result["versions"]}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
