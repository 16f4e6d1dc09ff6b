"""The trainee's own certification record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from simulator.certification.path import my_path
from simulator.db.models import User
from simulator.deps import CatalogDep, SessionDep, require_role
from simulator.web.i18n import lang_of

router = APIRouter(prefix="/api/me", tags=["me"])
Trainee = Annotated[User, Depends(require_role("trainee"))]


@router.get("/path")
def path(request: Request, db: SessionDep, catalog: CatalogDep, user: Trainee,
         programme_id: int | None = None) -> dict[str, Any]:
    """Twin of /path: the programme's requirements, what is done, the recommended next scenario."""
    return my_path(db, catalog, user, programme_id=programme_id, lang=lang_of(request))
