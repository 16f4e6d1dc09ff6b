"""IDOR: on every route that takes an id, someone not entitled to the object gets exactly what they get
for an id that does not exist — so ids neither open other people's records nor confirm they exist —
while the object's owner (alice) does get it. Parametrised from the RBAC matrix, so a new id-bearing
route is covered as soon as it has a row there.

Users: bob (another trainee), oscar (a trainer who coaches nobody), tina (alice's trainer), hana (HR,
no transcript grant), adam (admin)."""

from __future__ import annotations

import re

import pytest

from tests.api.security_world import World
from tests.api.test_rbac_matrix import LOGIN, ROUTE_MATRIX, Expect, W, outcome, send

pytestmark = pytest.mark.security

NOT_IDS = {"kind", "version"}  # path parameters that name a kind of thing or a version, not an object
NOT_ID_ROUTES = {"/lang/{code}"}
UNKNOWN = {"session_id": "0" * 32, "active_session_id": "0" * 32, "code": "CS-0000-0000-0000",
           "object_id": "no-such-object-0"}
SCOPED = {"session_id", "active_session_id", "cohort_id", "user_id", "certificate_id", "code"}  # trainee data
REFUSED = (LOGIN, 401, 403, 404)


def id_params(path: str) -> list[str]:
    return [p for p in re.findall(r"\{([^}:]+)", path) if p not in NOT_IDS]


ID_ROUTES = [(m, p) for m, p in ROUTE_MATRIX  # public routes (certificate verification) are public by design
             if p not in NOT_ID_ROUTES and id_params(p) and ROUTE_MATRIX[(m, p)].anonymous in REFUSED]


def world_key(expect: Expect, name: str) -> str:
    given = expect.params.get(name, W(name))
    return given.key if isinstance(given, W) else name


def unknown_of(expect: Expect, path: str) -> Expect:
    """The same request for objects that do not exist."""
    params = dict(expect.params)
    for name in id_params(path):
        key = world_key(expect, name)
        params[name] = UNKNOWN.get(key, UNKNOWN.get(name, 987654))
    return Expect(**{**expect.__dict__, "params": params})


def test_the_id_routes_are_found():
    assert len(ID_ROUTES) >= 40
    assert ("GET", "/api/sessions/{session_id}") in ID_ROUTES and ("GET", "/certificates/{code}") in ID_ROUTES


@pytest.mark.parametrize("method,path", ID_ROUTES, ids=[f"{m} {p}" for m, p in ID_ROUTES])
def test_an_unentitled_user_cannot_tell_a_real_id_from_a_missing_one(shared_world, method, path):
    """Every request here is refused (that is the point), so one world serves them all."""
    world: World = shared_world
    expect = ROUTE_MATRIX[(method, path)]
    keys = {world_key(expect, name) for name in id_params(path)}
    askers = [(role, world.actor(role)) for role in ("trainee", "trainer", "hr", "admin")
              if expect.for_role(role) in REFUSED]
    if keys & SCOPED and expect.trainer not in REFUSED:
        askers.append(("trainer outside the cohort", "oscar"))
    leaks = []
    for who, username in askers:
        real = outcome(send(world, method, path, expect, username))
        missing = outcome(send(world, method, path, unknown_of(expect, path), username))
        if real != missing or real not in REFUSED:
            leaks.append(f"{method} {path} as {who}: real id → {real}, unknown id → {missing}")
    assert not leaks, "\n".join(leaks)


OWNED = [(m, p) for m, p in ID_ROUTES if ROUTE_MATRIX[(m, p)].owner is not None]


@pytest.mark.parametrize("method,path", OWNED, ids=[f"{m} {p}" for m, p in OWNED])
def test_the_owner_reaches_what_others_cannot(world_factory, method, path):
    world = world_factory()
    expect = ROUTE_MATRIX[(method, path)]
    assert outcome(send(world, method, path, expect, "alice")) == expect.owner


def test_a_trainee_gets_404_not_403_for_another_trainees_records(world_factory):
    """The trainee-facing routes answer "not found", exactly as for an id that never existed."""
    world = world_factory()
    sid, code = world.ids["session_id"], world.ids["code"]
    bob = world.bearer("bob")
    assert world.client.get(f"/api/sessions/{sid}", headers=bob).status_code == 404
    assert world.client.get(f"/api/certificates/{code}", headers=bob).status_code == 404
    world.browse_as("bob")
    for page in (f"/practice/{sid}", f"/call/{sid}", f"/certificates/{code}"):
        res = world.client.get(page)
        assert res.status_code == 404 and "alice" not in res.text, page


def test_hr_reads_transcripts_only_when_an_admin_granted_it(world_factory):
    world = world_factory()
    sid = world.ids["session_id"]
    hana = world.bearer("hana")
    view = world.client.get(f"/api/hr/sessions/{sid}", headers=hana).json()
    assert view["transcript_allowed"] is False and view["transcript"] is None and view["grade"] is not None
    granted = world.client.put(f"/api/hr/access/{world.ids['hana_id']}", json={"transcripts": True},
                               headers=world.bearer("adam"))
    assert granted.status_code == 200
    view = world.client.get(f"/api/hr/sessions/{sid}", headers=hana).json()
    assert view["transcript_allowed"] is True and view["transcript"]
    assert world.client.get(f"/api/sessions/{sid}", headers=hana).status_code == 404  # not through the trainee API
