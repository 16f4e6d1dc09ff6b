"""Fixtures of the practice API tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def coached(client, hr, trainer, trainee):
    """A cohort, 一期, in which tina coaches alice; returns its id."""
    cid = client.post("/api/hr/cohorts", json={"name": "一期"}, headers=hr).json()["id"]
    for username, role in (("tina", "trainer"), ("alice", "trainee")):
        assert client.post(f"/api/hr/cohorts/{cid}/members", json={"username": username, "role": role},
                           headers=hr).status_code == 201
    return cid
