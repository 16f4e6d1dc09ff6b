"""Benchmarks (design §10): analyzer throughput, rules-only grading time, and turn latency under load.

    .venv/bin/python scripts/bench.py                       # quick: N=20 trainees, short think time
    .venv/bin/python scripts/bench.py --trainees 100 --think 2 8 --out docs/bench.md

Turn load runs a real uvicorn (offline engine, SQLite in a temp dir) on loopback and N simulated
trainees, each running a 20-turn session with a think time between turns; it reports p50/p95/p99 turn
latency, errors and lost turns, with `GET /api/scenarios` measured in the same run as the baseline.
Absolute times drift on shared machines: compare each figure with the baseline next to it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.analysis import analyze  # noqa: E402
from simulator.catalog.loader import load_catalog  # noqa: E402
from simulator.grading.grader import grade  # noqa: E402
from simulator.grading.transcript import Transcript  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev" / "utterances.jsonl"
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


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def bench_analyzer(seconds: float = 2.0) -> dict:
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()] if DEV.exists() else LINES
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            analyze(t)
        n += len(texts)
    return {"utterances_per_s": n / (time.perf_counter() - start), "lines": len(texts)}


def bench_grading(repeat: int = 50) -> dict:
    catalog = load_catalog(ROOT / "personas", ROOT / "rubrics")
    rubric = catalog.rubric("default")
    pack = catalog.rule_packs[rubric.rule_pack]
    turns = []
    for i in range(20):
        turns.append({"speaker": "debtor", "text": "我现在真的没钱,你们别再打了!!" if i % 3 else "嗯,是我。"})
        turns.append({"speaker": "collector", "text": LINES[i % len(LINES)]})
    transcript = Transcript(id="bench", stage="M1", archetype="provocative", turns=turns)
    grade(transcript, rubric, pack)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        grade(transcript, rubric, pack)
        times.append((time.perf_counter() - t0) * 1000)
    return {"ms_p50": statistics.median(times), "ms_max": max(times), "turns": len(turns)}


async def _trainee(client: httpx.AsyncClient, token: str, turns: int, think: tuple[float, float], out: dict) -> None:
    h = {"Authorization": f"Bearer {token}"}
    res = await client.post("/api/sessions", json={"scenario_id": random.choice(out["scenarios"])}, headers=h)
    if res.status_code != 201:
        out["errors"] += 1
        return
    sid = res.json()["id"]
    sent = 0
    for i in range(turns):
        await asyncio.sleep(random.uniform(*think))
        t0 = time.perf_counter()
        r = await client.post(f"/api/sessions/{sid}/turns", json={"text": LINES[i % len(LINES)]}, headers=h)
        dt = (time.perf_counter() - t0) * 1000
        if r.status_code == 200:
            out["turn_ms"].append(dt)
            sent += 1
        elif r.status_code == 409 and "ended" in r.text:
            break  # the debtor hung up: a legitimate end, not an error
        else:
            out["errors"] += 1
        t0 = time.perf_counter()
        b = await client.get("/api/scenarios", headers=h)
        out["baseline_ms"].append((time.perf_counter() - t0) * 1000)
        if b.status_code != 200:
            out["errors"] += 1
    detail = (await client.get(f"/api/sessions/{sid}", headers=h)).json()
    stored = sum(1 for t in detail["transcript"] if t["speaker"] == "collector")
    out["lost"] += max(0, sent - stored)


async def _load(base: str, tokens: list[str], turns: int, think: tuple[float, float]) -> dict:
    out: dict = {"turn_ms": [], "baseline_ms": [], "errors": 0, "lost": 0}
    limits = httpx.Limits(max_connections=len(tokens) + 10, max_keepalive_connections=len(tokens) + 10)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        out["scenarios"] = [s["id"] for s in (await client.get("/api/scenarios", headers={
            "Authorization": f"Bearer {tokens[0]}"})).json()]
        t0 = time.perf_counter()
        await asyncio.gather(*(_trainee(client, tok, turns, think, out) for tok in tokens))
        out["wall_s"] = time.perf_counter() - t0
    return out


def bench_turns(trainees: int, turns: int, think: tuple[float, float]) -> dict:
    data = tempfile.mkdtemp()
    env = {**os.environ, "SIM_DATA_DIR": data, "SIM_STREAM_DELAY_MS": "0"}
    cli = [sys.executable, "-m", "simulator"]
    port = 8790
    from sqlmodel import Session

    from simulator.config import Settings
    from simulator.persistence.db import make_engine, migrate
    from simulator.security import issue_token
    from simulator.services.accounts import create_user

    settings = Settings(data_dir=Path(data))
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    tokens = []
    with Session(engine) as db:
        users = [create_user(db, username=f"load{i}", role="trainee", password="load-password-1") for i in range(trainees)]
        db.commit()
        tokens = [issue_token(settings.resolved_secret_key(), u.id, u.password_hash) for u in users]
    engine.dispose()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env={**env, "SIM_SECRET_KEY": settings.resolved_secret_key()},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        out = asyncio.run(_load(f"http://127.0.0.1:{port}", tokens, turns, think))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    t, b = out["turn_ms"], out["baseline_ms"]
    return {
        "trainees": trainees, "turns": len(t), "errors": out["errors"], "lost": out["lost"],
        "turn_p50": pct(t, 50), "turn_p95": pct(t, 95), "turn_p99": pct(t, 99),
        "base_p50": pct(b, 50), "base_p99": pct(b, 99), "throughput": len(t) / out["wall_s"],
    }


def machine() -> str:
    return f"{platform.node()} · {platform.platform()} · Python {platform.python_version()} · {os.cpu_count()} CPUs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trainees", type=int, nargs="+", default=[20])
    ap.add_argument("--turns", type=int, default=20)
    ap.add_argument("--think", type=float, nargs=2, default=(0.2, 0.8))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    a = bench_analyzer()
    g = bench_grading()
    lines = [
        "# collector-sim benchmark", "", f"Machine: {machine()}  ", f"Date: {time.strftime('%Y-%m-%d %H:%M')}", "",
        "| bench | figure | goal |", "|---|---|---|",
        f"| analyzer | {a['utterances_per_s']:,.0f} utterances/s (one core, {a['lines']} dev lines repeated) | ≥ 2,000/s |",
        f"| rules-only grade, {g['turns']}-turn transcript | p50 {g['ms_p50']:.1f} ms, max {g['ms_max']:.1f} ms | ≤ 20 ms |",
        "", f"Turn load: {args.turns}-turn sessions, think time {args.think[0]}–{args.think[1]} s, offline engine, SQLite.", "",
        "| trainees | turns | errors | lost | turn p50 / p95 / p99 (ms) | baseline GET /api/scenarios p50 / p99 (ms) | turns/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in args.trainees:
        r = bench_turns(n, args.turns, tuple(args.think))
        lines.append(f"| {n} | {r['turns']} | {r['errors']} | {r['lost']} | {r['turn_p50']:.1f} / {r['turn_p95']:.1f} / "
                     f"{r['turn_p99']:.1f} | {r['base_p50']:.1f} / {r['base_p99']:.1f} | {r['throughput']:.1f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
