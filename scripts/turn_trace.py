"""Which of the project's files one trainee turn passes through, and how often it changes package (issue 19).

Runs the real app in-process (a SQLite file in a temp dir, the offline engine), starts a session, sends one
warm-up turn, then traces the second ``POST /api/sessions/{id}/turns``: every call into a function of the
``simulator`` package, on every thread, in order. It reports

- the files and packages the turn passes through,
- package switches: how often consecutive calls are in different packages (``practice`` → ``db`` →
  ``practice`` is two), the back-and-forth a reader follows,
- the path: the sequence of packages with repeats collapsed; and the same for the app's own packages only
  (the engine and the analyzer calling each other is the domain at work, not a reader's detour).

    .venv/bin/python scripts/turn_trace.py            # a summary
    .venv/bin/python scripts/turn_trace.py --files    # and every file, in first-call order
    .venv/bin/python scripts/turn_trace.py --json

It runs on older trees too (the imports of the account helpers are looked up in both layouts), so a figure
before a restructuring can be taken from a worktree of the old commit.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.app import create_app  # noqa: E402
from simulator.config import Settings  # noqa: E402

PACKAGE = ROOT / "simulator"
SCENARIO = "evasive-m1"
# The pure domain and the settings: a turn's engine and analyzer calls hop between these by design.
NOT_APP = {"engine", "analysis", "catalog", "grading", "llm", "config"}


def _first(*names: str) -> Any:
    """``module:attr`` from the first layout that has it (the tree before issue 19 kept these elsewhere)."""
    for name in names:
        module, attr = name.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ImportError:
            continue
    raise ImportError(names)


@dataclass
class Trace:
    files: list[str] = field(default_factory=list)  # in first-call order, relative to simulator/
    packages: list[str] = field(default_factory=list)
    switches: int = 0
    path: list[str] = field(default_factory=list)  # packages in call order, repeats collapsed
    calls: int = 0
    app_switches: int = 0  # the same, counting only the app's own packages (not the pure domain or config)
    app_path: list[str] = field(default_factory=list)


def package_of(relative: str) -> str:
    """``practice/turns.py`` → ``practice``; a root module (``deps.py``) is its own package."""
    parts = Path(relative).parts
    return parts[0] if len(parts) > 1 else Path(relative).stem


class Tracer:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.on = False
        self._root = str(PACKAGE) + "/"

    def __call__(self, frame, event, _arg):
        if self.on and event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(self._root):
                self.events.append(filename[len(self._root):])
        return None

    def install(self) -> None:
        sys.setprofile(self)
        threading.setprofile(self)

    def uninstall(self) -> None:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]

    def trace(self) -> Trace:
        out = Trace(calls=len(self.events))
        for rel in self.events:
            if rel not in out.files:
                out.files.append(rel)
            pkg = package_of(rel)
            if pkg not in out.packages:
                out.packages.append(pkg)
            if not out.path or out.path[-1] != pkg:
                if out.path:
                    out.switches += 1
                out.path.append(pkg)
            if pkg not in NOT_APP and (not out.app_path or out.app_path[-1] != pkg):
                if out.app_path:
                    out.app_switches += 1
                out.app_path.append(pkg)
        return out


async def trace_turn(settings: Settings, text: str = "您好，我是XX金融的客服，请问是张先生本人吗？") -> Trace:
    # The old layout first: an editable install would find the new modules for an old tree's missing names.
    user_model = _first("simulator.persistence.models:User", "simulator.db.models:User")
    issue_token = _first("simulator.security:issue_token", "simulator.core.security:issue_token")
    app = create_app(settings)
    tracer = Tracer()
    async with app.router.lifespan_context(app):
        with Session(app.state.engine, expire_on_commit=False) as db:
            user = user_model(username="trace", role="trainee", display_name="trace",
                              password_hash="$argon2id$trace-not-a-real-hash")
            db.add(user)
            db.commit()
        token = issue_token(settings.resolved_secret_key(), user.id, user.password_hash)
        headers = {"Authorization": f"Bearer {token}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://trace") as client:
            res = await client.post("/api/sessions", json={"scenario_id": SCENARIO}, headers=headers)
            res.raise_for_status()
            url = f"/api/sessions/{res.json()['id']}/turns"
            (await client.post(url, json={"text": "您好"}, headers=headers)).raise_for_status()  # warm-up
            tracer.install()
            tracer.on = True
            try:
                res = await client.post(url, json={"text": text}, headers=headers)
            finally:
                tracer.on = False
                tracer.uninstall()
            res.raise_for_status()
    return tracer.trace()


def run(data_dir: Path | None = None) -> Trace:
    data = data_dir or Path(tempfile.mkdtemp(prefix="sim-trace-"))
    settings = Settings(data_dir=data, database_url=None, secret_key="turn-trace-secret", stream_delay_ms=0,
                        llm_base_url=None, llm_api_key=None, llm_model=None)
    return asyncio.run(trace_turn(settings))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", action="store_true", help="list every file in first-call order")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    trace = run()
    if args.json:
        print(json.dumps(asdict(trace), ensure_ascii=False, indent=2))
        return
    print(f"one offline turn: {trace.calls} calls into {len(trace.files)} files in {len(trace.packages)} packages, "
          f"{trace.switches} package switches")
    print(f"outside the pure domain: {trace.app_switches} switches: " + " → ".join(trace.app_path))
    print("packages: " + ", ".join(trace.packages))
    print("path: " + " → ".join(trace.path))
    if args.files:
        print("\n".join("  " + f for f in trace.files))


if __name__ == "__main__":
    main()
