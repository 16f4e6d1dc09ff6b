"""Who in HR may read transcripts: an admin's per-user grant (scores and certificates need none).

Design §1: HR "reads grades, not necessarily transcripts" — what a trainee said on a practice call
is coaching material, so reading it is a privilege an admin hands out per HR user, and can withdraw.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from simulator.core.errors import Forbidden, NotFound
from simulator.db import repository as repo
from simulator.db.models import TranscriptGrantPublic, User


class AccessUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    transcripts: bool


def _ensure_admin(user: User) -> None:
    if user.role != "admin":
        raise Forbidden("role: this needs the role admin")


def _public(db: Session, user: User) -> TranscriptGrantPublic:
    granted = repo.get_transcript_grant(session=db, user_id=user.id) is not None
    return TranscriptGrantPublic(user_id=user.id, username=user.username, display_name=user.display_name,
                                 transcripts=granted)


def list_hr_access(db: Session, admin: User) -> list[TranscriptGrantPublic]:
    _ensure_admin(admin)
    return [_public(db, u) for u in repo.list_users_by_role(session=db, role="hr")]


def set_hr_access(db: Session, admin: User, user_id: int, data: AccessUpdate) -> TranscriptGrantPublic:
    _ensure_admin(admin)
    target = repo.get_user(session=db, user_id=user_id)
    if target is None or target.role != "hr":
        raise NotFound(f"user_id: no HR user {user_id}", field="user_id")
    repo.set_transcript_grant(session=db, user_id=user_id, granted=data.transcripts, by=admin.id)
    db.commit()
    return _public(db, target)
