"""Upgrading keeps every row: for each revision before head, fill the tables that exist there with
representative rows (Chinese text, JSON, timestamps, booleans), upgrade to head, read everything back.

The revisions come from the script directory, so a migration added later is covered without editing
this file; a table added later needs a row builder below (``test_every_table_has_a_row_builder``).
Runs on SQLite, and on PostgreSQL when ``SIM_TEST_DATABASE_URL`` is set (as ``make test-postgres`` does).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from simulator.db.engine import alembic_config, make_engine, migrate
from tests.conftest import _reset_postgres

T0 = datetime(2026, 3, 1, 9, 30, 15, tzinfo=UTC)
T1 = datetime(2026, 3, 1, 9, 47, 2, tzinfo=UTC)
SID = "s0000000000000000000000000000001"
ANALYSIS = {"moves": ["greeting", "self_identification"], "pressure": 0, "violations": [],
            "note": "先表明身份,语气平和"}
STATE = {"anger": 0.35, "trust": 0.5, "willingness": 0.2}

# One builder per table: every column the table has at head. Rows are inserted with only the columns
# that exist at the revision under test; the ones added later must come out with their defaults.
ROWS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "user": lambda: [
        {"id": 11, "username": "wang_li", "display_name": "王丽", "role": "trainee",
         "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "is_active": True, "created_at": T0,
         "session_epoch": 0, "must_change_password": True},
        {"id": 12, "username": "chen_trainer", "display_name": "陈老师", "role": "trainer",
         "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdDI$aGFzaDI", "is_active": False, "created_at": T0,
         "session_epoch": 3, "must_change_password": False},
    ],
    "practice_session": lambda: [{
        "id": SID, "user_id": 11, "scenario_id": "provocative-m1", "persona_id": "provocative",
        "archetype": "provocative", "stage": "M1", "difficulty": 2, "mode": "call", "provider": "openai",
        "status": "ended", "outcome": "promise_to_pay", "seed": 424242, "state": STATE,
        "engine_memory": {"promised": {"amount": 1500, "date": "下周五"}, "asked": ["reason", "plan"]},
        "summary": {"turns": 4, "outcome": "promise_to_pay", "备注": "承诺下周五还1500元"},
        "started_at": T0, "updated_at": T1, "ended_at": T1, "persona_version": 3, "scenario_version": 2,
        "third_party_version": 1, "hints": True, "branch_of": None, "branch_turn": None,
        "case_run_id": "c" * 32, "case_call": {"case": "promiser-three-dates", "number": 2, "day": 20},
        "exam_id": 981, "deadline": T1,
    }],
    "turn": lambda: [
        {"id": 101, "session_id": SID, "index": 0, "speaker": "debtor", "text": "喂?谁啊?", "intent": "opening",
         "analysis": None, "state": STATE, "outcome": "none", "created_at": T0, "provider": "openai",
         "model": "qwen2.5-7b-instruct", "prompt_tokens": 1612, "completion_tokens": 9, "tokens_estimated": False,
         "latency_ms": 812, "ttft_ms": 143, "fallback": True, "fallback_reason": "timeout",
         "input_mode": None, "call_ms": 0, "duration_ms": 1900, "response_latency_ms": None,
         "guard_reasons": "repeats_line", "hint": {"kind": "acknowledge", "message": "hint_acknowledge",
                                                   "coping": "让客户发泄,并解释其遇到的挫折", "line": 3}},
        {"id": 102, "session_id": SID, "index": 1, "speaker": "collector",
         "text": "您好,我是安信消费金融的小陈,请问是王建军先生吗?", "intent": None, "analysis": ANALYSIS,
         "state": None, "outcome": None, "created_at": T1, "provider": None, "model": None,
         "prompt_tokens": None, "completion_tokens": None, "tokens_estimated": None, "latency_ms": None,
         "ttft_ms": None, "fallback": False, "fallback_reason": None, "input_mode": "spoken", "call_ms": 2500,
         "duration_ms": 3100, "response_latency_ms": 600, "guard_reasons": None, "hint": None},
    ],
    "grade": lambda: [{
        "id": 201, "session_id": SID, "rubric": "default@3", "rule_pack": "cn@2", "mode": "rules_judge",
        "overall": 82, "passed": True, "judge_model": "qwen-plus", "judge_prompt_hash": "ab" * 32,
        "result": {"overall": 82, "dimensions": {"courtesy": {"score": 90, "evidence": [
            {"turn": 1, "quote": "您好,我是安信消费金融的小陈", "note": "自报家门"}]}}},
        "created_by": 12, "created_at": T1,
    }],
    "programme": lambda: [{
        "id": 100, "name": "测试项目 · 迁移", "description": "迁移测试用的认证项目", "rubric": "default",
        "validity_days": 90, "active": False, "version": 4,
        "requirements": [{"id": "victim-m1", "label": "受害者型 · M1", "min_overall": 75}],
        "updated_by": 12, "created_at": T0, "updated_at": T1, "assessment": "annual",
        "rubric_version": 2, "rule_pack_version": None,
    }],
    "transcript_grant": lambda: [{"user_id": 12, "granted_by": 12, "granted_at": T1}],
    "certificate": lambda: [{
        "id": 301, "code": "CS-2026-ABCD", "user_id": 11, "programme_id": 100, "programme_version": 4,
        "programme_name": "测试项目 · 迁移", "issued_at": T1, "expires_at": None, "revoked_at": T1,
        "revoke_reason": "误发,已撤销", "revoked_by": 12, "evidence": {"sessions": [SID], "rubric": "default@3"},
    }],
    "cohort": lambda: [{"id": 401, "name": "新人三期", "description": "华东中心", "programme_id": 100,
                        "created_at": T0}],
    "cohort_member": lambda: [{"id": 501, "cohort_id": 401, "user_id": 11, "role": "trainee", "added_at": T0}],
    "audit_log": lambda: [{"id": 601, "action": "grade.override", "object_type": "grade", "object_id": "201",
                           "actor_id": 12, "before": {"overall": 82}, "after": {"overall": 60, "理由": "违规"},
                           "at": T1}],
    "turn_comment": lambda: [{"id": 701, "session_id": SID, "turn": 1, "text": "开场很好,先核实了身份。",
                              "author_id": 12, "created_at": T1}],
    "grade_override": lambda: [{"id": 801, "session_id": SID, "grade_id": 201, "overall": 60, "passed": False,
                                "reason": "第3轮有暗示联系家人的说法", "created_by": 12, "created_at": T1}],
    "catalog_version": lambda: [{"id": 901, "kind": "persona", "object_id": "provocative", "version": 3,
                                 "body": "id: provocative\nname: {zh: 挑衅型}\n", "content_hash": "cd" * 32,
                                 "source": "edit", "note": "调整了愤怒阈值", "created_by": 12, "created_at": T1}],
    "catalog_draft": lambda: [{"id": 951, "kind": "scenario", "object_id": "victim-m1",
                               "body": "id: victim-m1\nstage: M1\n", "author_id": 12, "updated_at": T1,
                               "approval_requested_by": 12, "approval_requested_at": T1,
                               "approval_note": "及格线改为 80"}],
    "scenario_assignment": lambda: [{"id": 961, "scenario_id": "victim-m1", "cohort_id": 401, "created_by": 12,
                                     "created_at": T0}],
    "case_run": lambda: [{"id": "c" * 32, "user_id": 11, "case_id": "promiser-three-dates", "seed": 7,
                          "status": "open", "started_at": T0, "closed_at": None}],
    "exam": lambda: [{"id": 981, "name": "M1 上岗考试", "cohort_id": 401, "pool": ["victim-m1", "evasive-m1"],
                      "time_limit_minutes": 10, "active": True, "created_by": 12, "created_at": T0}],
    "exam_grant": lambda: [{"id": 991, "exam_id": 981, "user_id": 11, "granted_by": 12, "reason": "断线重考",
                            "created_at": T1}],
    "login_throttle": lambda: [{"key": "p:wang_li|10.0.0.8", "failures": 3, "window_start": T0, "last_at": T1,
                                "locked_until": None, "locks": 1}],
}
# Columns added after a row was written whose default is not simply NULL.
DEFAULTS_AFTER_UPGRADE = {("turn", "fallback"): False, ("user", "session_epoch"): 0,
                          ("user", "must_change_password"): False, ("catalog_draft", "approval_note"): "",
                          ("programme", "assessment"): "other", ("practice_session", "hints"): False}


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


REVISIONS = _revisions()


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    url = os.environ.get("SIM_TEST_DATABASE_URL")
    if url and url.startswith("postgresql"):
        _reset_postgres(url)
        yield url
        _reset_postgres(url)
    else:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"


def _typed_table(name: str, columns: list[str], reflected: dict[str, Any]) -> sa.TableClause:
    """The table with the models' column types (JSON, UTC datetimes) where they exist, else the reflected."""
    model = SQLModel.metadata.tables.get(name)
    typed = [sa.column(c, model.c[c].type if model is not None and c in model.c else reflected[c]) for c in columns]
    return sa.table(name, *typed)


