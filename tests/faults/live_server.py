"""A real ``collector-sim serve`` process on a free loopback port, on a temp SQLite file, that a test
can SIGKILL and start again on the same data (the fault tests need a process, not a TestClient)."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

PASSWORD = "fault-test-password-1"
LLM_ENV = ("SIM_LLM_BASE_URL", "SIM_LLM_API_KEY", "SIM_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY",
           "SIM_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, data_dir: Path, *, workers: int = 1, **env: str) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
        self.env.update({"SIM_DATA_DIR": str(data_dir), "SIM_SECRET_KEY": "fault-test-secret",
                         "SIM_STREAM_DELAY_MS": "0", "SIM_ENGINE_SEED": "7", **env})
        self.proc: subprocess.Popen | None = None
        self.base = ""
        self.log = data_dir / "serve.log"  # the process's stdout and stderr, appended across restarts

    def add_user(self, username: str, role: str = "trainee") -> None:
        subprocess.run([sys.executable, "-m", "simulator", "users", "add", username, "--role", role,
                        "--password-stdin"], input=PASSWORD + "\n", text=True, env=self.env, check=True,
                       capture_output=True)

    def start(self) -> LiveServer:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1",
                                      "--port", str(port), "--workers", str(self.workers)], env=self.env,
                                     stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(self.base + "/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}")
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("serve did not become ready in 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush, like a crashed or OOM-killed worker."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def token(self, username: str) -> dict[str, str]:
        res = httpx.post(self.base + "/api/auth/token", data={"username": username, "password": PASSWORD})
        res.raise_for_status()
        return {"Authorization": f"Bearer {res.json()['access_token']}"}

    def turns_on_disk(self, session_id: str) -> list[tuple]:
        """(index, speaker, text, fallback, fallback_reason) straight from the SQLite file."""
        with sqlite3.connect(self.data_dir / "collector-sim.db") as db:
            return db.execute('SELECT "index", speaker, text, fallback, fallback_reason FROM turn '
                              'WHERE session_id = ? ORDER BY "index"', (session_id,)).fetchall()
