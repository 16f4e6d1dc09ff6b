"""Shared fixtures: settings for a throwaway app, a TestClient per test, users of every role."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from simulator.accounts.service import hash_password
from simulator.app import create_app
from simulator.catalog.loader import Catalog, load_catalog
from simulator.config import PROJECT_ROOT, Settings
from simulator.core.security import issue_token
from simulator.db.models import User

DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev" / "utterances.jsonl"
PASSWORD = "correct-horse-9"


LLM_ENV = ("SIM_LLM_BASE_URL", "SIM_LLM_API_KEY", "SIM_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY")


@pytest.fixture(autouse=True)
def no_llm_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's real key or endpoint must never reach a test: the default run stays offline."""
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh database per test (in-memory SQLite, or an emptied PostgreSQL schema when
    SIM_TEST_DATABASE_URL is set); no network, offline engine, fixed seed."""
    return make_test_settings(tmp_path)


def make_test_settings(data_dir: Path) -> Settings:
    url = os.environ.get("SIM_TEST_DATABASE_URL") or "sqlite://"
    if url.startswith("postgresql"):
        _reset_postgres(url)
    return Settings(
        database_url=url,
        data_dir=data_dir,
        secret_key="test-secret-key-not-for-production",
        stream_delay_ms=0,
        engine_seed=7,
        llm_base_url=None,  # beats a .env file too
        llm_api_key=None,
        llm_model=None,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as c:
        yield c


@functools.cache
def _password_hash() -> str:
    """Hash the shared test password once: argon2 is deliberately slow (tests/integration/accounts/test_accounts.py covers it)."""
    return hash_password(PASSWORD)


def _make_user(client: TestClient, username: str, role: str) -> User:
    with Session(client.app.state.engine, expire_on_commit=False) as db:
        user = User(username=username, role=role, display_name=username, password_hash=_password_hash())
        db.add(user)
        db.commit()
        return user


def _token(client: TestClient, user: User) -> dict[str, str]:
    """Sign a token directly (the login endpoint and its argon2 check have their own tests)."""
    secret = client.app.state.settings.resolved_secret_key()
    return {"Authorization": f"Bearer {issue_token(secret, user.id, user.password_hash)}"}


@pytest.fixture
def make_user(client: TestClient):
    """Create a user and return its Authorization header."""

    def make(username: str, role: str = "trainee") -> dict[str, str]:
        return _token(client, _make_user(client, username, role))

    return make


@pytest.fixture
def trainee(make_user) -> dict[str, str]:
    return make_user("alice", "trainee")


@pytest.fixture
def other_trainee(make_user) -> dict[str, str]:
    return make_user("bob", "trainee")


# -- certification and HR dashboards (issue 6) ------------------------------------------------------
@pytest.fixture
def hr(make_user) -> dict[str, str]:
    return make_user("hana", "hr")


@pytest.fixture
def admin(make_user) -> dict[str, str]:
    return make_user("adam", "admin")


@pytest.fixture
def trainer(make_user) -> dict[str, str]:
    return make_user("tina", "trainer")


@pytest.fixture
def browser_login(client: TestClient):
    """Log the TestClient in through the login form; returns the page's CSRF token for later forms."""
    import re

    def login(username: str) -> str:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        res = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                          follow_redirects=False)
        assert res.status_code == 303, res.text
        return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/guide").text).group(1)

    return login


@pytest.fixture
def play(client: TestClient, catalog: Catalog):
    """Play a whole call through the API with scripted lines of a quality (good, fair, weak, poor,
    red_line) and end it; ``days_ago`` moves the session back in time. Returns the grade object."""
    from datetime import timedelta

    from simulator.db.models import PracticeSession, utcnow
    from simulator.practice.demo_scripts import script_for

    def run(headers: dict[str, str], scenario_id: str, quality: str = "good", days_ago: float = 0) -> dict:
        scenario = catalog.scenario(scenario_id)
        lines = script_for(scenario, catalog.personas[scenario.persona].archetype, quality)
        sid = client.post("/api/sessions", json={"scenario_id": scenario_id}, headers=headers).json()["id"]
        for line in lines:
            res = client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers)
            if res.status_code == 409:  # the debtor hung up
                break
        if days_ago:
            with Session(client.app.state.engine) as db:
                practice = db.get(PracticeSession, sid)
                practice.started_at = utcnow() - timedelta(days=days_ago, minutes=5)
                practice.ended_at = utcnow() - timedelta(days=days_ago)
                practice.status = "ended"
                db.add(practice)
                db.commit()
        grade = client.post(f"/api/sessions/{sid}/end", headers=headers).json()
        return grade | {"session_id": sid}

    return run


# -- security suite (issue 8): a world of real objects, one user per role (tests/api/security_world.py) --
@pytest.fixture
def world_factory(settings: Settings):
    """Build a world on a fresh app and database; the previous one is closed first (one at a time)."""
    from tests.api.security_world import build_world

    opened: list[TestClient] = []

    def close() -> None:
        while opened:
            opened.pop().__exit__(None, None, None)

    def make():
        close()
        if settings.database_url and settings.database_url.startswith("postgresql"):
            _reset_postgres(settings.database_url)
        client = TestClient(create_app(settings))
        client.__enter__()
        opened.append(client)
        return build_world(client)

    yield make
    close()


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory):
    """One world shared by the tests of a module (RBAC matrix rows, CSRF and IDOR probes, which refuse
    or only add things). On PostgreSQL a later ``world_factory`` empties the schema under it, so modules
    use it before any fresh world, or not at all (``test_rbac_matrix.SHARED_DATABASE``)."""
    from tests.api.security_world import build_world

    with TestClient(create_app(make_test_settings(tmp_path_factory.mktemp("world")))) as client:
        yield build_world(client)
