"""Training records for GB/T 45251 (issue 17): the re-assessment due list, one collector's record for a
year, and every collector's record as CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from simulator.certification import reassessment, training_record
from simulator.certification.exports import parse_id
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import Manager

router = APIRouter(prefix="/api/hr", tags=["hr: training records"])
Year = Annotated[int | None, Query(ge=training_record.FIRST_YEAR, le=9999, description="calendar year (default: this one)")]


@router.get("/reassessment")
def due_list(db: SessionDep, user: Manager, within: Annotated[int, Query(description="30, 60 or 90 days")] = 90,
             cohort_id: str | None = None) -> list[dict[str, Any]]:
    """Each collector's last pre-job or annual assessment and when the next is due (a year later):
    status ``overdue``, ``due`` (within ``within`` days; ``window`` is 30, 60 or 90), ``never`` or ``later``."""
    return reassessment.due(db, user, within=within, cohort_id=parse_id(cohort_id, "cohort_id"))


@router.get("/trainees/{user_id}/record")
def record(user_id: Annotated[int, Path(ge=1, le=2**31 - 1)], db: SessionDep, catalog: CatalogDep, user: Manager,
           year: Year = None) -> dict[str, Any]:
    """One collector's graded practice calls and certificates in a calendar year, with totals."""
    return training_record.record(db, catalog, user, user_id, year or training_record.default_year())


@router.get("/exports/training-record.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def record_csv(db: SessionDep, catalog: CatalogDep, user: Manager, year: Year = None, cohort_id: str | None = None,
               user_id: str | None = None) -> Response:
    """One row per graded practice call or certificate in the year (columns: ``training_record.COLUMNS``)."""
    year = year or training_record.default_year()
    text = training_record.records_csv(db, catalog, user, year, cohort_id=parse_id(cohort_id, "cohort_id"),
                                       user_id=parse_id(user_id, "user_id"))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="training-record-{year}.csv"'})
