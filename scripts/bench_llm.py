"""LLM overhead bench (design §10): time to first token through the service vs. the same server direct,
and prompt tokens per turn over a 60-turn session.

Runs offline: a fake OpenAI-compatible server on loopback (tests/fakes/openai_server.py) plays the
model with a fixed first-token delay; the service runs as a real uvicorn subprocess pointed at it.
Each turn is measured twice, interleaved: through the service (POST /turns/stream → first ``token``
event) and directly (the official ``openai`` client streaming the very messages the service sent →
first content chunk). The difference is what the service adds: database commit of the trainee's turn,
the engine, the prompt, the guard, SSE.

    .venv/bin/python scripts/bench_llm.py [--turns 60] [--first-token-ms 50] [--budget 1200]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx
import openai

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.llm.base import estimate_tokens  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI, Reply  # noqa: E402
from tests.unit.engine.llm_fixtures import COLLECTOR  # noqa: E402

DEBTOR = [
    "喂?你谁啊?我这正忙着呢。",
    "是我,怎么了?又是催钱的吧。",
    "我跟你说,工程款没结,我手头紧,月底肯定给你们。",
    "行吧,你说,我听着呢。",
    "你们天天打电话,我生意还做不做了?",
    "征信?那农行续贷真会受影响啊?",
    "三千我想想办法,月底前应该行。",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_service(fake: FakeOpenAI, data: Path, budget: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "SIM_DATA_DIR": str(data), "SIM_SECRET_KEY": "bench-secret", "SIM_STREAM_DELAY_MS": "0",
           "SIM_ENGINE_SEED": "7", "SIM_LLM_BASE_URL": fake.url, "SIM_LLM_MODEL": "fake-model",
           "SIM_LLM_API_KEY": "sk-bench-not-a-real-key", "SIM_LLM_HISTORY_TOKEN_BUDGET": str(budget)}
    env.pop("SIM_DATABASE_URL", None)
    cli = [sys.executable, "-m", "simulator"]
    for user, role in (("bench", "trainee"), ("benchadmin", "admin")):
        subprocess.run([*cli, "users", "add", user, "--role", role, "--password-stdin"], input="Lake-Harbor-2026\n",
                       text=True, env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "1"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the service did not start")


def service_turn(client: httpx.Client, base: str, sid: str, text: str) -> tuple[float, float]:
    """(time to first token event, time to done) in ms."""
    started = time.perf_counter()
    first = None
    with client.stream("POST", f"{base}/api/sessions/{sid}/turns/stream", json={"text": text}) as res:
        res.raise_for_status()
        for line in res.iter_lines():
            if line == "event: token" and first is None:
                first = time.perf_counter()
    done = time.perf_counter()
    return ((first or done) - started) * 1000, (done - started) * 1000


def direct_turn(client: openai.OpenAI, messages: list[dict]) -> float:
    started = time.perf_counter()
    stream = client.chat.completions.create(model="fake-model", messages=messages, stream=True,
                                            stream_options={"include_usage": True})
    first = None
    for chunk in stream:
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter()
    return ((first or time.perf_counter()) - started) * 1000


def run(turns: int = 60, first_token_ms: float = 50.0, chunk_ms: float = 5.0, budget: int = 1200) -> dict:
    """One bench: a ``turns``-turn streamed session through the service, each turn also sent direct."""

    def reply(i: int) -> Reply:
        return Reply(text=DEBTOR[i % len(DEBTOR)], first_token_delay=first_token_ms / 1000,
                     chunk_delay=chunk_ms / 1000)

    with FakeOpenAI() as fake, tempfile.TemporaryDirectory() as tmp:
        proc, base = start_service(fake, Path(tmp), budget)
        try:
            with httpx.Client(timeout=30) as http:
                token = http.post(f"{base}/api/auth/token",
                                  data={"username": "bench", "password": "Lake-Harbor-2026"}).json()["access_token"]
                http.headers["Authorization"] = f"Bearer {token}"
                sid = http.post(f"{base}/api/sessions", json={"scenario_id": "provocative-m1"}).json()["id"]
                direct = openai.OpenAI(base_url=fake.url, api_key="sk-bench-not-a-real-key", max_retries=0)
                via, raw, totals, prompt_sizes, fallbacks = [], [], [], [], 0
                for i in range(turns):
                    fake.queue(reply(i))
                    ttft, total = service_turn(http, base, sid, COLLECTOR[i % len(COLLECTOR)])
                    sent = fake.chat_requests()[-1]["messages"]
                    prompt_sizes.append(sum(estimate_tokens(m["content"]) for m in sent))
                    fake.queue(reply(i))
                    raw.append(direct_turn(direct, sent))
                    via.append(ttft)
                    totals.append(total)
                detail = http.get(f"{base}/api/sessions/{sid}").json()
                fallbacks = sum(1 for t in detail["transcript"] if t.get("fallback"))
                admin = http.post(f"{base}/api/auth/token",
                                  data={"username": "benchadmin", "password": "Lake-Harbor-2026"}).json()["access_token"]
                usage = http.get(f"{base}/api/admin/sessions", headers={"Authorization": f"Bearer {admin}"}).json()
                row = next(r for r in usage["sessions"] if r["id"] == sid)
                direct.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    warm = slice(3, None)  # the first turns warm up connections and caches
    diffs = [a - b for a, b in zip(via[warm], raw[warm], strict=True)]
    marks = [n for n in (1, 5, 10, 15, 20, 30, 40, 50, 60) if n <= len(prompt_sizes)]
    return {
        "turns": turns,
        "fake_first_token_ms": first_token_ms,
        "ttft_direct_ms": {"p50": round(statistics.median(raw[warm]), 1), "p95": round(pct(raw[warm], 0.95), 1)},
        "ttft_service_ms": {"p50": round(statistics.median(via[warm]), 1), "p95": round(pct(via[warm], 0.95), 1)},
        "ttft_overhead_ms": {"p50": round(statistics.median(diffs), 1), "p95": round(pct(diffs, 0.95), 1)},
        "turn_total_ms_p50": round(statistics.median(totals[warm]), 1),
        "history_budget_tokens": budget,
        "prompt_tokens_per_turn": {str(n): prompt_sizes[n - 1] for n in marks},
        "prompt_tokens_last_20": {"min": min(prompt_sizes[-20:]), "max": max(prompt_sizes[-20:])},
        "fallback_turns": fallbacks,
        "recorded_by_service": {"avg_model_ttft_ms": row["avg_ttft_ms"], "avg_latency_ms": row["avg_latency_ms"],
                                "prompt_tokens": row["prompt_tokens"], "completion_tokens": row["completion_tokens"]},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns", type=int, default=60)
    ap.add_argument("--first-token-ms", type=float, default=50.0, help="the fake model's time to first token")
    ap.add_argument("--chunk-ms", type=float, default=5.0, help="the fake model's time between chunks")
    ap.add_argument("--budget", type=int, default=1200, help="SIM_LLM_HISTORY_TOKEN_BUDGET")
    args = ap.parse_args()
    report = run(args.turns, args.first_token_ms, args.chunk_ms, args.budget)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
