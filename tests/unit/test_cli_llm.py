"""`play --provider openai` and `llm check` against the fake OpenAI-compatible server."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from tests.fakes.openai_server import FakeOpenAI, Reply

runner = CliRunner()
SECRET = "sk-cli-SECRET-0987654321"


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SIM_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout


@pytest.fixture
def fake(monkeypatch):
    with FakeOpenAI() as server:
        monkeypatch.setenv("SIM_LLM_BASE_URL", server.url)
        monkeypatch.setenv("SIM_LLM_MODEL", "fake-model")
        monkeypatch.setenv("SIM_LLM_API_KEY", SECRET)
        monkeypatch.setenv("SIM_LLM_RETRY_BACKOFF", "0.01")
        yield server


def script(tmp_path) -> str:
    path = tmp_path / "lines.txt"
    path.write_text("您好,我是贷后服务部的小陈。\n您先别着急,慢慢说,我在听。\n", encoding="utf-8")
    return str(path)


def test_play_with_the_llm_keeps_the_json_contract(tmp_path, fake):
    fake.queue("王建军:你谁啊?", Reply(status=500), Reply(status=500))
    res = runner.invoke(app, ["play", "--persona", "provocative", "--script", script(tmp_path), "--seed", "3",
                              "--provider", "openai", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert len(out["turns"]) == 2 and out["outcome"] in ("none", "promise_to_pay", "payment_plan", "refused", "hung_up")
    first, second = out["turns"]
    assert set(first) >= {"collector", "debtor", "state", "outcome"}
    assert first["debtor"] == "你谁啊?" and first["fallback"] is False
    assert second["fallback"] is True and second["debtor"]  # the offline line answered
    offline = json.loads(runner.invoke(app, ["play", "--persona", "provocative", "--script", script(tmp_path),
                                             "--seed", "3", "--json"]).output)
    assert [t["state"] for t in out["turns"]] == [t["state"] for t in offline["turns"]]  # the engine decides
    assert second["debtor"] == offline["turns"][1]["debtor"]
    history = fake.chat_requests()[-1]["messages"]
    assert any(m["content"] == "你谁啊?" for m in history)  # the model's own earlier line is in context


def test_play_with_openai_but_nothing_configured_fails_with_one_line(tmp_path):
    res = runner.invoke(app, ["play", "--persona", "provocative", "--script", script(tmp_path), "--provider", "openai"])
    assert res.exit_code == 2
    assert res.output.strip().startswith("error: no LLM is configured") and len(res.output.strip().splitlines()) == 1


def test_play_rejects_an_unknown_provider(tmp_path):
    res = runner.invoke(app, ["play", "--persona", "provocative", "--script", script(tmp_path), "--provider", "gpt"])
    assert res.exit_code == 2 and "--provider: unknown provider 'gpt'" in res.output


def test_llm_check_prints_provider_model_and_latency(fake):
    res = runner.invoke(app, ["llm", "check"])
    assert res.exit_code == 0, res.output
    assert "provider: openai" in res.output and "model: fake-model" in res.output and " ms" in res.output
    assert SECRET not in res.output
    data = json.loads(runner.invoke(app, ["llm", "check", "--json"]).output)
    assert data["ok"] is True and data["latency_ms"] >= 0 and data["endpoint"] == fake.url


def test_llm_check_reports_a_failure_in_one_line(fake):
    fake.queue(Reply(status=401, echo_auth=True))
    res = runner.invoke(app, ["llm", "check"])
    assert res.exit_code == 1
    assert res.output.startswith("error: openai fake-model:") and "http_401" in res.output
    assert SECRET not in res.output and len(res.output.strip().splitlines()) == 1


def test_llm_check_without_configuration():
    res = runner.invoke(app, ["llm", "check"])
    assert res.exit_code == 2 and "no LLM is configured" in res.output
