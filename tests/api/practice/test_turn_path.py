"""The path one trainee turn takes through the code (issue 19): route → one service call → domain →
repository → commit → reply, with no detour back out of the practice package on the way.

``scripts/turn_trace.py`` traces every call into the ``simulator`` package during one offline turn. Before
the domain packages (fd15a67) the turn touched 47 files in 16 packages (root modules counted as their own)
and switched package 77 times (45 outside the pure domain). With the domain packages it touches 48 files in 9
packages (the repository now has a module per domain: the user lookup is in ``db/repository/accounts.py``, the
session's queries in ``db/repository/practice.py``) and switches 68 times (38 outside the pure domain, all of
them practice ⇄ db: a service asking its repository); those figures are the ceilings now.
"""

from __future__ import annotations

import sys

import pytest

from simulator.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
from turn_trace import run  # noqa: E402


@pytest.fixture(scope="module")
def trace(tmp_path_factory):
    return run(tmp_path_factory.mktemp("trace"))


def test_the_route_makes_one_service_call(trace):
    practice = [f for f in trace.files if f.startswith("practice/")]
    assert practice[:2] == ["practice/api/sessions.py", "practice/turns.py"]


def test_once_in_practice_the_turn_leaves_only_for_the_database_and_the_domain(trace):
    """Between the route's first and last call, the app's own packages are practice and db: the
    request stack (web, deps, core) is not re-entered halfway and no other domain package is asked."""
    path = trace.app_path
    first, last = path.index("practice"), len(path) - 1 - path[::-1].index("practice")
    assert set(path[first:last + 1]) == {"practice", "db"}


def test_the_turn_stays_within_its_measured_size(trace):
    assert len(trace.files) <= 48
    assert len(trace.packages) <= 9
    assert trace.switches <= 68
    assert trace.app_switches <= 38


def test_the_pure_domain_is_what_decides_the_reply(trace):
    assert {"engine", "analysis"} <= set(trace.packages)
