"""``collector-sim serve --workers 2`` (issue 18): the schema is migrated once before the workers start,
and every worker serves the same data."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import pytest

from tests.faults.live_server import LiveServer


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc: the worker processes uvicorn spawned)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        kids = [p for p, parent in parents.items() if parent == current]
        found += kids
        todo += kids
    return found


@pytest.fixture
def two_workers(tmp_path):
    server = LiveServer(tmp_path, workers=2)
    server.add_user("alice")
    server.start()
    yield server
    spawned = children(server.proc.pid)
    server.proc.terminate()
    server.proc.wait(timeout=20)
    for pid in spawned:  # nothing may outlive the test
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_two_workers_serve_one_database(two_workers):
    assert len(children(two_workers.proc.pid)) >= 2
    alice = two_workers.token("alice")
    sid = httpx.post(two_workers.base + "/api/sessions", json={"scenario_id": "victim-m1"}, headers=alice).json()["id"]
    for line in ("您好,请问是刘秀兰女士本人吗?", "这个月能先还一部分吗?", "那周五前先还一千,可以吗?"):
        assert httpx.post(f"{two_workers.base}/api/sessions/{sid}/turns", json={"text": line},
                          headers=alice, timeout=10).status_code == 200
    # whichever worker answers, the session is the same
    seen = {len(httpx.get(f"{two_workers.base}/api/sessions/{sid}", headers=alice).json()["transcript"])
            for _ in range(8)}
    assert seen == {7}
    log = two_workers.log.read_text(encoding="utf-8", errors="replace")
    assert "2 workers" in log
