"""A small world of real objects for the security suite: one user per role, a cohort, a graded call.

``World`` builds it through the app's own services and API, and signs browser sessions the way
Starlette's ``SessionMiddleware`` does, so a request can be sent "as" any role without paying for an
argon2 login each time (the login form itself is tested in ``test_security_login.py``).

Who is who:

- ``alice`` (trainee) owns every session, certificate and cohort membership the ids point at;
- ``bob`` (trainee) is *the trainee* of the matrix: another trainee trying alice's ids;
- ``tina`` (trainer) coaches alice's cohort; ``oscar`` (trainer) coaches nobody;
- ``hana`` (hr, no transcript grant), ``adam`` (admin).
"""

from __future__ import annotations

import json
import time
from base64 import b64encode
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from simulator.core.sealing import Sealer
from simulator.core.security import issue_token
from simulator.db.models import Certificate, Cohort, CohortMember, Programme, User, utcnow
from tests.conftest import PASSWORD, _password_hash

ROLES = ("anonymous", "trainee", "trainer", "hr", "admin")
ACTORS = {"trainee": "bob", "trainer": "tina", "hr": "hana", "admin": "adam"}
USERS = (("alice", "trainee"), ("bob", "trainee"), ("tina", "trainer"), ("oscar", "trainer"),
         ("hana", "hr"), ("adam", "admin"))
SESSION_COOKIE = "sim_session"
CSRF = "csrf-token-of-the-security-suite"
SCENARIO = "provocative-m1"
COLLECTOR_LINES = ("您好,我是安信消费金融的小陈,请问是王建军先生吗?", "您的账单已经逾期了,今天能先还一部分吗?")


@dataclass
class World:
    client: TestClient
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)

    # -- who is asking -----------------------------------------------------------------------------
    def bearer(self, username: str) -> dict[str, str]:
        secret = self.client.app.state.settings.resolved_secret_key()
        user = self.users[username]
        return {"Authorization": f"Bearer {issue_token(secret, user.id, user.password_hash)}"}

    def session_cookie(self, data: dict[str, Any]) -> str:
        """The cookie SessionMiddleware would set for ``data`` (signed with the app's secret, now)."""
        sealer = Sealer(str(self.client.app.state.settings.resolved_secret_key()), "session")
        return sealer.sign(b64encode(json.dumps(data).encode("utf-8"))).decode("utf-8")

    def browse_as(self, username: str | None, *, csrf: str = CSRF) -> None:
        """Put the browser (the client's cookie jar) in ``username``'s logged-in session; None: a visitor
        who has opened the login page (a session with a CSRF token and no user)."""
        data: dict[str, Any] = {"csrf": csrf}
        if username is not None:
            user = self.users[username]
            now = int(time.time())
            data |= {"uid": user.id, "pw": user.password_hash[-12:], "login_at": now, "seen_at": now}
        self.client.cookies.clear()
        self.client.cookies.set(SESSION_COOKIE, self.session_cookie(data))

    def actor(self, role: str) -> str | None:
        return ACTORS.get(role)

    # -- objects -----------------------------------------------------------------------------------
    def db(self) -> Session:
        return Session(self.client.app.state.engine, expire_on_commit=False)

    def play_call(self, username: str = "alice", *, end: bool = True, mode: str = "call") -> str:
        """A call of ``username`` with two collector turns; ended (and so graded) unless ``end`` is False."""
        headers = self.bearer(username)
        res = self.client.post("/api/sessions", json={"scenario_id": SCENARIO, "mode": mode}, headers=headers)
        assert res.status_code == 201, res.text
        sid = res.json()["id"]
        for line in COLLECTOR_LINES:
            assert self.client.post(f"/api/sessions/{sid}/turns", json={"text": line}, headers=headers).status_code == 200
        if end:
            assert self.client.post(f"/api/sessions/{sid}/end", headers=headers).status_code == 200
        self.client.cookies.clear()
        return sid

    def start_case(self, username: str = "alice") -> str:
        """A multi-call case of ``username``, its first call running."""
        res = self.client.post("/api/cases/promiser-three-dates/runs", json={}, headers=self.bearer(username))
        assert res.status_code == 201, res.text
        return res.json()["run_id"]

    def set_exam(self) -> int:
        """An exam of the world's cohort (alice is its trainee), set by HR."""
        res = self.client.post("/api/exams", json={"name": "安全测试考试", "cohort_id": self.ids["cohort_id"],
                                                   "pool": ["victim-m1"], "time_limit_minutes": 5},
                               headers=self.bearer("hana"))
        assert res.status_code == 201, res.text
        return res.json()["id"]

    def spare_programme(self) -> int:
        with self.db() as db:
            base = db.get(Programme, self.ids["programme_id"])
            spare = Programme(**base.model_dump(exclude={"id", "name", "created_at", "updated_at"}),
                              name=f"备用项目 {utcnow().timestamp()}")
            db.add(spare)
            db.commit()
            return spare.id


def build_world(client: TestClient) -> World:
    world = World(client)
    with world.db() as db:
        for username, role in USERS:
            user = User(username=username, role=role, display_name=username, password_hash=_password_hash())
            db.add(user)
            db.commit()
            world.users[username] = user
        programme = db.exec(select(Programme).order_by(Programme.id)).first()  # a seeded programme
        cohort = Cohort(name="安全测试班组", description="", programme_id=programme.id)
        db.add(cohort)
        db.commit()
        db.add(CohortMember(cohort_id=cohort.id, user_id=world.users["alice"].id, role="trainee"))
        db.add(CohortMember(cohort_id=cohort.id, user_id=world.users["tina"].id, role="trainer"))
        db.commit()
        certificate = Certificate(code="CS-SAFE-TEST-0001", user_id=world.users["alice"].id,
                                  programme_id=programme.id, programme_version=programme.version,
                                  programme_name=programme.name, issued_at=utcnow(), expires_at=None,
                                  evidence={"requirements": [], "rubric_versions": ["default@1"],
                                            "programme": {"id": programme.id, "version": programme.version}})
        db.add(certificate)
        db.commit()
        world.ids.update(programme_id=programme.id, cohort_id=cohort.id, certificate_id=certificate.id,
                         code=certificate.code)
    world.ids["session_id"] = world.play_call("alice")
    world.ids["active_session_id"] = world.play_call("alice", end=False)
    world.ids["run_id"] = world.start_case("alice")
    world.ids["exam_id"] = world.set_exam()
    for username, _ in USERS:
        world.ids[f"{username}_id"] = world.users[username].id
    world.ids["user_id"] = world.users["alice"].id
    world.ids["spare_programme_id"] = world.spare_programme()
    world.client.cookies.clear()
    return world


__all__ = ["ACTORS", "CSRF", "PASSWORD", "ROLES", "SESSION_COOKIE", "World", "build_world"]
