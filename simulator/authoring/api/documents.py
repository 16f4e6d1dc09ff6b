"""Catalog authoring JSON (issue 5, items 4 and 6): drafts, publishing, versions, diff, rollback, clone,
export/import and scenario cohorts. Trainers and admins only; invalid bodies answer 422 with
``{"detail": [{"field", "line", "message"}, …]}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, UploadFile

from simulator.authoring import service as authoring
from simulator.authoring.schemas import (
    BodyOut,
    CloneIn,
    CohortsIn,
    CohortsOut,
    DiffOut,
    DraftIn,
    DraftOut,
    ObjectSummary,
    PackChangeOut,
    PublishIn,
    RollbackIn,
    VersionBody,
    VersionOut,
)
from simulator.core.errors import InvalidInput
from simulator.db.models import CatalogVersion, User
from simulator.deps import SessionDep, require_role
from simulator.practice.schemas import ErrorOut

router = APIRouter(prefix="/api/authoring", tags=["authoring"])
Author = Annotated[User, Depends(require_role(*authoring.AUTHORS))]


def _version(row: CatalogVersion) -> VersionOut:
    return VersionOut.model_validate(row, from_attributes=True)


def _draft(row) -> DraftOut:
    return DraftOut.model_validate(row, from_attributes=True)


@router.get("/export", response_class=Response, responses={200: {"content": {"application/zip": {},
                                                                           "application/yaml": {}}}})
def export(db: SessionDep, _user: Author, item: Annotated[list[str] | None, Query(max_length=200)] = None,
           format: Annotated[str, Query(pattern="^(zip|yaml)$")] = "zip") -> Response:
    """The latest published YAML: every object, or ``item=kind:id`` (repeatable); one item may come as
    ``format=yaml``."""
    items = authoring.parse_items(item) if item else None
    if format == "yaml":
        if not items or len(items) != 1:
            raise InvalidInput("format: yaml needs exactly one item=kind:id", field="format")
        kind, object_id = items[0]
        body = authoring.latest_body(db, kind, object_id)
        return Response(body.encode("utf-8"), media_type="application/yaml",
                        headers={"Content-Disposition": f'attachment; filename="{object_id}.yaml"'})
    return Response(authoring.export_bundle(db, items), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="catalog.zip"'})


@router.post("/import", response_model=list[VersionOut], status_code=201)
async def import_file(file: UploadFile, db: SessionDep, user: Author) -> list[VersionOut]:
    """One .yaml or a .zip laid out like the export: all documents are published, or none."""
    data = await file.read(authoring.MAX_IMPORT_BYTES + 1)
    return [_version(r) for r in authoring.import_bundle(db, file.filename or "", data, user)]


@router.get("/scenario/{scenario_id}/cohorts", response_model=CohortsOut)
def get_cohorts(scenario_id: str, db: SessionDep, _user: Author) -> CohortsOut:
    return CohortsOut(scenario_id=scenario_id, cohort_ids=authoring.scenario_cohorts(db, scenario_id))


@router.put("/scenario/{scenario_id}/cohorts", response_model=CohortsOut)
def put_cohorts(scenario_id: str, body: CohortsIn, db: SessionDep, user: Author) -> CohortsOut:
    """Offer the scenario only to these cohorts' trainees (an empty list: to every trainee)."""
    authoring.assign_scenario(db, scenario_id, body.cohort_ids, user)
    return CohortsOut(scenario_id=scenario_id, cohort_ids=authoring.scenario_cohorts(db, scenario_id))


@router.get("/{kind}", response_model=list[ObjectSummary])
def list_objects(kind: str, db: SessionDep, _user: Author) -> list[ObjectSummary]:
    return authoring.list_objects(db, kind)


@router.get("/{kind}/{object_id}", response_model=BodyOut)
def get_body(kind: str, object_id: str, db: SessionDep, _user: Author) -> BodyOut:
    """The draft if there is one, else the latest published body."""
    return authoring.body_view(db, kind, object_id)


@router.put("/{kind}/{object_id}/draft", response_model=DraftOut)
def save_draft(kind: str, object_id: str, body: DraftIn, db: SessionDep, user: Author) -> DraftOut:
    return _draft(authoring.save_draft(db, kind, object_id, body.body, user))


@router.delete("/{kind}/{object_id}/draft", status_code=204)
def discard_draft(kind: str, object_id: str, db: SessionDep, user: Author) -> Response:
    authoring.discard_draft(db, kind, object_id, user)
    return Response(status_code=204)


@router.post("/{kind}/{object_id}/publish", response_model=VersionOut, status_code=201, responses={
    202: {"model": ErrorOut, "description": "the change alters pass rules: held for HR or admin approval"}})
def publish(kind: str, object_id: str, db: SessionDep, user: Author, body: PublishIn | None = None) -> VersionOut:
    return _version(authoring.publish(db, kind, object_id, user, (body or PublishIn()).note))


@router.post("/{kind}/{object_id}/clone", response_model=DraftOut, status_code=201)
def clone(kind: str, object_id: str, body: CloneIn, db: SessionDep, user: Author) -> DraftOut:
    """A draft copy of the latest published body under ``new_id``."""
    return _draft(authoring.clone(db, kind, object_id, body.new_id, user))


@router.get("/{kind}/{object_id}/versions", response_model=list[VersionOut])
def versions(kind: str, object_id: str, db: SessionDep, _user: Author) -> list[VersionOut]:
    return [_version(r) for r in authoring.list_versions(db, kind, object_id)]


@router.get("/{kind}/{object_id}/versions/{version}", response_model=VersionBody)
def version(kind: str, object_id: str, version: int, db: SessionDep, _user: Author) -> VersionBody:
    return VersionBody.model_validate(authoring.get_version(db, kind, object_id, version), from_attributes=True)


@router.get("/{kind}/{object_id}/diff", response_model=DiffOut)
def diff(kind: str, object_id: str, db: SessionDep, _user: Author, a: Annotated[int | None, Query(ge=1)] = None,
         b: Annotated[int | None, Query(ge=1)] = None) -> DiffOut:
    """Unified diff from version ``a`` to ``b`` (default: the latest version against the one before it)."""
    if b is None:
        b = authoring.list_versions(db, kind, object_id)[-1].version
    a = a if a is not None else max(1, b - 1)
    text = authoring.diff_versions(db, kind, object_id, a, b)
    changes = ([PackChangeOut(**c.to_dict()) for c in authoring.pack_changes(db, object_id, a, b)]
               if kind == "rule_pack" else None)
    return DiffOut(kind=kind, object_id=object_id, a=a, b=b, diff=text, changes=changes)


@router.post("/{kind}/{object_id}/rollback", response_model=VersionOut, status_code=201)
def rollback(kind: str, object_id: str, body: RollbackIn, db: SessionDep, user: Author) -> VersionOut:
    """Publish an old version's body again as a new version."""
    return _version(authoring.rollback(db, kind, object_id, body.version, user))
