"""Shared fixtures: settings for a throwaway app, a TestClient per test, users of every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from simulator.app import create_app
from simulator.catalog.loader import Catalog, load_catalog
from simulator.config import PROJECT_ROOT, Settings
from simulator.services.accounts import create_user

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev" / "utterances.jsonl"
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh in-memory database per test; no network, offline engine, fixed seed."""
    return Settings(
        database_url="sqlite://",
        data_dir=tmp_path,
        secret_key="test-secret-key-not-for-production",
        stream_delay_ms=0,
        engine_seed=7,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as c:
        yield c


def _make_user(client: TestClient, username: str, role: str) -> None:
    with Session(client.app.state.engine) as db:
        create_user(db, username=username, role=role, password=PASSWORD)
        db.commit()


def _token(client: TestClient, username: str) -> dict[str, str]:
    res = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.text
    return {"Authorization": f"Bearer {res.json()['access_token']}"}


@pytest.fixture
def make_user(client: TestClient):
    """Create a user and return its Authorization header."""

    def make(username: str, role: str = "trainee") -> dict[str, str]:
        _make_user(client, username, role)
        return _token(client, username)

    return make


@pytest.fixture
def trainee(make_user) -> dict[str, str]:
    return make_user("alice", "trainee")


@pytest.fixture
def other_trainee(make_user) -> dict[str, str]:
    return make_user("bob", "trainee")
