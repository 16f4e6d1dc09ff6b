"""Operations (issue 8): liveness and readiness probes, Prometheus metrics and who may read them,
JSON access logs with request ids, and redaction of secrets in every log line."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import text
from sqlmodel import Session

from simulator.admin import health
from simulator.config import Settings
from simulator.core.logging_setup import configure_logging, redact
from simulator.db.engine import make_engine
from simulator.practice import service as practice
from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings
from tests.fakes.openai_server import FakeOpenAI, Reply

HELLO = "您好,我是安信消费金融的小陈,请问是王建军先生吗?"
TURNS = "/api/sessions/{session_id}/turns"
METRICS_TOKEN = "prom-scraper-token-0123456789"


def sample(body: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus exposition (0 when the series does not exist yet)."""
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"metrics_token": SecretStr(METRICS_TOKEN)})


@pytest.fixture
def scrape(client):
    def read() -> str:
        res = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert res.status_code == 200, res.text
        assert res.headers["content-type"].startswith("text/plain")
        return res.text

    return read


# -- probes ---------------------------------------------------------------------------------------------
def test_healthz_is_a_tiny_unauthenticated_liveness_answer(client):
    res = client.get("/healthz")
    assert res.status_code == 200 and res.json() == {"status": "ok"}


def test_readyz_is_200_when_database_migrations_and_catalog_are_ready(client):
    res = client.get("/readyz")
    assert res.status_code == 200, res.text
    assert res.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "catalog": "ok",
                                                        "llm": "offline engine"}}
    assert len(res.content) < 300


def test_readyz_names_an_unreachable_database_without_its_details(client, tmp_path):
    client.app.state.engine = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    res = client.get("/readyz")
    assert res.status_code == 503
    body = res.json()
    assert body["failing"] == ["database", "migrations"]
    assert body["checks"]["database"] == "error (OperationalError)"
    assert "missing-dir" not in res.text and body["detail"].startswith("database: ")


def test_readyz_gives_up_on_a_database_that_does_not_answer_in_time(client, monkeypatch):
    client.app.state.settings = client.app.state.settings.model_copy(update={"readiness_timeout": 0.2})

    def hang(_engine):
        time.sleep(1.0)

    monkeypatch.setattr(health, "_schema_revision", hang)
    started = time.perf_counter()
    res = client.get("/readyz")
    assert time.perf_counter() - started < 0.9
    assert res.status_code == 503 and res.json()["checks"]["database"] == "no answer within 0.2 s"


def test_readyz_fails_when_the_schema_is_behind_the_code(client):
    with Session(client.app.state.engine) as db:
        db.connection().execute(text("UPDATE alembic_version SET version_num = '0006'"))
        db.commit()
    res = client.get("/readyz")
    assert res.status_code == 503
    assert res.json()["failing"] == ["migrations"]
    assert "collector-sim migrate" in res.json()["checks"]["migrations"]


def test_readyz_fails_without_a_catalog(client):
    client.app.state.catalog = None
    res = client.get("/readyz")
    assert res.status_code == 503 and res.json()["failing"] == ["catalog"]


def test_readyz_reports_a_configured_model_without_calling_it(tmp_path):
    with FakeOpenAI() as fake, llm_client(llm_settings(tmp_path, fake)) as client:
        res = client.get("/readyz")
        assert res.status_code == 200
        assert res.json()["checks"]["llm"] == "configured (not probed)"
        assert fake.requests == []
        assert "fake-model" not in res.text and "sk-" not in res.text and "127.0.0.1" not in res.text


# -- /metrics access ------------------------------------------------------------------------------------
def test_metrics_needs_the_scraper_token_or_an_admin(client, make_user):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong-token"}).status_code == 401
    assert client.get("/metrics", headers=make_user("tom", "trainee")).status_code == 403
    assert client.get("/metrics", headers=make_user("tess", "trainer")).status_code == 403
    assert client.get("/metrics", headers=make_user("ada", "admin")).status_code == 200
    assert client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status_code == 200


def test_without_a_configured_token_only_admins_read_metrics(client, make_user, settings):
    client.app.state.settings = settings.model_copy(update={"metrics_token": None})
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401
    assert client.get("/metrics", headers=make_user("ada", "admin")).status_code == 200


# -- /metrics content -----------------------------------------------------------------------------------
def test_a_turn_is_counted_in_the_turn_histograms_and_by_route_template(client, trainee, scrape):
    before = scrape()
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
    assert client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee).status_code == 200
    after = scrape()

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("sim_turn_request_seconds_count", route=TURNS) == 1
    assert grew("sim_turn_reply_seconds_count", engine="offline") == 1
    assert grew("sim_http_requests_total", method="POST", route=TURNS, status="200") == 1
    assert grew("sim_http_requests_total", method="POST", route="/api/sessions", status="201") == 1
    assert f'route="/api/sessions/{sid}' not in after  # ids never become label values
    assert sample(after, "sim_active_sessions") == 1


