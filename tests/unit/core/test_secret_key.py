"""Workers started together on one data directory agree on the generated cookie-signing key."""

from __future__ import annotations

import subprocess
import sys

GET_KEY = "from simulator.config import Settings; print(Settings(secret_key=None).resolved_secret_key())"


def test_processes_generating_the_key_at_once_all_get_the_same_one(tmp_path):
    env = {"SIM_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", GET_KEY], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(keys.pop()) >= 48
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # no drafts left behind
