"""Certification programmes API (HR and admins edit; trainers read)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from simulator.certification import programmes
from simulator.db.models import ProgrammeCreate, ProgrammePublic
from simulator.deps import CatalogDep, SessionDep
from simulator.web.roles import Manager, Viewer

router = APIRouter(prefix="/api/hr/programmes", tags=["hr: programmes"])


@router.get("", response_model=list[ProgrammePublic])
def list_programmes(db: SessionDep, user: Viewer) -> list[ProgrammePublic]:
    return programmes.list_programmes(db, user)


@router.post("", response_model=ProgrammePublic, status_code=201)
def create_programme(body: ProgrammeCreate, db: SessionDep, catalog: CatalogDep, user: Manager) -> ProgrammePublic:
    """Requirement errors name the field, e.g. ``requirements.2.min_overall: …``."""
    return ProgrammePublic.model_validate(programmes.create_programme(db, catalog, user, body.model_dump()))


class TemplateOut(BaseModel):
    id: str
    name: str
    description: str
    assessment: str  # pre_job | annual
    requirements: int


class FromTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: str = Field(min_length=1, max_length=40)


@router.get("/templates", response_model=list[TemplateOut])
def list_templates(user: Viewer) -> list[TemplateOut]:
    """Programme templates: GB/T 45251-2025 pre-job and annual assessments."""
    return [TemplateOut(**t) for t in programmes.templates()]


@router.post("/from-template", response_model=ProgrammePublic, status_code=201)
def create_from_template(body: FromTemplate, db: SessionDep, catalog: CatalogDep, user: Manager) -> ProgrammePublic:
    return ProgrammePublic.model_validate(programmes.create_from_template(db, catalog, user, body.template))


@router.get("/{programme_id}", response_model=ProgrammePublic)
def get_programme(programme_id: int, db: SessionDep, user: Viewer) -> ProgrammePublic:
    return ProgrammePublic.model_validate(programmes.get_programme(db, user, programme_id))


@router.put("/{programme_id}", response_model=ProgrammePublic)
def replace_programme(programme_id: int, body: ProgrammeCreate, db: SessionDep, catalog: CatalogDep,
                      user: Manager) -> ProgrammePublic:
    """Replace the programme; its version goes up (existing certificates keep the version they were earned under)."""
    return ProgrammePublic.model_validate(programmes.update_programme(db, catalog, user, programme_id, body.model_dump()))


@router.delete("/{programme_id}", status_code=204)
def delete_programme(programme_id: int, db: SessionDep, user: Manager) -> Response:
    programmes.delete_programme(db, user, programme_id)
    return Response(status_code=204)
