"""Fixtures for the tests of LLM-played calls: a fake OpenAI-compatible server on loopback and an app whose
provider talks to it through the real ``openai`` client (these override the offline ``client``)."""

from __future__ import annotations

import pytest

from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings
from tests.fakes.openai_server import FakeOpenAI


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def client(tmp_path, fake):
    with llm_client(llm_settings(tmp_path, fake)) as c:
        yield c


@pytest.fixture
def trainee(client):
    return add_user(client, "alice")
