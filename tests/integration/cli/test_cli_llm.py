"""`play --provider openai` and `llm check` against the fake OpenAI-compatible server."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from simulator.cli.main import app
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


def test_eval_personas_through_a_model_reports_the_guard_and_timing(tmp_path, fake):
    """Every turn gets the fake server's one default line: the guard rejects the repeats, the offline
    line answers, and the report says so — no line is shown twice."""
    out = tmp_path / "calls.jsonl"
    res = runner.invoke(app, ["eval", "personas", "--provider", "openai", "--seeds", "1", "--json",
                              "--transcripts", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["provider"] == "openai" and report["model"] == "fake-model"
    overall = report["overall"]
    assert overall["repeated_lines"] == 0 and overall["guard_rejections"]["repeats_line"] > 0
    assert overall["ttft_ms_p50"] is not None and overall["prompt_tokens_per_turn"] > 0
    calls = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(calls) == overall["runs"] == 7 * 5


def test_eval_personas_offline_prints_a_table(tmp_path):
    res = runner.invoke(app, ["eval", "personas", "--seeds", "1"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("persona fidelity: offline") and "overall" in res.output


def test_eval_personas_can_play_a_subset(tmp_path):
    res = runner.invoke(app, ["eval", "personas", "--seeds", "1", "--json", "--archetypes", "victim,promiser",
                              "--scripts", "hollow"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert list(report["archetypes"]) == ["victim", "promiser"] and report["overall"]["runs"] == 2


def test_eval_personas_rejects_bad_options(tmp_path):
    assert "--provider" in runner.invoke(app, ["eval", "personas", "--provider", "claude"]).output
    assert "--seeds" in runner.invoke(app, ["eval", "personas", "--seeds", "0"]).output
    assert "--archetypes: unknown 'angry'" in runner.invoke(app, ["eval", "personas", "--archetypes", "angry"]).output
    assert "--scripts" in runner.invoke(app, ["eval", "personas", "--scripts", "nice"]).output
    assert "no LLM is configured" in runner.invoke(app, ["eval", "personas", "--provider", "openai"]).output


def test_eval_judge_compares_rules_judge_and_merged(tmp_path, fake):
    from simulator.config import PROJECT_ROOT

    calls = PROJECT_ROOT / "tests" / "data" / "graded_transcripts.jsonl"
    dims = ("courtesy", "legality", "pressure_calibration", "emotional_control")
    fake.default = Reply(text=json.dumps({"dimensions": {d: {"score": 75} for d in dims}, "violations": []}))
    res = runner.invoke(app, ["eval", str(calls), "--judge", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["model"] == "fake-model" and report["judge_errors"] == 0
    assert set(report["systems"]) == {"rules", "judge", "merged"}
    assert all(s["answered"] == s["calls"] for s in report["systems"].values())
    assert len([r for r in fake.chat_requests() if r["temperature"] == 0]) == report["systems"]["judge"]["calls"]


def test_eval_judge_needs_a_model_and_a_transcript_file(tmp_path):
    from simulator.config import PROJECT_ROOT
    from tests.conftest import DEV_SET

    calls = PROJECT_ROOT / "tests" / "data" / "graded_transcripts.jsonl"
    assert "no LLM is configured" in runner.invoke(app, ["eval", str(calls), "--judge"]).output
    assert "labelled transcripts" in runner.invoke(app, ["eval", str(DEV_SET), "--judge"]).output
