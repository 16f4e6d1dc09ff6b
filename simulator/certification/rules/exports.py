"""Export shapes: CSV rows of attempts and certificates, and xAPI 1.0.3 statements for an LMS.

The columns and the statement shape are contracts for whoever imports them; their JSON schemas are
in ``docs/schemas/`` and the tests validate every export against them. CSV text starts with a BOM
because HR opens it in Excel or WPS, which otherwise guess the wrong encoding for Chinese.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from simulator.certification.rules.attempts import Attempt, as_utc

DIMENSIONS = ("courtesy", "legality", "pressure_calibration", "emotional_control")
ATTEMPT_COLUMNS = ("session_id", "grade_id", "username", "display_name", "cohorts", "scenario_id", "archetype",
                   "stage", "difficulty", "ended_at", "overall", "passed", *DIMENSIONS, "critical_violations",
                   "violation_categories", "rubric", "grade_mode", "rule_pack")
CERTIFICATE_COLUMNS = ("code", "username", "display_name", "cohorts", "programme", "programme_version", "issued_at",
                       "expires_at", "status", "revoked_at", "revoke_reason", "rubric_versions", "rule_packs")
XAPI_VERSION = "1.0.3"
VERB_PASSED = {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed", "zh-CN": "通过"}}
VERB_FAILED = {"id": "http://adlnet.gov/expapi/verbs/failed", "display": {"en-US": "failed", "zh-CN": "未通过"}}
VERB_EARNED = {"id": "http://id.tincanapi.com/verb/earned", "display": {"en-US": "earned", "zh-CN": "获得"}}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
CERTIFICATION = "https://w3id.org/xapi/cmi5/activitytype/course"


def _iso(value: datetime | None) -> str:
    return as_utc(value).isoformat(timespec="seconds") if value else ""


def attempt_row(a: Attempt, *, username: str, display_name: str, cohorts: Sequence[str]) -> dict[str, str]:
    row: dict[str, Any] = {
        "session_id": a.session_id, "grade_id": a.grade_id, "username": username, "display_name": display_name,
        "cohorts": ";".join(cohorts), "scenario_id": a.scenario_id, "archetype": a.archetype, "stage": a.stage,
        "difficulty": a.difficulty, "ended_at": _iso(a.at), "overall": a.overall, "passed": "true" if a.passed else "false",
        "critical_violations": a.critical, "violation_categories": ";".join(sorted({c for c, _ in a.violations})),
        "rubric": a.rubric, "grade_mode": a.mode, "rule_pack": a.rule_pack}
    row |= {d: a.dimensions.get(d, "") for d in DIMENSIONS}
    return {k: str(row[k]) for k in ATTEMPT_COLUMNS}


def certificate_row(cert: Mapping[str, Any], *, username: str, display_name: str, cohorts: Sequence[str]) -> dict[str, str]:
    """``cert``: code, programme, programme_version, issued_at, expires_at, status, revoked_at, revoke_reason, rubric_versions,
    rule_packs (``[{"ref": "cn@3", "effective_from": "2026-01-30"}]``)."""
    row = {"code": cert["code"], "username": username, "display_name": display_name, "cohorts": ";".join(cohorts),
           "programme": cert["programme"], "programme_version": cert["programme_version"],
           "issued_at": _iso(cert["issued_at"]), "expires_at": _iso(cert.get("expires_at")), "status": cert["status"],
           "revoked_at": _iso(cert.get("revoked_at")), "revoke_reason": cert.get("revoke_reason") or "",
           "rubric_versions": ";".join(cert.get("rubric_versions") or []),
           "rule_packs": ";".join(p["ref"] + (f" ({p['effective_from']})" if p.get("effective_from") else "")
                                  for p in cert.get("rule_packs") or [])}
    return {k: str(row[k]) for k in CERTIFICATE_COLUMNS}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula (a cohort named
    ``=HYPERLINK(…)``) is prefixed with an apostrophe (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: cell(str(v)) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def _actor(home: str, username: str, display_name: str) -> dict[str, Any]:
    return {"objectType": "Agent", "name": display_name or username, "account": {"homePage": home, "name": username}}


def _ext(home: str, name: str) -> str:
    return f"{home}/xapi/extensions/{name}"


def xapi_attempt(a: Attempt, *, home: str, username: str, display_name: str, title: Mapping[str, str],
                 cohorts: Sequence[str]) -> dict[str, Any]:
    """One graded practice call: passed/failed a simulation, scaled score, dimension scores."""
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{home}/grades/{a.grade_id}")),  # stable: re-export is idempotent
        "actor": _actor(home, username, display_name),
        "verb": VERB_PASSED if a.passed else VERB_FAILED,
        "object": {"objectType": "Activity", "id": f"{home}/xapi/activities/scenarios/{a.scenario_id}",
                   "definition": {"type": SIMULATION,
                                  "name": {"zh-CN": title.get("zh", a.scenario_id), "en-US": title.get("en", a.scenario_id)}}},
        "result": {"score": {"scaled": round(a.overall / 100, 4), "raw": a.overall, "min": 0, "max": 100},
                   "success": a.passed, "completion": a.mode != "incomplete",
                   "extensions": {_ext(home, "dimensions"): dict(a.dimensions),
                                  _ext(home, "critical-violations"): a.critical,
                                  _ext(home, "violation-categories"): sorted({c for c, _ in a.violations})}},
        "context": {"platform": "collector-sim", "language": "zh-CN",
                    "extensions": {_ext(home, "rubric"): a.rubric, _ext(home, "session"): a.session_id,
                                   _ext(home, "stage"): a.stage, _ext(home, "difficulty"): a.difficulty,
                                   _ext(home, "cohorts"): list(cohorts)}},
        "timestamp": _iso(a.at),
        "version": XAPI_VERSION,
    }


def xapi_certificate(cert: Mapping[str, Any], *, home: str, username: str, display_name: str,
                     cohorts: Sequence[str]) -> dict[str, Any]:
    """A certificate earned: the programme as the activity, the verification code and status as context."""
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{home}/certificates/{cert['code']}")),
        "actor": _actor(home, username, display_name),
        "verb": VERB_EARNED,
        "object": {"objectType": "Activity", "id": f"{home}/xapi/activities/programmes/{cert['programme_id']}",
                   "definition": {"type": CERTIFICATION, "name": {"zh-CN": cert["programme"], "en-US": cert["programme"]}}},
        "result": {"success": True, "completion": True},
        "context": {"platform": "collector-sim", "language": "zh-CN",
                    "extensions": {_ext(home, "certificate-code"): cert["code"],
                                   _ext(home, "certificate-status"): cert["status"],
                                   _ext(home, "programme-version"): cert["programme_version"],
                                   _ext(home, "expires-at"): _iso(cert.get("expires_at")) or None,
                                   _ext(home, "verify-url"): f"{home}/verify/{cert['code']}",
                                   _ext(home, "cohorts"): list(cohorts)}},
        "timestamp": _iso(cert["issued_at"]),
        "version": XAPI_VERSION,
    }
