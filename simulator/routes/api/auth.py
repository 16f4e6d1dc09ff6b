from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from simulator.deps import SessionDep, SettingsDep
from simulator.schemas import Token
from simulator.security import issue_token
from simulator.services.accounts import authenticate
from simulator.services.errors import Unauthorized

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=Token)
def login_for_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: SessionDep, settings: SettingsDep) -> Token:
    user = authenticate(db, username=form.username, password=form.password)
    if user is None:
        raise Unauthorized("username/password: incorrect")
    return Token(access_token=issue_token(settings.resolved_secret_key(), user.id, user.password_hash))
