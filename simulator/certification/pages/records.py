"""HR pages for GB/T 45251 records (issue 17): who is due for re-assessment, and a collector's yearly
training and assessment record, printable as a PDF from the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from simulator.certification import reassessment, training_record
from simulator.certification.exports import export_page, parse_id
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import MANAGERS, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr/reassessment")
def due_page(request: Request, db: SessionDep, within: Annotated[int, Query()] = 90,
             cohort_id: str | None = None, show: str = "due"):
    user = page_role(request, db, *MANAGERS)
    cohort = parse_id(cohort_id, "cohort_id")
    rows = reassessment.due(db, user, within=within, cohort_id=cohort)
    shown = rows if show == "all" else [r for r in rows if r["status"] != "later"]
    return render(request, "hr/reassessment.html", user=user, rows=shown, total=len(rows), within=within,
                  cohort_id=cohort, show=show, marked=reassessment.has_assessment_programmes(db),
                  year=training_record.default_year(), **export_page(db, user))


@router.get("/hr/trainees/{user_id}/record")
def record_page(user_id: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request, db: SessionDep, catalog: CatalogDep,
                year: Annotated[int | None, Query(ge=training_record.FIRST_YEAR, le=9999)] = None):
    user = page_role(request, db, *MANAGERS)
    view = training_record.record(db, catalog, user, user_id, year or training_record.default_year())
    return render(request, "hr/record.html", user=user, view=view, years=training_record.years())
