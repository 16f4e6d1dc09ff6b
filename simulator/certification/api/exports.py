"""Exports: attempts and certificates as CSV, xAPI statements as JSON; by cohort and date range."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from simulator.certification import exports
from simulator.certification.exports import parse_day
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import Manager

router = APIRouter(prefix="/api/hr/exports", tags=["hr: exports"])


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _cohort(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@router.get("/attempts.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def attempts_csv(db: SessionDep, user: Manager, cohort_id: str | None = None, date_from: str | None = None,
                 date_to: str | None = None) -> Response:
    """Columns: see docs/schemas/attempts.csv.schema.json."""
    text = exports.attempts_csv(db, user, cohort_id=_cohort(cohort_id), date_from=parse_day(date_from, "date_from"),
                                date_to=parse_day(date_to, "date_to"))
    return _csv(text, "attempts.csv")


@router.get("/certificates.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def certificates_csv(db: SessionDep, user: Manager, cohort_id: str | None = None, date_from: str | None = None,
                     date_to: str | None = None) -> Response:
    """Columns: see docs/schemas/certificates.csv.schema.json."""
    text = exports.certificates_csv(db, user, cohort_id=_cohort(cohort_id),
                                    date_from=parse_day(date_from, "date_from"), date_to=parse_day(date_to, "date_to"))
    return _csv(text, "certificates.csv")


@router.get("/xapi.json")
def xapi(request: Request, db: SessionDep, catalog: CatalogDep, user: Manager, cohort_id: str | None = None,
         date_from: str | None = None, date_to: str | None = None) -> list[dict[str, Any]]:
    """xAPI 1.0.3 statements (docs/schemas/xapi-statement.schema.json), ready to POST to an LRS."""
    return exports.xapi_statements(db, catalog, user, home=str(request.base_url), cohort_id=_cohort(cohort_id),
                                   date_from=parse_day(date_from, "date_from"), date_to=parse_day(date_to, "date_to"))
