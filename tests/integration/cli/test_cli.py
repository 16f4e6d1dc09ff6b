"""The command-line contracts of design §7."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from simulator.cli.main import app
from tests.conftest import DEV_SET

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SIM_DATABASE_URL", raising=False)


def test_validate_reports_the_catalog():
    res = runner.invoke(app, ["validate"])
    assert res.exit_code == 0
    assert "7 personas" in res.output


def test_validate_names_file_and_field_of_a_broken_card(tmp_path, monkeypatch):
    from simulator.config import PROJECT_ROOT

    personas = tmp_path / "personas"
    (personas / "scenarios").mkdir(parents=True)
    for f in (PROJECT_ROOT / "personas").glob("*.yaml"):
        (personas / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    bad = (PROJECT_ROOT / "personas" / "victim.yaml").read_text(encoding="utf-8").replace("max_chars:", "max_chars: oops #", 1)
    (personas / "victim.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.setenv("SIM_PERSONAS_DIR", str(personas))
    res = runner.invoke(app, ["validate"])
    assert res.exit_code != 0
    assert "victim.yaml: voice.max_chars" in res.output


def test_play_prints_the_json_contract(tmp_path):
    script = tmp_path / "lines.txt"
    script.write_text("您好,我是贷后服务部的小陈。\n您先别着急,慢慢说,我在听。\n", encoding="utf-8")
    res = runner.invoke(app, ["play", "--persona", "provocative", "--script", str(script), "--seed", "3", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert len(out["turns"]) == 2
    turn = out["turns"][0]
    assert set(turn) >= {"collector", "debtor", "state", "outcome"}
    assert set(turn["state"]) == {"anger", "trust", "willingness"}
    assert out["outcome"] in ("none", "promise_to_pay", "payment_plan", "refused", "hung_up")
    again = runner.invoke(app, ["play", "--persona", "provocative", "--script", str(script), "--seed", "3", "--json"])
    assert again.output == res.output


def test_play_rejects_an_unknown_persona_with_one_line(tmp_path):
    script = tmp_path / "lines.txt"
    script.write_text("您好\n", encoding="utf-8")
    res = runner.invoke(app, ["play", "--persona", "ghost", "--script", str(script), "--json"])
    assert res.exit_code != 0
    assert "--persona: unknown persona 'ghost'" in res.output


def test_analyze_reads_stdin_and_prints_json_lines():
    res = runner.invoke(app, ["analyze", "--json"], input="您好,请问是刘建国先生本人吗?\n你这种老赖就是社会的垃圾。\n")
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.output.strip().splitlines()]
    assert rows[0]["violations"] == [] and "identity_verification" in rows[0]["moves"]
    assert rows[1]["violations"][0]["category"] == "insult"
    assert set(rows[1]) == {"text", "moves", "pressure", "violations"}


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared dev set not beside the checkout")
def test_eval_prints_figures_for_the_dev_set():
    res = runner.invoke(app, ["eval", str(DEV_SET)])
    assert res.exit_code == 0
    assert "F1" in res.output


def test_eval_rejects_a_malformed_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "hi", "labels": []}\n{not json\n', encoding="utf-8")
    res = runner.invoke(app, ["eval", str(bad)])
    assert res.exit_code != 0
    assert "line 2" in res.output


def test_users_add_prints_a_generated_password_and_refuses_duplicates():
    res = runner.invoke(app, ["users", "add", "wang", "--role", "trainee"])
    assert res.exit_code == 0
    assert "with password:" in res.output
    dup = runner.invoke(app, ["users", "add", "wang", "--role", "trainee"])
    assert dup.exit_code != 0 and "already exists" in dup.output
    bad = runner.invoke(app, ["users", "add", "li", "--role", "boss"])
    assert bad.exit_code != 0 and "role" in bad.output


def test_users_account_lifecycle_sign_out_deactivate_activate_reset_password():
    from sqlmodel import Session, select

    from simulator.accounts.service import authenticate
    from simulator.config import Settings
    from simulator.db.engine import make_engine
    from simulator.db.models import User

    assert runner.invoke(app, ["users", "add", "wang", "--role", "trainee", "--password-stdin"],
                         input="old-password-1\n").exit_code == 0
    res = runner.invoke(app, ["users", "sign-out", "wang"])
    assert res.exit_code == 0 and "signed out wang everywhere" in res.output
    assert runner.invoke(app, ["users", "deactivate", "wang"]).exit_code == 0
    engine = make_engine(Settings().resolved_database_url())
    with Session(engine) as db:
        assert authenticate(db, username="wang", password="old-password-1") is None
    assert runner.invoke(app, ["users", "activate", "wang"]).exit_code == 0
    res = runner.invoke(app, ["users", "reset-password", "wang"])
    assert res.exit_code == 0 and "new password for wang: " in res.output
    new = res.output.rsplit(": ", 1)[1].strip()
    with Session(engine) as db:
        assert authenticate(db, username="wang", password="old-password-1") is None
        assert authenticate(db, username="wang", password=new) is not None
        user = db.exec(select(User).where(User.username == "wang")).one()
        assert user.session_epoch == 1 and user.is_active


def test_users_commands_name_the_field_they_refuse():
    res = runner.invoke(app, ["users", "sign-out", "nobody"])
    assert res.exit_code != 0 and "username: no user 'nobody'" in res.output
    runner.invoke(app, ["users", "add", "wang", "--role", "trainee"])
    res = runner.invoke(app, ["users", "reset-password", "wang", "--password-stdin"], input="short\n")
    assert res.exit_code != 0 and "password: at least 10 characters" in res.output
    res = runner.invoke(app, ["users", "reset-password", "wang", "--password-stdin"], input="12345678901\n")
    assert res.exit_code != 0 and "password: not only digits" in res.output
    res = runner.invoke(app, ["users", "reset-password", "wang", "--password-stdin"], input="Wang-2026-xyz\n")
    assert res.exit_code != 0 and "password: must not contain the username" in res.output
