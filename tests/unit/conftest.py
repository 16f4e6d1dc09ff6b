"""The unit tier touches no database and no network (issue 19): a test that needs either belongs in
``tests/integration/`` (or ``tests/api/``), and fails here saying so."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy.engine import Engine


@pytest.fixture(autouse=True)
def _no_database_or_network(monkeypatch):
    def no_database(*_args, **_kwargs):
        raise AssertionError("a unit test opened a database connection: move it to tests/integration/")

    def no_network(*_args, **_kwargs):
        raise AssertionError("a unit test opened a network connection: move it to tests/integration/")

    monkeypatch.setattr(Engine, "connect", no_database)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
