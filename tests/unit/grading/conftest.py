"""The default rubric and rule pack, for grading tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def rubric(catalog):
    return catalog.rubric("default")


@pytest.fixture
def pack(catalog):
    return catalog.rule_packs["cn"]
