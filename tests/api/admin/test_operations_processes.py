"""Operations across processes: metrics summed over workers (multiprocess mode), and the JSON log of a
real ``collector-sim serve`` (uvicorn's own lines included, its access log replaced by the app's)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx

from simulator.core.metrics import StoredCounts, exposition
from tests.api.admin.test_operations import sample
from tests.faults.live_server import LiveServer

WORKER = """
from simulator.core import metrics
metrics.HTTP_REQUESTS.labels("POST", "/api/sessions/{session_id}/turns", "200").inc(3)
metrics.TURN_REPLY_SECONDS.labels("offline").observe(0.004)
metrics.observe_voiced(fallback=True, reason="out_of_character:coaching", latency_ms=None, ttft_ms=None)
"""


def test_a_scrape_sums_every_workers_samples_in_multiprocess_mode(tmp_path):
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # two "workers", each with its own process
        subprocess.run([sys.executable, "-c", WORKER], env=env, check=True)
    body = exposition(StoredCounts(grades={("rules_only", True): 4}, active_sessions=2), active_minutes=30,
                      multiproc_dir=str(tmp_path)).decode()
    turns = "/api/sessions/{session_id}/turns"
    assert sample(body, "sim_http_requests_total", method="POST", route=turns, status="200") == 6
    assert sample(body, "sim_turn_reply_seconds_count", engine="offline") == 2
    assert sample(body, "sim_llm_fallbacks_total", reason="out_of_character") == 2
    assert sample(body, "sim_grades_total", mode="rules_only", result="pass") == 4
    assert sample(body, "sim_active_sessions") == 2


def test_serve_writes_json_lines_with_the_apps_access_line_and_no_secrets(tmp_path):
    server = LiveServer(tmp_path, SIM_LOG_FORMAT="json")
    server.add_user("erin")
    server.start()
    try:
        auth = server.token("erin")
        res = httpx.get(server.base + "/api/scenarios?access_token=leaked-in-url", headers=auth)
        assert res.status_code == 200
        request_id = res.headers["X-Request-ID"]
        deadline = time.time() + 5  # the access line is written just after the response is sent
        while request_id not in server.log.read_text(encoding="utf-8") and time.time() < deadline:
            time.sleep(0.05)
    finally:
        server.kill()
    lines = [json.loads(line) for line in server.log.read_text(encoding="utf-8").splitlines()
             if line.startswith("{")]
    assert any(e["logger"].startswith("uvicorn") for e in lines)  # uvicorn's startup lines, as JSON
    access = [e for e in lines if e["logger"] == "simulator.access"]
    scenarios = [e for e in access if e["path"] == "/api/scenarios"]
    assert len(scenarios) == 1 and scenarios[0]["request_id"] == request_id and scenarios[0]["status"] == 200
    assert not [e for e in lines if e["logger"] == "uvicorn.access"]
    text = server.log.read_text(encoding="utf-8")
    assert "leaked-in-url" not in text and "fault-test-password-1" not in text and "fault-test-secret" not in text


def test_collector_sim_migrate_brings_an_empty_database_to_head(tmp_path):
    from sqlalchemy import create_engine, text

    from simulator.db.engine import head_revision

    env = {"SIM_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "simulator", "migrate"], env=env, check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == f"database at revision {head_revision()}"
    engine = create_engine(f"sqlite:///{tmp_path / 'collector-sim.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    engine.dispose()


def test_metrics_read_the_shared_directory_when_workers_share_one(client, make_user, tmp_path):
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", WORKER], env=env, check=True)
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"prometheus_multiproc_dir": str(tmp_path)})
    body = client.get("/metrics", headers=make_user("ada", "admin")).text
    turns = "/api/sessions/{session_id}/turns"
    assert sample(body, "sim_http_requests_total", method="POST", route=turns, status="200") == 3  # the worker's
    assert sample(body, "sim_http_requests_total", method="GET", route="/metrics", status="200") == 0  # not ours