def _primary_key(table: str) -> list[str]:
    return [c.name for c in SQLModel.metadata.tables[table].primary_key.columns]


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_rows_written_at_an_older_revision_survive_the_upgrade_to_head(database_url, revision):
    engine = make_engine(database_url)
    migrate(engine, revision)
    inspector = sa.inspect(engine)
    present = {t: {c["name"]: c["type"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}
    written: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as conn:
        for table, build in ROWS.items():
            if table not in present:
                continue
            rows = [{k: v for k, v in row.items() if k in present[table]} for row in build()]
            missing = {k for row in rows for k in present[table] if k not in row}
            assert not missing, f"ROWS[{table!r}] lacks columns {missing} (they exist at {revision})"
            conn.execute(sa.insert(_typed_table(table, list(rows[0]), present[table])), rows)
            written[table] = rows
    assert written, f"no table of revision {revision} has a row builder"

    migrate(engine)  # to head
    head_columns = {t: {c["name"]: c for c in sa.inspect(engine).get_columns(t)} for t in written}
    with engine.connect() as conn:
        for table, rows in written.items():
            columns = list(head_columns[table])
            key = _primary_key(table)
            stored = {tuple(r[k] for k in key): r for r in conn.execute(
                sa.select(_typed_table(table, columns, {c: head_columns[table][c]["type"] for c in columns}))
            ).mappings()}
            for row in rows:
                got = stored.get(tuple(row[k] for k in key))
                assert got is not None, f"{table} row {row} was lost upgrading from {revision}"
                for column, value in row.items():
                    assert _normalise(got[column]) == _normalise(value), f"{table}.{column} after {revision}"
                for column in set(columns) - set(row):
                    expected = DEFAULTS_AFTER_UPGRADE.get((table, column))
                    if expected is not None:
                        assert got[column] == expected, f"{table}.{column}: default after {revision}"
                    elif head_columns[table][column]["nullable"]:
                        assert got[column] is None, f"{table}.{column}: a new nullable column starts empty"
                    else:
                        assert got[column] is not None, f"{table}.{column}: a new NOT NULL column needs a default"
    engine.dispose()


def test_every_table_has_a_row_builder(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    tables = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    assert tables <= set(ROWS), f"add row builders for {sorted(tables - set(ROWS))} to ROWS (this file)"
    assert set(ROWS) <= tables, f"ROWS names tables that do not exist: {sorted(set(ROWS) - tables)}"
