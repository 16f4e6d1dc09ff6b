"""One command, every benchmark of design §10, one markdown report: ``make bench``.

    .venv/bin/python scripts/bench_report.py                     # writes docs/bench-report.md (~12 min)
    .venv/bin/python scripts/bench_report.py --postgres          # turn load on a throwaway PostgreSQL too
    .venv/bin/python scripts/bench_report.py --out /tmp/r.md --trainees 100 --capacity-seconds 60

It runs, in order:

1. **analyzer** — precision/recall/F1 on the labelled dev set (``../shared/eval/dev/utterances.jsonl``,
   or ``--dev``) and throughput (utterances per CPU-second, one core, the set repeated for ~2 s; without
   the dev set, over the collector turns of ``tests/data/graded_transcripts.jsonl``, accuracy not scored);
2. **grading** — pass/fail accuracy, violation F1, critical recall and rules-only time per 40 turns on
   ``tests/data/graded_transcripts.jsonl``;
3. **turn load and capacity** — ``scripts/bench.py`` (N = 50, 100, 200 by default) with one uvicorn worker
   per core (``--workers``; the deployment guide's setting), plus N = 100 on SQLite with a single worker
   for reference;
4. **LLM overhead** — ``scripts/bench_llm.py``: time to first token through the service minus direct,
   against a fake OpenAI-compatible server on loopback, and prompt tokens per turn.

The report starts with the machine (CPU, cores, RAM, OS, Python, SQLite/PostgreSQL versions, git
commit, date, load average) and a table of every target with pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import bench  # noqa: E402  (scripts/bench.py)

DEV_SET = ROOT.parent / "shared" / "eval" / "dev" / "utterances.jsonl"
GRADED = ROOT / "tests" / "data" / "graded_transcripts.jsonl"
ANALYZER_GOAL = 2000.0  # utterances/s, one core
GRADING_GOAL_MS = 20.0  # per rules-only grade of 40 turns
TTFT_GOAL_MS = 20.0  # p50 overhead over calling the model directly
TURN_CPU_GOAL_MS = 2.5  # app CPU of one offline turn on SQLite (issue 18): the turn minus the request floor
FLAT_TOLERANCE = 0.05  # "flat": the last 20 turns' prompts within 5 % of each other


@dataclass
class Options:
    out: Path = ROOT / "docs" / "bench-report.md"
    dev: Path = DEV_SET
    trainees: tuple[int, ...] = bench.TRAINEES
    turns: int = bench.TURNS
    think: tuple[float, float] = bench.THINK
    capacity_seconds: float = 20.0
    capacity_steps: tuple[int, ...] = bench.CAPACITY_STEPS
    postgres: bool = False
    database_url: str | None = None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # one per core, as docs/deploy says
    llm_turns: int = 60
    persona_seeds: int = 3  # persona fidelity (offline engine); 0 skips
    persona_peer: Path | None = None  # a saved `eval personas --provider openai --json` report to include
    analyzer_seconds: float = 2.0
    profile_turns: int = 300  # in-process turn-path CPU (scripts/bench_profile.py), three runs; 0 skips
    log: Callable[[str], None] = field(default=lambda m: print(m, file=sys.stderr, flush=True))


# -- machine ------------------------------------------------------------------------------------------
def _first(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        return None
    return None


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine(pg_version: str | None) -> dict[str, str]:
    mem_kb = _first("/proc/meminfo", "MemTotal")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "CPU": _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": f"{usable} usable ({os.cpu_count()} online)",
        "RAM": f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kb else "unknown",
        "OS": f"{_first('/etc/os-release', 'PRETTY_NAME') or platform.system()} · kernel {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": pg_version or "not run",
        "git commit": commit,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start": " / ".join(f"{x:.2f}" for x in load) + " (1 / 5 / 15 min)",
    }


# -- analyzer and grading -----------------------------------------------------------------------------
def analyzer_bench(dev: Path, seconds: float) -> dict[str, Any]:
    from simulator.analysis import analyze
    from simulator.analysis.evaluate import evaluate, load_labelled
    from simulator.grading.evaluate import load_labelled_transcripts

    out: dict[str, Any] = {"source": str(dev)}
    if dev.is_file():
        records = load_labelled(dev)
        report = evaluate(records)
        texts = [r.text for r in records]
        out.update(utterances=report.total, micro_f1=report.micro_f1, binary_f1=report.binary_f1,
                   critical_recall=report.critical_recall, lawful_fp_rate=report.lawful_fp_rate,
                   misses=len(report.misses))
    else:  # no dev set: throughput only, over the collector turns of the graded transcripts
        texts = [t.text for r in load_labelled_transcripts(GRADED) for t in r.transcript.turns
                 if t.speaker == "collector"]
        out.update(source=f"{GRADED.relative_to(ROOT)} (collector turns; dev set not found at {dev})",
                   utterances=len(texts))
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            analyze(text)
        done += len(texts)
    out["per_second"] = done / (time.process_time() - start)
    return out


def grading_bench() -> dict[str, Any]:
    from simulator.catalog.loader import load_catalog
    from simulator.config import Settings
    from simulator.grading.evaluate import evaluate_grader, load_labelled_transcripts

    settings = Settings()
    catalog = load_catalog(settings.personas_dir, settings.rubrics_dir)
    rubric = catalog.rubric("default")
    assert rubric is not None
    records = load_labelled_transcripts(GRADED, [d.id for d in rubric.dimensions])
    report = evaluate_grader(records, rubric, catalog.rule_packs[rubric.rule_pack])
    return {"transcripts": report.total, "accuracy": report.accuracy, "violation_f1": report.violations.f1,
            "critical_recall": report.critical_recall, "ms_per_40_turns": report.ms_per_40_turns,
            "analyzer_ms_per_40_turns": report.analyzer_ms_per_40_turns, "misses": len(report.misses)}


def persona_bench(seeds: int) -> dict[str, Any]:
    """``collector-sim eval personas`` on the offline engine (issue 16)."""
    import asyncio

    from simulator.authoring import persona_eval
    from simulator.catalog.loader import load_catalog
    from simulator.config import Settings

    settings = Settings()
    catalog = load_catalog(settings.personas_dir, settings.rubrics_dir)
    started = time.perf_counter()
    report = asyncio.run(persona_eval.evaluate(catalog, seeds=range(seeds)))
    return {**report.to_dict(), "seconds": time.perf_counter() - started}


def persona_table(p: dict[str, Any]) -> list[str]:
    def pct(x: float | None) -> str:
        return "—" if x is None else f"{x * 100:.0f}%"

    rows = ["| archetype | skilled | questions | poor | hollow | injection | yes-man | breaks | drift | repeats "
            "| invented | questions answered |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, d in [*p["archetypes"].items(), ("overall", p["overall"])]:
        a = d["agreement_rate"]
        rows.append(f"| {name} | {pct(a['skilled'])} | {pct(a['questions'])} | {pct(a['poor'])} | {pct(a['hollow'])} "
                    f"| {pct(a['injection'])} | {pct(d['yes_man_rate'])} | {d['character_breaks']} "
                    f"| {d['language_drift']} | {d['repeated_lines']} | {d['invented_figures']} "
                    f"| {d['questions_answered']}/{d['questions_asked']} ({pct(d['questions_answered_rate'])}) |")
    return rows


def llm_bench(turns: int) -> dict[str, Any]:
    import bench_llm  # scripts/bench_llm.py (imports the fake server from tests/fakes)

    return bench_llm.run(turns=turns)


# -- report -------------------------------------------------------------------------------------------
def turn_cpu_bench(turns: int, runs: int = 3) -> dict[str, Any]:
    """CPU per request in-process (``bench_profile.py``), the median of ``runs`` runs: the turn, the
    floor every request pays here (``GET /healthz``: the in-process client, the middleware), and the
    app's share of a turn (the difference)."""
    import asyncio
    import tempfile

    import bench_profile

    from simulator.config import Settings

    results = []
    for _ in range(runs):
        data = Path(tempfile.mkdtemp(prefix="sim-profile-"))
        settings = Settings(data_dir=data, secret_key="bench-profile-secret-0123456789", stream_delay_ms=0,
                            llm_base_url=None, llm_api_key=None, llm_model=None, log_level="WARNING")
        out = asyncio.run(bench_profile.run(settings, turns, 20, 0))
        shutil.rmtree(data, ignore_errors=True)
        results.append({"turn_ms": out["turn"]["cpu_ms_mean"], "floor_ms": out["healthz"]["cpu_ms_mean"],
                        "scenarios_ms": out["scenarios"]["cpu_ms_mean"], "statements": out["turn"]["statements"],
                        "commits": out["turn"]["commits"]})
    for r in results:
        r["app_ms"] = r["turn_ms"] - r["floor_ms"]
    median = sorted(results, key=lambda r: r["app_ms"])[len(results) // 2]
    return {**median, "turns": turns, "runs": runs, "app_ms_all": [round(r["app_ms"], 2) for r in results]}


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def targets(a: dict, g: dict, load: dict, llm: dict | None,
            cpu: dict | None = None) -> list[tuple[str, str, str, str]]:
    """(what, measured, target, pass/fail) rows."""
    rows = [("analyzer throughput", f"{a['per_second']:,.0f} utterances/s", f"≥ {ANALYZER_GOAL:,.0f}/s",
             _verdict(a["per_second"] >= ANALYZER_GOAL))]
    if "micro_f1" in a:
        rows.append(("analyzer accuracy (dev set)", f"micro F1 {a['micro_f1']:.3f}, critical recall "
                     f"{a['critical_recall']:.3f}, lawful false positives {a['lawful_fp_rate']:.1%}",
                     "reported (no target in design §10)", "—"))
    rows += [
        ("rules-only grade, 40 turns", f"{g['ms_per_40_turns']:.1f} ms", f"≤ {GRADING_GOAL_MS:.0f} ms",
         _verdict(g["ms_per_40_turns"] <= GRADING_GOAL_MS)),
        ("grading accuracy", f"pass/fail {g['accuracy']:.3f}, violation F1 {g['violation_f1']:.3f}, critical "
         f"recall {g['critical_recall']:.3f} ({g['transcripts']} transcripts)", "reported (no target in design §10)",
         "—"),
    ]
    if cpu is not None:
        rows.append(("turn path, app CPU per offline turn (SQLite, in-process)",
                     f"{cpu['app_ms']:.2f} ms (turn {cpu['turn_ms']:.2f} ms − request floor {cpu['floor_ms']:.2f} ms; "
                     f"{cpu['statements']:.0f} SQL statements, {cpu['commits']:.0f} commits)",
                     f"≤ {TURN_CPU_GOAL_MS:g} ms", _verdict(cpu["app_ms"] <= TURN_CPU_GOAL_MS)))
    at_target = [r for r in load["loads"] if r.trainees == bench.TARGET_N and r.database == "sqlite"]
    for r in at_target:
        rows.append((f"turn load, {r.trainees} trainees, SQLite, {r.workers} worker{'s' if r.workers > 1 else ''}",
                     f"p99 {r.turn_p99:.1f} ms (baseline p99 {r.base_p99:.1f} ms, {r.turn_p99 / r.base_p99:.1f}×), "
                     f"{r.errors} errors, {r.lost} lost",
                     "p99 ≤ 25 ms and ≤ 3× baseline, 0 errors, 0 lost", _verdict(bench.load_verdict(r) == "pass")))
    if not at_target:
        rows.append(("turn load, 100 trainees, SQLite", "not run (see the trainee counts below)",
                     "p99 ≤ 25 ms and ≤ 3× baseline, 0 errors, 0 lost", "—"))
    for r in load["loads"]:
        if r.trainees != bench.TARGET_N or r.database != "sqlite":
            rows.append((f"turn load, {r.trainees} trainees, {r.database}", f"{r.errors} errors, {r.lost} lost",
                         "0 errors, 0 lost", _verdict(r.errors == 0 and r.lost == 0)))
    for c in load["capacities"]:
        rows.append((f"capacity, {c.database}", f"{c.turns_per_s:.0f} turns/s (p99 ≤ 100 ms, {c.seconds:g} s steps)",
                     f"≥ {bench.TARGET_CAPACITY:.0f} turns/s", _verdict(c.turns_per_s >= bench.TARGET_CAPACITY)))
    if llm is not None:
        over = llm["ttft_overhead_ms"]["p50"]
        last = llm["prompt_tokens_last_20"]
        flat = (last["max"] - last["min"]) <= FLAT_TOLERANCE * last["min"]
        judged = llm["turns"] >= 40  # the budget is reached around turn 30 with the default budget
        rows += [
            ("LLM time-to-first-token overhead", f"p50 {over:.1f} ms (direct p50 {llm['ttft_direct_ms']['p50']:.1f} ms, "
             f"{llm['turns']} turns)", f"≤ {TTFT_GOAL_MS:.0f} ms", _verdict(over <= TTFT_GOAL_MS)),
            ("prompt tokens once the history budget is reached", f"last 20 turns {last['min']:,}–{last['max']:,}",
             f"flat (within {FLAT_TOLERANCE:.0%}) from turn 40", _verdict(flat) if judged else "— (under 40 turns)"),
        ]
    return rows


def render(info: dict[str, str], a: dict, g: dict, load: dict, llm: dict | None, options: Options,
           personas: dict | None = None, cpu: dict | None = None) -> str:
    lines = ["# collector-sim benchmark report", "",
             "Generated by `make bench` (`scripts/bench_report.py`); how each figure is measured: design §10 and "
             "[docs/bench.md](bench.md).", "", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Targets", "", "| bench | measured | target | result |", "|---|---|---|---|"]
    lines += [f"| {what} | {measured} | {target} | {verdict} |" for what, measured, target, verdict in
              targets(a, g, load, llm, cpu)]
    lines += ["", "## Analyzer", "", f"Source: {a['source']}, {a['utterances']} utterances.", ""]
    if "micro_f1" in a:
        lines.append(f"Micro F1 {a['micro_f1']:.3f} · binary F1 {a['binary_f1']:.3f} · critical recall "
                     f"{a['critical_recall']:.3f} · lawful lines flagged {a['lawful_fp_rate']:.1%} · "
                     f"{a['misses']} misses (`collector-sim eval {a['source']}` lists them).")
    lines.append(f"Throughput {a['per_second']:,.0f} utterances per CPU-second (one core).")
    lines += ["", "## Grading", "",
              f"{g['transcripts']} labelled transcripts (`tests/data/graded_transcripts.jsonl`): pass/fail accuracy "
              f"{g['accuracy']:.3f}, violation F1 {g['violation_f1']:.3f}, critical recall {g['critical_recall']:.3f}, "
              f"{g['misses']} misses; rules-only grading {g['ms_per_40_turns']:.2f} ms per 40 turns (the analyzer "
              f"alone {g['analyzer_ms_per_40_turns']:.2f} ms, same run).",
              "", "## Turn load and capacity", "", load["markdown"].rstrip()]
    if cpu is not None:
        lines += ["", "## Turn path CPU", "",
                  f"`scripts/bench_profile.py` in-process (the app, its middleware and a SQLite file; one request at a "
                  f"time, so other processes do not move it): {cpu['turns']} offline turns, median of {cpu['runs']} runs "
                  f"(app CPU per run: {', '.join(f'{x:.2f}' for x in cpu['app_ms_all'])} ms). A turn costs "
                  f"{cpu['turn_ms']:.2f} ms of CPU, `GET /api/scenarios` {cpu['scenarios_ms']:.2f} ms and `GET /healthz` "
                  f"{cpu['floor_ms']:.2f} ms — the floor every request pays here (the in-process client, the ASGI "
                  f"stack and middleware), which the app CPU figure leaves out."]
    if llm is not None:
        lines += ["", "## LLM overhead", "",
                  f"Fake OpenAI-compatible server on loopback, first token after {llm['fake_first_token_ms']:g} ms; "
                  f"{llm['turns']} streamed turns, each also sent directly (the first 3 are warm-up).", "",
                  "| | p50 (ms) | p95 (ms) |", "|---|---|---|",
                  f"| time to first token, direct | {llm['ttft_direct_ms']['p50']:.1f} | {llm['ttft_direct_ms']['p95']:.1f} |",
                  f"| time to first token, through the service | {llm['ttft_service_ms']['p50']:.1f} | "
                  f"{llm['ttft_service_ms']['p95']:.1f} |",
                  f"| overhead | {llm['ttft_overhead_ms']['p50']:.1f} | {llm['ttft_overhead_ms']['p95']:.1f} |", "",
                  "Prompt tokens by turn (history budget "
                  f"{llm['history_budget_tokens']:,}): " + ", ".join(
                      f"{n}: {t:,}" for n, t in llm["prompt_tokens_per_turn"].items())
                  + f"; {llm['fallback_turns']} fallback turns."]
    if personas is not None:
        lines += ["", "## Persona fidelity", "",
                  f"`collector-sim eval personas --seeds {len(personas['seeds'])}` on the offline engine "
                  f"({personas['overall']['runs']} scripted calls, {personas['overall']['lines']} debtor lines, "
                  f"{personas['seconds']:.1f} s): agreement rate per collector script, the yes-man rate (poor, "
                  "hollow and injection calls that ended agreed), and what a trainee would have seen. A model's "
                  "figures: `--provider openai` against the configured endpoint (README, LLM-played debtors).", ""]
        lines += persona_table(personas)
    if options.persona_peer is not None:
        peer = json.loads(options.persona_peer.read_text(encoding="utf-8"))
        o = peer["overall"]
        lines += ["", f"A real model, measured separately and saved in `{options.persona_peer.name}`: "
                  f"{peer['provider']} `{peer['model']}`, seeds {', '.join(map(str, peer['seeds']))} "
                  f"({o['runs']} calls, {o['lines']} lines). Guard rejections: "
                  + (", ".join(f"{k} {v}" for k, v in o["guard_rejections"].items()) or "none")
                  + "; fallbacks: " + (", ".join(f"{k} {v}" for k, v in o["fallbacks"].items()) or "none")
                  + f"; time to first token p50 {o['ttft_ms_p50']} ms, p95 {o['ttft_ms_p95']} ms; "
                  f"prompt tokens per turn {o['prompt_tokens_per_turn']}; lines off the engine's decision "
                  f"{o.get('off_decision_lines', '—')}.", ""]
        lines += persona_table(peer)
    lines += ["", f"Settings: trainees {', '.join(map(str, options.trainees))}; {options.turns} turns; think "
              f"{options.think[0]:g}–{options.think[1]:g} s; capacity steps {options.capacity_seconds:g} s; "
              f"{options.workers} worker(s); {options.llm_turns} LLM turns. Absolute times drift on shared "
              "machines: read each turn figure next to the baseline measured in the same run."]
    return "\n".join(lines) + "\n"


def build(options: Options) -> str:
    """Run every bench; write and return the report."""
    log = options.log
    log("bench-report: analyzer …")
    a = analyzer_bench(options.dev, options.analyzer_seconds)
    log("bench-report: grading …")
    g = grading_bench()
    load = bench.run(trainees=options.trainees, turns=options.turns, think=options.think,
                     postgres_url=options.database_url, throwaway_pg=options.postgres,
                     capacity_seconds=options.capacity_seconds, capacity_steps=options.capacity_steps,
                     workers=options.workers, one_worker_reference=True, log=log)
    llm = None
    if options.llm_turns > 0:
        log(f"bench-report: LLM overhead, {options.llm_turns} turns …")
        llm = llm_bench(options.llm_turns)
    personas = None
    if options.persona_seeds > 0:
        log(f"bench-report: persona fidelity, {options.persona_seeds} seeds …")
        personas = persona_bench(options.persona_seeds)
    cpu = None
    if options.profile_turns > 0:
        log(f"bench-report: turn path CPU, {options.profile_turns} turns × 3 …")
        cpu = turn_cpu_bench(options.profile_turns)
    report = render(machine(load["versions"].get("PostgreSQL")), a, g, load, llm, options, personas, cpu)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(report, encoding="utf-8")
    log(f"bench-report: wrote {options.out}")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    d = Options()
    ap.add_argument("--out", type=Path, default=d.out)
    ap.add_argument("--dev", type=Path, default=d.dev, help="labelled utterances (JSON Lines)")
    ap.add_argument("--trainees", type=int, nargs="+", default=list(d.trainees), metavar="N")
    ap.add_argument("--turns", type=int, default=d.turns)
    ap.add_argument("--think", type=float, nargs=2, default=d.think, metavar=("MIN", "MAX"))
    ap.add_argument("--capacity-seconds", type=float, default=d.capacity_seconds, help="0 skips capacity")
    ap.add_argument("--postgres", action="store_true", help="turn load on a throwaway PostgreSQL too")
    ap.add_argument("--database-url", help="turn load on this disposable PostgreSQL database too (schema dropped)")
    ap.add_argument("--workers", type=int, default=d.workers)
    ap.add_argument("--llm-turns", type=int, default=d.llm_turns, help="0 skips the LLM bench")
    ap.add_argument("--persona-seeds", type=int, default=d.persona_seeds, help="0 skips persona fidelity")
    ap.add_argument("--profile-turns", type=int, default=d.profile_turns, help="turn-path CPU (in-process); 0 skips")
    ap.add_argument("--persona-peer", type=Path, help="include a saved `eval personas --provider openai --json` report")
    ap.add_argument("--print", action="store_true", help="print the report too")
    args = ap.parse_args()
    if args.llm_turns and args.llm_turns < 5:
        ap.error("--llm-turns: at least 5 (the first 3 are warm-up), or 0 to skip")
    report = build(Options(out=args.out, dev=args.dev, trainees=tuple(args.trainees), turns=args.turns,
                           think=tuple(args.think), capacity_seconds=args.capacity_seconds, postgres=args.postgres,
                           database_url=args.database_url, workers=args.workers, llm_turns=args.llm_turns,
                           persona_seeds=args.persona_seeds, persona_peer=args.persona_peer,
                           profile_turns=args.profile_turns))
    if args.print:
        print(report)


if __name__ == "__main__":
    main()
