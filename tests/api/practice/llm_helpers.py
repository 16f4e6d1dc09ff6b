"""An app wired to the fake OpenAI-compatible server, and users to drive it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from simulator.accounts.service import create_user
from simulator.app import create_app
from simulator.config import Settings
from simulator.db.models import Turn
from tests.conftest import PASSWORD, _reset_postgres
from tests.fakes.openai_server import FakeOpenAI

SECRET = "sk-test-SECRET-1234567890abcdef"


def run_database_url(default: str = "sqlite://") -> str:
    """The database of the run: an emptied PostgreSQL schema under ``make test-postgres``, else ``default``."""
    url = os.environ.get("SIM_TEST_DATABASE_URL") or default
    if url.startswith("postgresql"):
        _reset_postgres(url)
    return url


def llm_settings(tmp_path: Path, fake: FakeOpenAI, **overrides) -> Settings:
    opts = {
        "database_url": "sqlite://", "data_dir": tmp_path, "secret_key": "test-secret-key-not-for-production",
        "stream_delay_ms": 0, "engine_seed": 7, "llm_base_url": fake.url, "llm_api_key": SECRET,
        "llm_model": "fake-model", "llm_read_timeout": 2.0, "llm_connect_timeout": 1.0, "llm_retry_backoff": 0.01,
        "llm_price_prompt_per_1k": 0.002, "llm_price_completion_per_1k": 0.008, **overrides,
    }
    return Settings(**opts)


@contextmanager
def llm_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def add_user(client: TestClient, username: str, role: str = "trainee") -> dict[str, str]:
    with Session(client.app.state.engine) as db:
        create_user(db, username=username, role=role, password=PASSWORD)
        db.commit()
    res = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {res.json()['access_token']}"}


def stored_turns(client: TestClient, session_id: str) -> list[Turn]:
    with Session(client.app.state.engine) as db:
        return list(db.exec(select(Turn).where(Turn.session_id == session_id).order_by(Turn.index)).all())


def sse_events(body: str) -> list[tuple[str, str]]:
    out = []
    for block in body.strip().split("\n\n"):
        lines = block.split("\n")
        event = lines[0].removeprefix("event: ")
        data = "".join(line.removeprefix("data: ") for line in lines[1:])
        out.append((event, data))
    return out