def test_grades_are_counted_by_mode_and_result_and_ended_sessions_are_not_active(client, trainee, scrape, play):
    play(trainee, "provocative-m1", "good")
    play(trainee, "provocative-m1", "red_line")
    body = scrape()
    assert sample(body, "sim_grades_total", mode="rules_only", result="pass") == 1
    assert sample(body, "sim_grades_total", mode="rules_only", result="fail") == 1
    assert sample(body, "sim_active_sessions") == 0


def test_model_latency_ttft_and_fallbacks_by_reason(tmp_path):
    with FakeOpenAI() as fake, llm_client(llm_settings(tmp_path, fake, metrics_token=METRICS_TOKEN)) as client:
        auth = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        before = client.get("/metrics", headers=auth).text
        trainee = add_user(client, "alice")
        sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
        fake.queue("你谁啊?有事快说!", Reply(status=500), Reply(status=500))
        for _ in range(2):
            assert client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee).status_code == 200
        after = client.get("/metrics", headers=auth).text

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("sim_llm_ttft_seconds_count") == 1 and grew("sim_llm_latency_seconds_count") == 1
    assert grew("sim_llm_fallbacks_total", reason="http_500") == 1
    assert grew("sim_turn_reply_seconds_count", engine="llm") == 2


# -- logs -----------------------------------------------------------------------------------------------
@pytest.fixture
def json_log(client, settings):
    """Switch the app's log handler to JSON lines into a buffer; the parsed lines on call."""
    buffer = io.StringIO()
    configure_logging(settings.model_copy(update={"log_format": "json"}), stream=buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    configure_logging(settings)


def test_one_json_access_line_per_request_with_request_id_route_status_and_user_id(client, trainee, json_log):
    res = client.get("/api/scenarios?token=abc123secret&lang=zh", headers=trainee)
    assert res.status_code == 200
    request_id = res.headers["X-Request-ID"]
    lines = [entry for entry in json_log() if entry["logger"] == "simulator.access"]
    assert len(lines) == 1
    line = lines[0]
    assert set(line) >= {"ts", "level", "logger", "message", "request_id", "method", "path", "status",
                         "duration_ms", "user_id"}
    assert line["request_id"] == request_id and line["level"] == "info"
    assert line["method"] == "GET" and line["path"] == "/api/scenarios" and line["status"] == 200
    assert isinstance(line["user_id"], int) and "alice" not in json.dumps(line)
    assert "abc123secret" not in json.dumps(line)  # no query string values


def test_a_proxys_request_id_is_kept_and_reaches_lines_logged_in_worker_threads(
        client, trainee, json_log, monkeypatch):
    original = practice.send_turn

    def logged_send_turn(*args, **kwargs):
        logging.getLogger("simulator.practice.service").info("turn for %s", args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(practice, "send_turn", logged_send_turn)
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
    res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers={**trainee, "X-Request-ID": "lb-42"})
    assert res.headers["X-Request-ID"] == "lb-42"
    service_lines = [e for e in json_log() if e["logger"] == "simulator.practice.service"]
    assert service_lines and all(e["request_id"] == "lb-42" for e in service_lines)
    bad = client.get("/healthz", headers={"X-Request-ID": "not an id\nforged: line"})
    assert bad.headers["X-Request-ID"] != "not an id\nforged: line" and len(bad.headers["X-Request-ID"]) == 32


def test_uvicorns_access_log_is_replaced_by_the_apps(client):
    assert logging.getLogger("uvicorn.access").disabled
    assert logging.getLogger("uvicorn.error").propagate


def test_secrets_are_redacted_from_every_log_line(json_log, caplog):
    log = logging.getLogger("simulator.test")
    with caplog.at_level(logging.INFO):
        log.info("login form password=%s", "hunter2-secret")
        log.info("headers {'authorization': 'Bearer eyJabc.def123456789.ghi', 'cookie': 'sim_session=s3cr3t'}")
        log.warning("llm key %s rejected by postgresql://sim:dbpass99@db/sim", "sk-live-abcdefghijklmnop")
        try:
            raise ValueError("api_key=sk-proj-0123456789abcdef")
        except ValueError:
            log.exception("provider failed")
    text = json.dumps(json_log(), ensure_ascii=False) + caplog.text
    for secret in ("hunter2-secret", "eyJabc", "s3cr3t", "dbpass99", "sk-live-abcdefghijklmnop", "sk-proj-0123"):
        assert secret not in text, secret
    assert text.count("[REDACTED]") >= 6


def test_redaction_keeps_ordinary_messages_intact():
    line = "session 3f2a ended: outcome promise_to_pay, 12 turns, 您好,我是小陈"
    assert redact(line) == line


def test_streamed_replies_tell_a_reverse_proxy_not_to_buffer(client, trainee):
    sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=trainee).json()["id"]
    res = client.post(f"/api/sessions/{sid}/turns/stream", json={"text": HELLO}, headers=trainee)
    assert res.status_code == 200 and res.headers["X-Accel-Buffering"] == "no"
    assert res.headers["X-Request-ID"]
