"""The export page: pick a cohort and dates; the buttons download from the /api/hr/exports endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request

from simulator.certification import exports, training_record
from simulator.deps import SessionDep
from simulator.web.roles import MANAGERS, page_role
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hr/exports")
def exports_page(request: Request, db: SessionDep):
    user = page_role(request, db, *MANAGERS)
    return render(request, "hr/exports.html", user=user, years=training_record.years(), **exports.export_page(db, user))
