"""Admin: which HR users may read transcripts."""

from __future__ import annotations

from fastapi import APIRouter

from simulator.certification import access
from simulator.certification.access import AccessUpdate
from simulator.db.models import TranscriptGrantPublic
from simulator.deps import SessionDep
from simulator.web.roles import Admin

router = APIRouter(prefix="/api/hr/access", tags=["hr: access"])


@router.get("", response_model=list[TranscriptGrantPublic])
def list_access(db: SessionDep, user: Admin) -> list[TranscriptGrantPublic]:
    """Twin of /hr/access: every HR user and whether they may read transcripts."""
    return access.list_hr_access(db, user)


@router.put("/{user_id}", response_model=TranscriptGrantPublic)
def set_access(user_id: int, body: AccessUpdate, db: SessionDep, user: Admin) -> TranscriptGrantPublic:
    return access.set_hr_access(db, user, user_id, body)
