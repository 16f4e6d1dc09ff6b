"""The RBAC matrix: every route of the app × every role → the status it must answer.

Every route the app serves must have a row in ``ROUTE_MATRIX`` (a new route without one fails
``test_every_route_is_in_the_matrix`` with the line to add). Each row is checked for the anonymous
visitor and one user per role, with the path filled with the ids of real objects owned by *another*
trainee (see ``tests/api/security_world.py``): so the "trainee" column is bob trying alice's things.

How to add a row::

    ("GET", "/api/things/{thing_id}"): row(401, 403, 200, 200, 200, params={"thing_id": W("thing_id")}),

- columns: anonymous, trainee, trainer, hr, admin; ``LOGIN`` = a page's redirect to the login form;
- ``json=`` (API body), ``form=`` (page form; the CSRF token is added), ``content=``/``headers=`` (raw body);
- ``params=``: a path parameter's value, a literal or ``W("key")`` for an id of the world
  (``session_id``, ``active_session_id``, ``cohort_id``, ``user_id`` (alice), ``<username>_id``,
  ``programme_id``, ``certificate_id``, ``code``); parameters named like a world key are filled by default;
- ``fresh=True`` when the request changes what the next role or a later row would see (deletes,
  creations under a unique name, anything that ends or locks an object): every role then gets a world
  of its own; other rows share one world;
- ``owner=``: what alice gets on her own object (the IDOR tests compare it with everybody else).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from simulator.app import create_app
from simulator.config import Settings
from tests.api.security_world import CSRF, PASSWORD, ROLES, World

pytestmark = pytest.mark.security

LOGIN = "login"  # a page sends the visitor to /login?next=… (303)
SHARED_DATABASE = (os.environ.get("SIM_TEST_DATABASE_URL") or "").startswith("postgresql")
API_PREFIXES = ("/api/", "/openapi.json", "/docs", "/healthz", "/readyz", "/metrics")
NOT_ROUTES = ("/static",)  # mounts, not routes: StaticFiles serves public assets


@dataclass(frozen=True)
class W:
    """An id of the world, by key (``W("hana_id")``)."""

    key: str


@dataclass(frozen=True)
class Expect:
    anonymous: int | str
    trainee: int | str
    trainer: int | str
    hr: int | str
    admin: int | str
    json: Any = None
    form: dict[str, str] | None = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    fresh: bool = False
    owner: int | None = None

    def for_role(self, role: str) -> int | str:
        return getattr(self, role)


def row(anonymous: int | str, trainee: int | str, trainer: int | str, hr: int | str, admin: int | str,
        **options: Any) -> Expect:
    return Expect(anonymous, trainee, trainer, hr, admin, **options)


def everyone(status: int | str, **options: Any) -> Expect:
    return Expect(status, status, status, status, status, **options)


TURN = {"text": "您好,我是安信消费金融的小陈"}
TRANSCRIPT = {"turns": [{"speaker": "collector", "text": "您好,请问是王先生吗?"},
                        {"speaker": "debtor", "text": "是我,什么事?"}]}
TEXT_TRANSCRIPT = {"text": "催收员: 您好,请问是王先生吗?\n客户: 是我,什么事?"}
PROGRAMME = {"name": "新项目", "rubric": "default", "validity_days": 180,
             "requirements": [{"archetype": "provocative", "min_overall": 70}]}
PROGRAMME_FORM = {"more_rows": "1", "rows": "0", "name": "新项目"}  # re-renders the form, saves nothing
COMMENT = {"turn": 1, "text": "先核实身份再谈欠款"}
OVERRIDE = {"overall": 80, "passed": True, "reason": "录音复核:语气得体"}
RUBRIC = {"kind": "rubric", "object_id": "default"}
SCENARIO = {"scenario_id": "provocative-m1"}
YAML_UPLOAD = {"content": b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n\r\nspec: x\r\n--B--\r\n',
               "headers": {"Content-Type": "multipart/form-data; boundary=B"}}
AUDIO = {"content": b"\x1aE\xdf\xa3 not really webm", "headers": {"Content-Type": "audio/webm"}}

# fmt: off
EXAM_FORM = {"name": "安全测试考试", "cohort_id": W("cohort_id"), "pool": "victim-m1", "time_limit_minutes": "5"}
ROUTE_MATRIX: dict[tuple[str, str], Expect] = {
    # -- public, infrastructure -----------------------------------------------------------------
    ("GET", "/healthz"): everyone(200),
    ("GET", "/readyz"): everyone(200),
    ("GET", "/metrics"): row(401, 403, 403, 403, 200),  # or the scraper's SIM_METRICS_TOKEN (test_operations)
    ("GET", "/docs"): everyone(200),
    ("GET", "/openapi.json"): everyone(200),
    ("GET", "/verify"): everyone(200),
    ("GET", "/verify/{code}"): everyone(200),
    ("GET", "/api/verify/{code}"): everyone(200),
    ("GET", "/lang/{code}"): everyone(303, params={"code": "en"}),
    # -- login ----------------------------------------------------------------------------------
    ("POST", "/api/auth/token"): everyone(200, form={"username": "alice", "password": PASSWORD}),
    ("GET", "/login"): row(200, 303, 303, 303, 303),
    ("POST", "/login"): everyone(303, form={"username": "alice", "password": PASSWORD}),
    ("POST", "/logout"): everyone(303, fresh=True),  # ends every session of the account
    ("POST", "/api/auth/logout"): row(401, 204, 204, 204, 204, fresh=True),
    # -- practice (trainee pages; every role may practise) ---------------------------------------
    ("GET", "/"): row(LOGIN, 303, 303, 303, 303),
    ("GET", "/scenarios"): row(LOGIN, 200, 200, 200, 200),
    ("GET", "/guide"): row(LOGIN, 200, 200, 200, 200),
    ("GET", "/sessions"): row(LOGIN, 200, 200, 200, 200),
    ("GET", "/sources/{name}"): row(LOGIN, 200, 200, 200, 200, params={"name": "001_589a21ec576e5a99.txt"}),
    ("GET", "/api/sources/{name}"): row(401, 200, 200, 200, 200, params={"name": "001_589a21ec576e5a99.txt"}),
    ("GET", "/api/personas/{persona_id}/provenance"): row(401, 200, 200, 200, 200, params={"persona_id": "victim"}),
    ("POST", "/practice"): row(LOGIN, 303, 303, 303, 303, form={"scenario_id": "provocative-m1"}),
    ("POST", "/call"): row(LOGIN, 303, 303, 303, 303, form={"scenario_id": "provocative-m1"}),
    ("GET", "/practice/{session_id}"): row(LOGIN, 404, 200, 404, 200, owner=200),
    ("POST", "/practice/{session_id}/retry"): row(LOGIN, 404, 404, 404, 404, owner=303),  # 再练一次: the owner's
    ("POST", "/practice/{session_id}/hints"): row(  # 提示 on or off: the owner's running chat
        LOGIN, 404, 404, 404, 404, form={"on": "true"}, params={"session_id": W("active_session_id")}, owner=303),
    ("POST", "/practice/{session_id}/leave"): row(  # 离开通话: the owner's; alice's call has already ended
        LOGIN, 404, 404, 404, 404, owner=409),
    ("POST", "/practice/{session_id}/branch"): row(  # 从这句重来: a branch of the owner's ended call
        LOGIN, 404, 404, 404, 404, form={"turn": "1"}, owner=303),
    ("GET", "/call/{session_id}"): row(LOGIN, 404, 200, 404, 200, owner=200),
    # multi-call cases (issue 21): every role may work a case; a run is its owner's (her coach may read it)
    ("GET", "/cases"): row(LOGIN, 200, 200, 200, 200),
    ("POST", "/cases/{case_id}/start"): row(LOGIN, 303, 303, 303, 303, params={"case_id": "promiser-three-dates"}),
    ("GET", "/cases/runs/{run_id}"): row(LOGIN, 404, 200, 404, 200, owner=200),  # her coach reads it too
    ("POST", "/cases/runs/{run_id}/next"): row(LOGIN, 404, 404, 404, 404, owner=409),  # alice's call 1 runs
    ("GET", "/api/cases"): row(401, 200, 200, 200, 200),
    ("POST", "/api/cases/{case_id}/runs"): row(401, 201, 201, 201, 201, json={},
                                                 params={"case_id": "promiser-three-dates"}),
    ("GET", "/api/case-runs"): row(401, 200, 200, 200, 200),
    ("GET", "/api/case-runs/{run_id}"): row(401, 404, 200, 404, 200, owner=200),
    ("POST", "/api/case-runs/{run_id}/calls"): row(401, 404, 404, 404, 404, owner=409),
    # exams (issue 21): set by the cohort's trainer, HR or an admin; taken by the cohort's trainees
    ("GET", "/exams"): row(LOGIN, 200, 200, 200, 200),
    ("POST", "/exams/{exam_id}/start"): row(LOGIN, 404, 404, 404, 404, owner=303),
    ("GET", "/trainer/exams"): row(LOGIN, 403, 200, 200, 200),
    ("POST", "/trainer/exams"): row(LOGIN, 403, 303, 303, 303, form=EXAM_FORM),
    ("GET", "/trainer/exams/{exam_id}"): row(LOGIN, 403, 200, 200, 200),
    ("POST", "/trainer/exams/{exam_id}/grants"): row(LOGIN, 403, 303, 303, 303, form={"user_id": W("alice_id")}),
    ("GET", "/api/me/exams"): row(401, 200, 200, 200, 200),
    ("GET", "/api/exams"): row(401, 403, 200, 200, 200),
    ("POST", "/api/exams"): row(401, 403, 201, 201, 201, json={**EXAM_FORM, "cohort_id": W("cohort_id"),
                                                               "pool": ["victim-m1"], "time_limit_minutes": 5}),
    ("GET", "/api/exams/{exam_id}/results"): row(401, 403, 200, 200, 200),
    ("POST", "/api/exams/{exam_id}/grants"): row(401, 403, 201, 201, 201, json={"user_id": W("alice_id")}),
    ("POST", "/api/exams/{exam_id}/attempts"): row(401, 404, 404, 404, 404, owner=201),
    ("GET", "/api/scenarios"): row(401, 200, 200, 200, 200),
    ("POST", "/api/sessions"): row(401, 201, 201, 201, 201, json={"scenario_id": "provocative-m1"}),
    ("GET", "/api/sessions"): row(401, 200, 200, 200, 200),
    ("GET", "/api/sessions/{session_id}"): row(401, 404, 200, 404, 200, owner=200),
    ("POST", "/api/sessions/{session_id}/turns"): row(
        401, 404, 404, 404, 404, json=TURN, params={"session_id": W("active_session_id")}, owner=200),
    ("POST", "/api/sessions/{session_id}/turns/stream"): row(
        401, 404, 404, 404, 404, json=TURN, params={"session_id": W("active_session_id")}, owner=200),
    ("POST", "/api/sessions/{session_id}/silence"): row(
        401, 404, 404, 404, 404, json={"waited_ms": 8000}, params={"session_id": W("active_session_id")}, owner=200),
    ("POST", "/api/sessions/{session_id}/dial"): row(
        401, 404, 404, 404, 404, json={}, params={"session_id": W("active_session_id")}, owner=200),
    ("POST", "/api/sessions/{session_id}/sms"): row(  # alice's call was answered: no message to leave
        401, 404, 404, 404, 404, json={"text": "请回电"}, params={"session_id": W("active_session_id")}, owner=409),
    ("POST", "/api/sessions/{session_id}/hints"): row(
        401, 404, 404, 404, 404, json={"on": True}, params={"session_id": W("active_session_id")}, owner=200),
    ("POST", "/api/sessions/{session_id}/leave"): row(401, 404, 404, 404, 404, owner=409),  # already ended
    ("POST", "/api/sessions/{session_id}/branch"): row(401, 404, 404, 404, 404, json={"turn": 1}, owner=201),
    ("POST", "/api/sessions/{session_id}/end"): row(401, 404, 404, 404, 404, owner=200),
    ("POST", "/api/sessions/{session_id}/grade"): row(401, 403, 200, 403, 200, owner=403),
    # -- call mode: server-side speech (not configured in tests: 501 once logged in) ------------
    ("GET", "/api/speech"): row(401, 200, 200, 200, 200),
    ("POST", "/api/speech/transcribe"): row(401, 501, 501, 501, 501, **AUDIO),
    ("POST", "/api/speech/speak"): row(401, 501, 501, 501, 501, json={"text": "喂?", "gender": "male"}),
    # -- grading real calls (trainers, admins) ----------------------------------------------------
    ("POST", "/api/grades"): row(401, 403, 200, 403, 200, json=TRANSCRIPT),
    ("POST", "/api/grades/text"): row(401, 403, 200, 403, 200, json=TEXT_TRANSCRIPT),
    ("GET", "/trainer/grade"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/grade"): row(LOGIN, 403, 200, 403, 200, form={"text": TEXT_TRANSCRIPT["text"]}),
    # -- trainer review (trainers of the trainee's cohort, admins) --------------------------------
    ("GET", "/api/trainer/sessions"): row(401, 403, 200, 403, 200),
    ("GET", "/api/trainer/sessions/{session_id}"): row(401, 403, 200, 403, 200, owner=403),
    ("POST", "/api/trainer/sessions/{session_id}/comments"): row(401, 403, 201, 403, 201, json=COMMENT, owner=403),
    ("POST", "/api/trainer/sessions/{session_id}/override"): row(401, 403, 201, 403, 201, json=OVERRIDE, owner=403),
    ("POST", "/api/trainer/rule-test"): row(401, 403, 200, 403, 200, json={"text": "你再不还钱就等着瞧"}),
    ("GET", "/trainer"): row(LOGIN, 403, 303, 403, 303),  # the review queue
    ("GET", "/trainer/review"): row(LOGIN, 403, 200, 403, 200),
    ("GET", "/trainer/review/{session_id}"): row(LOGIN, 403, 200, 403, 200, owner=403),
    ("POST", "/trainer/review/{session_id}/comments"): row(
        LOGIN, 403, 303, 403, 303, form={"turn": "1", "text": COMMENT["text"]}, owner=403),
    ("POST", "/trainer/review/{session_id}/override"): row(
        LOGIN, 403, 303, 403, 303, form={"overall": "80", "passed": "yes", "reason": OVERRIDE["reason"]}, owner=403),
    ("GET", "/trainer/rule-test"): row(LOGIN, 403, 200, 403, 200),
    # -- authoring pages: persona editor with preview, scenario builder, versions (trainers, admins) --
    ("GET", "/trainer/personas"): row(LOGIN, 403, 200, 403, 200),
    ("GET", "/trainer/from-call"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/from-call"): row(LOGIN, 403, 201, 403, 201, form=TEXT_TRANSCRIPT),
    ("POST", "/trainer/personas/clone"): row(
        LOGIN, 403, 303, 403, 303, form={"source": "provocative", "new_id": "provocative-copy"}, fresh=True),
    ("GET", "/trainer/personas/export"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/personas/import"): row(LOGIN, 403, 422, 403, 422, form={}),  # no file chosen
    ("GET", "/trainer/personas/{object_id}/edit"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative"}),
    ("POST", "/trainer/personas/{object_id}/edit"): row(
        LOGIN, 403, 422, 403, 422, form={"mode": "yaml", "body": ""}, params={"object_id": "provocative"}),
    ("GET", "/trainer/personas/{object_id}/export"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative"}),
    ("POST", "/trainer/personas/{object_id}/discard"): row(LOGIN, 403, 404, 403, 404, params={"object_id": "provocative"}),
    ("POST", "/trainer/personas/{object_id}/rollback"): row(  # to the only version: "no changes"
        LOGIN, 403, 422, 403, 422, form={"version": "1", "confirm": "yes"}, params={"object_id": "provocative"}),
    ("GET", "/trainer/personas/{object_id}/versions"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative"}),
    ("GET", "/trainer/personas/{object_id}/versions/{version}"): row(
        LOGIN, 403, 200, 403, 200, params={"object_id": "provocative", "version": 1}),
    ("GET", "/trainer/scenarios"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/scenarios/clone"): row(
        LOGIN, 403, 303, 403, 303, form={"source": "provocative-m1", "new_id": "provocative-m1-copy"}, fresh=True),
    ("GET", "/trainer/scenarios/export"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/scenarios/import"): row(LOGIN, 403, 422, 403, 422, form={}),  # no file chosen
    ("GET", "/trainer/scenarios/{object_id}/edit"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative-m1"}),
    ("POST", "/trainer/scenarios/{object_id}/edit"): row(
        LOGIN, 403, 422, 403, 422, form={"mode": "yaml", "body": ""}, params={"object_id": "provocative-m1"}),
    ("GET", "/trainer/scenarios/{object_id}/export"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative-m1"}),
    ("POST", "/trainer/scenarios/{object_id}/discard"): row(LOGIN, 403, 404, 403, 404, params={"object_id": "provocative-m1"}),
    ("POST", "/trainer/scenarios/{object_id}/rollback"): row(  # to the only version: "no changes"
        LOGIN, 403, 422, 403, 422, form={"version": "1", "confirm": "yes"}, params={"object_id": "provocative-m1"}),
    ("GET", "/trainer/scenarios/{object_id}/versions"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "provocative-m1"}),
    ("GET", "/trainer/scenarios/{object_id}/versions/{version}"): row(
        LOGIN, 403, 200, 403, 200, params={"object_id": "provocative-m1", "version": 1}),
    ("POST", "/trainer/personas/{object_id}/preview"): row(  # JSON; an empty YAML is named
        LOGIN, 403, 422, 403, 422, form={"mode": "yaml", "body": ""}, params={"object_id": "provocative"}),
    ("GET", "/trainer/scenarios/new"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/scenarios/new"): row(LOGIN, 403, 422, 403, 422, form={"mode": "yaml", "body": "", "id": "new-one"}),
    ("POST", "/trainer/scenarios/{object_id}/cohorts"): row(
        LOGIN, 403, 303, 403, 303, form={}, params={"object_id": "provocative-m1"}),
    # -- rubric and rule-pack editors, live tester on a draft; versions via the shared authoring pages --
    ("GET", "/trainer/rubrics"): row(LOGIN, 403, 200, 403, 200),
    ("GET", "/trainer/rules"): row(LOGIN, 403, 303, 403, 303),  # listed with the rubrics
    ("GET", "/trainer/rubrics/{object_id}/edit"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "default"}),
    ("POST", "/trainer/rubrics/{object_id}/edit"): row(  # an empty YAML tab is named, nothing saved
        LOGIN, 403, 422, 403, 422, form={"action": "save", "mode": "yaml", "body": ""}, params={"object_id": "default"}),
    ("POST", "/trainer/rubrics/clone"): row(
        LOGIN, 403, 303, 403, 303, form={"source": "default", "new_id": "default-copy"}, fresh=True),
    ("GET", "/trainer/rubrics/export"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/rubrics/import"): row(LOGIN, 403, 422, 403, 422, form={}),  # no file chosen
    ("GET", "/trainer/rubrics/{object_id}/export"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "default"}),
    ("POST", "/trainer/rubrics/{object_id}/discard"): row(LOGIN, 403, 404, 403, 404, params={"object_id": "default"}),
    ("POST", "/trainer/rubrics/{object_id}/rollback"): row(  # to the only version: "no changes"
        LOGIN, 403, 422, 403, 422, form={"version": "1", "confirm": "yes"}, params={"object_id": "default"}),
    ("GET", "/trainer/rubrics/{object_id}/versions"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "default"}),
    ("GET", "/trainer/rubrics/{object_id}/versions/{version}"): row(
        LOGIN, 403, 200, 403, 200, params={"object_id": "default", "version": 1}),
    ("GET", "/trainer/rules/{object_id}/edit"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "cn"}),
    ("POST", "/trainer/rules/{object_id}/edit"): row(  # an empty YAML tab is named, nothing saved
        LOGIN, 403, 422, 403, 422, form={"action": "save", "mode": "yaml", "body": ""}, params={"object_id": "cn"}),
    ("POST", "/trainer/rules/clone"): row(
        LOGIN, 403, 303, 403, 303, form={"source": "cn", "new_id": "cn-copy"}, fresh=True),
    ("GET", "/trainer/rules/export"): row(LOGIN, 403, 200, 403, 200),
    ("POST", "/trainer/rules/import"): row(LOGIN, 403, 422, 403, 422, form={}),  # no file chosen
    ("GET", "/trainer/rules/{object_id}/export"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "cn"}),
    ("POST", "/trainer/rules/{object_id}/discard"): row(LOGIN, 403, 404, 403, 404, params={"object_id": "cn"}),
    ("POST", "/trainer/rules/{object_id}/rollback"): row(  # to the only version: "no changes"
        LOGIN, 403, 422, 403, 422, form={"version": "1", "confirm": "yes"}, params={"object_id": "cn"}),
    ("GET", "/trainer/rules/{object_id}/versions"): row(LOGIN, 403, 200, 403, 200, params={"object_id": "cn"}),
    ("GET", "/trainer/rules/{object_id}/versions/{version}"): row(
        LOGIN, 403, 200, 403, 200, params={"object_id": "cn", "version": 1}),
    ("POST", "/api/trainer/rule-packs/{object_id}/test"): row(  # an empty draft is named
        401, 403, 422, 403, 422, form={"text": "你再不还钱就等着瞧", "mode": "yaml", "body": ""}, params={"object_id": "cn"}),
    # -- catalog authoring: drafts, versions, export/import, scenario cohorts (trainers, admins) --
    ("GET", "/api/authoring/export"): row(401, 403, 200, 403, 200),
    ("POST", "/api/authoring/import"): row(401, 403, 422, 403, 422, **YAML_UPLOAD),
    ("POST", "/api/authoring/from-call/text"): row(401, 403, 201, 403, 201, json=TEXT_TRANSCRIPT),
    ("POST", "/api/authoring/from-call"): row(401, 403, 201, 403, 201, json=TRANSCRIPT),
    ("GET", "/api/authoring/scenario/{scenario_id}/cohorts"): row(401, 403, 200, 403, 200, params=SCENARIO),
    ("PUT", "/api/authoring/scenario/{scenario_id}/cohorts"): row(
        401, 403, 200, 403, 200, json={"cohort_ids": []}, params=SCENARIO),
    ("GET", "/api/authoring/{kind}"): row(401, 403, 200, 403, 200, params=RUBRIC),
    ("GET", "/api/authoring/{kind}/{object_id}"): row(401, 403, 200, 403, 200, params=RUBRIC),
    ("PUT", "/api/authoring/{kind}/{object_id}/draft"): row(
        401, 403, 422, 403, 422, json={"body": "spec: ["}, params=RUBRIC),
    ("DELETE", "/api/authoring/{kind}/{object_id}/draft"): row(401, 403, 404, 403, 404, params=RUBRIC),
    ("POST", "/api/authoring/{kind}/{object_id}/publish"): row(401, 403, 422, 403, 422, json={}, params=RUBRIC),
    ("POST", "/api/authoring/{kind}/{object_id}/clone"): row(
        401, 403, 201, 403, 201, json={"new_id": "default-copy"}, params=RUBRIC, fresh=True),
    ("GET", "/api/authoring/{kind}/{object_id}/versions"): row(401, 403, 200, 403, 200, params=RUBRIC),
    ("GET", "/api/authoring/{kind}/{object_id}/versions/{version}"): row(
        401, 403, 200, 403, 200, params={**RUBRIC, "version": 1}),
    ("GET", "/api/authoring/{kind}/{object_id}/diff"): row(401, 403, 200, 403, 200, params=RUBRIC),
    ("POST", "/api/authoring/{kind}/{object_id}/rollback"): row(  # to the only version: "no changes"
        401, 403, 422, 403, 422, json={"version": 1}, params=RUBRIC),
    # -- admin ------------------------------------------------------------------------------------
    ("GET", "/api/admin/llm"): row(401, 403, 403, 403, 200),
    ("POST", "/api/admin/llm/check"): row(401, 403, 403, 403, 200),
    ("GET", "/api/admin/llm/guard"): row(401, 403, 403, 403, 200),
    ("GET", "/api/admin/sessions"): row(401, 403, 403, 403, 200),
    ("GET", "/api/admin/audit"): row(401, 403, 403, 403, 200),
    ("GET", "/admin"): row(LOGIN, 403, 403, 403, 200),  # system status, the admin's home
    ("GET", "/admin/llm"): row(LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/sessions"): row(LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/audit"): row(LOGIN, 403, 403, 403, 200),
    ("GET", "/admin/users"): row(LOGIN, 403, 403, 403, 200),  # accounts in the browser (issue 20)
    ("POST", "/admin/users"): row(LOGIN, 403, 403, 403, 200, form={"username": "newbie", "role": "trainee"},
                                  fresh=True),
    ("POST", "/admin/users/import"): row(LOGIN, 403, 403, 403, 200, form={"csv": "imported1,导入学员"}, fresh=True),
    ("POST", "/admin/users/{user_id}/role"): row(LOGIN, 403, 403, 403, 303, form={"role": "trainee"}, fresh=True),
    ("POST", "/admin/users/{user_id}/reset"): row(LOGIN, 403, 403, 403, 200, fresh=True),
    ("POST", "/admin/users/{user_id}/active"): row(LOGIN, 403, 403, 403, 303, form={"active": "yes"}),
    ("GET", "/account/password"): row(LOGIN, 200, 200, 200, 200),
    ("POST", "/account/password"): row(LOGIN, 303, 303, 303, 303, fresh=True,
                                       form={"current": PASSWORD, "new": "梅花香自苦寒来-2026冬", "confirm": "梅花香自苦寒来-2026冬"}),
    ("GET", "/api/hr/access"): row(401, 403, 403, 403, 200),
    ("PUT", "/api/hr/access/{user_id}"): row(
        401, 403, 403, 403, 200, json={"transcripts": True}, params={"user_id": W("hana_id")}),
    ("GET", "/hr/access"): row(LOGIN, 403, 403, 403, 200),
    ("POST", "/hr/access/{user_id}"): row(LOGIN, 403, 403, 403, 303, form={"transcripts": "on"},
                                          params={"user_id": W("hana_id")}),
    # -- cohorts (HR and admins manage; trainers read the cohorts they coach) ---------------------
    ("GET", "/api/hr/cohorts"): row(401, 403, 200, 200, 200),
    ("POST", "/api/hr/cohorts"): row(401, 403, 403, 201, 201, json={"name": "新班组"}, fresh=True),
    ("GET", "/api/hr/cohorts/{cohort_id}"): row(401, 403, 200, 200, 200),
    ("PATCH", "/api/hr/cohorts/{cohort_id}"): row(401, 403, 403, 200, 200, json={"description": "二期"}),
    ("DELETE", "/api/hr/cohorts/{cohort_id}"): row(401, 403, 403, 204, 204, fresh=True),
    ("POST", "/api/hr/cohorts/{cohort_id}/members"): row(
        401, 403, 403, 201, 201, json={"username": "bob", "role": "trainee"}, fresh=True),
    ("DELETE", "/api/hr/cohorts/{cohort_id}/members/{user_id}"): row(401, 403, 403, 204, 204, fresh=True),
    ("GET", "/hr/cohorts"): row(LOGIN, 403, 403, 200, 200),
    ("POST", "/hr/cohorts"): row(LOGIN, 403, 403, 303, 303, form={"name": "新班组"}, fresh=True),
    ("GET", "/hr/cohorts/{cohort_id}/members"): row(LOGIN, 403, 403, 200, 200),
    ("POST", "/hr/cohorts/{cohort_id}/edit"): row(LOGIN, 403, 403, 303, 303, form={"name": "安全测试班组"}),
    ("POST", "/hr/cohorts/{cohort_id}/members"): row(
        LOGIN, 403, 403, 303, 303, form={"username": "bob", "role": "trainee"}, fresh=True),
    ("POST", "/hr/cohorts/{cohort_id}/members/{user_id}/remove"): row(LOGIN, 403, 403, 303, 303, fresh=True),
    ("POST", "/hr/cohorts/{cohort_id}/delete"): row(LOGIN, 403, 403, 303, 303, fresh=True),
    # -- programmes (HR and admins edit; trainers read) -------------------------------------------
    ("GET", "/api/hr/programmes"): row(401, 403, 200, 200, 200),
    ("POST", "/api/hr/programmes"): row(401, 403, 403, 201, 201, json=PROGRAMME, fresh=True),
    ("GET", "/api/hr/programmes/{programme_id}"): row(401, 403, 200, 200, 200),
    ("PUT", "/api/hr/programmes/{programme_id}"): row(
        401, 403, 403, 200, 200, json=PROGRAMME, params={"programme_id": W("spare_programme_id")}),
    ("DELETE", "/api/hr/programmes/{programme_id}"): row(
        401, 403, 403, 204, 204, params={"programme_id": W("spare_programme_id")}, fresh=True),
    ("GET", "/api/hr/programmes/templates"): row(401, 403, 200, 200, 200),
    ("POST", "/api/hr/programmes/from-template"): row(
        401, 403, 403, 201, 201, json={"template": "gbt45251-annual"}, fresh=True),
    ("POST", "/hr/programmes/from-template"): row(LOGIN, 403, 403, 303, 303, form={"template": "gbt45251-annual"},
                                                   fresh=True),
    ("GET", "/hr/programmes"): row(LOGIN, 403, 403, 200, 200),
    ("GET", "/hr/programmes/new"): row(LOGIN, 403, 403, 200, 200),
    ("GET", "/hr/programmes/{programme_id}"): row(LOGIN, 403, 403, 200, 200),
    ("POST", "/hr/programmes/new"): row(LOGIN, 403, 403, 200, 200, form=PROGRAMME_FORM),
    ("POST", "/hr/programmes/{programme_id}"): row(LOGIN, 403, 403, 200, 200, form=PROGRAMME_FORM),
    ("POST", "/hr/programmes/{programme_id}/delete"): row(
        LOGIN, 403, 403, 303, 303, params={"programme_id": W("spare_programme_id")}, fresh=True),
    # -- HR dashboards (trainers: their cohorts only) ---------------------------------------------
    ("GET", "/api/hr/overview"): row(401, 403, 200, 200, 200),
    ("GET", "/api/hr/cohorts/{cohort_id}/dashboard"): row(401, 403, 200, 200, 200),
    ("GET", "/api/hr/trainees/{user_id}"): row(401, 403, 200, 200, 200),
    ("GET", "/api/hr/sessions/{session_id}"): row(401, 403, 200, 200, 200, owner=403),
    ("GET", "/hr"): row(LOGIN, 403, 200, 200, 200),
    ("GET", "/hr/cohorts/{cohort_id}"): row(LOGIN, 403, 200, 200, 200),
    ("GET", "/hr/trainees/{user_id}"): row(LOGIN, 403, 200, 200, 200),
    ("GET", "/hr/sessions/{session_id}"): row(LOGIN, 403, 200, 200, 200, owner=403),
    # -- certificates -------------------------------------------------------------------------------
    ("GET", "/api/hr/certificates"): row(401, 403, 403, 200, 200),
    ("POST", "/api/hr/certificates/{certificate_id}/revoke"): row(
        401, 403, 403, 200, 200, json={"reason": "证据有误"}, fresh=True),
    ("GET", "/api/certificates/{code}"): row(401, 404, 404, 200, 200, owner=200),
    ("GET", "/hr/certificates"): row(LOGIN, 403, 403, 200, 200),
    ("POST", "/hr/certificates/{certificate_id}/revoke"): row(
        LOGIN, 403, 403, 303, 303, form={"reason": "证据有误"}, fresh=True),
    ("GET", "/certificates/{code}"): row(LOGIN, 404, 404, 200, 200, owner=200),
    # -- exports (HR, admins) -------------------------------------------------------------------
    ("GET", "/api/hr/exports/attempts.csv"): row(401, 403, 403, 200, 200),
    ("GET", "/api/hr/exports/certificates.csv"): row(401, 403, 403, 200, 200),
    ("GET", "/api/hr/exports/xapi.json"): row(401, 403, 403, 200, 200),
    ("GET", "/hr/exports"): row(LOGIN, 403, 403, 200, 200),
    # -- pass-rule approvals (HR, admins); nothing is pending in the shared world: 404 for them --------
    ("GET", "/api/hr/approvals"): row(401, 403, 403, 200, 200),
    ("POST", "/api/hr/approvals/{kind}/{object_id}/approve"): row(
        401, 403, 403, 404, 404, params={"kind": "rubric", "object_id": "default"}),
    ("POST", "/api/hr/approvals/{kind}/{object_id}/reject"): row(
        401, 403, 403, 404, 404, json={"reason": "不行"}, params={"kind": "rubric", "object_id": "default"}),
    ("GET", "/hr/approvals"): row(LOGIN, 403, 403, 200, 200),
    ("POST", "/hr/approvals/{kind}/{object_id}/approve"): row(
        LOGIN, 403, 403, 404, 404, form={}, params={"kind": "rubric", "object_id": "default"}),
    ("POST", "/hr/approvals/{kind}/{object_id}/reject"): row(
        LOGIN, 403, 403, 404, 404, form={"reason": "不行"}, params={"kind": "rubric", "object_id": "default"}),
    # -- GB/T 45251 records: re-assessment due list, yearly training record (HR, admins) ---------------
    ("GET", "/api/hr/reassessment"): row(401, 403, 403, 200, 200),
    ("GET", "/hr/reassessment"): row(LOGIN, 403, 403, 200, 200),
    ("GET", "/api/hr/trainees/{user_id}/record"): row(401, 403, 403, 200, 200),
    ("GET", "/hr/trainees/{user_id}/record"): row(LOGIN, 403, 403, 200, 200),
    ("GET", "/api/hr/exports/training-record.csv"): row(401, 403, 403, 200, 200),
    # -- the trainee's own certification path ----------------------------------------------------
    ("GET", "/api/me/path"): row(401, 200, 403, 403, 403),
    ("GET", "/path"): row(LOGIN, 200, 403, 403, 403),
}
# fmt: on


# -- the routes the app serves ------------------------------------------------------------------------
def app_routes() -> list[tuple[str, str]]:
    """(method, path) of every route of a freshly built app (HEAD answered by GET is not separate)."""
    app = create_app(Settings(database_url="sqlite://", secret_key="route-listing"))
    out = set()
    for context in iter_route_contexts(app.routes):
        if context.path.startswith(NOT_ROUTES):
            continue
        for method in context.methods or ():
            if method != "HEAD" or "GET" not in context.methods:
                out.add((method, context.path))
    return sorted(out, key=lambda mp: (mp[1], mp[0]))


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


def fill(path: str, expect: Expect, world: World) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        given = expect.params.get(name, W(name))
        if isinstance(given, W):
            if given.key not in world.ids:
                raise KeyError(f"{path}: no world id {given.key!r}; pass params={{{name!r}: ...}} in its row")
            return str(world.ids[given.key])
        return str(given)

    return re.sub(r"\{([^}:]+)(?::[^}]*)?\}", value, path)


def body_of(body: Any, world: World, *, form: bool = False) -> Any:
    """A JSON body or form with each ``W(key)`` value replaced by that id of the world."""
    if not isinstance(body, dict):
        return body
    return {k: (str(world.ids[v.key]) if form else world.ids[v.key]) if isinstance(v, W) else v
            for k, v in body.items()}


def send(world: World, method: str, path: str, expect: Expect, username: str | None, *,
         csrf: str | None = CSRF, url: str | None = None):
    """One request as ``username`` (None: anonymous): a bearer token for the API, the browser's session
    cookie (and the form's CSRF token) for pages."""
    client = world.client
    url = url or fill(path, expect, world)
    headers = dict(expect.headers)
    if is_api(path):
        client.cookies.clear()
        if username is not None:
            headers |= world.bearer(username)
        return client.request(method, url, json=body_of(expect.json, world), data=body_of(expect.form, world, form=True),
                              content=expect.content,
                              headers=headers, follow_redirects=False)
    world.browse_as(username)
    data = None
    if method != "GET":
        data = dict(body_of(expect.form, world, form=True) or {}) | ({"csrf_token": csrf} if csrf is not None else {})
    return client.request(method, url, data=data, headers=headers, follow_redirects=False)


def outcome(res) -> int | str:
    if res.status_code == 303 and res.headers.get("location", "").startswith("/login?"):
        return LOGIN
    return res.status_code


# -- the tests ------------------------------------------------------------------------------------------
ROUTES = app_routes()


def test_every_route_is_in_the_matrix():
    missing = [f"add {m} {p} to ROUTE_MATRIX in tests/api/test_rbac_matrix.py" for m, p in ROUTES
               if (m, p) not in ROUTE_MATRIX]
    stale = [f"remove {m} {p} from ROUTE_MATRIX (the app no longer serves it)" for m, p in ROUTE_MATRIX
             if (m, p) not in ROUTES]
    assert not missing + stale, "\n".join(missing + stale)


@pytest.mark.parametrize("method,path", list(ROUTE_MATRIX), ids=[f"{m} {p}" for m, p in ROUTE_MATRIX])
def test_each_role_gets_what_the_matrix_says(request, world_factory, method, path):
    """Rows share one world (their requests add things but take nothing away that a later row needs);
    a ``fresh`` row gets a new world for every role. On PostgreSQL, where every new world empties the one
    schema, each row builds its own."""
    expect = ROUTE_MATRIX[(method, path)]
    world = None if SHARED_DATABASE else request.getfixturevalue("shared_world")
    wrong = []
    for role in ROLES:
        if world is None or expect.fresh:
            world = world_factory()
        got = outcome(send(world, method, path, expect, world.actor(role)))
        if got != expect.for_role(role):
            wrong.append(f"{method} {path} as {role}: expected {expect.for_role(role)}, got {got}")
    assert not wrong, "\n".join(wrong)
