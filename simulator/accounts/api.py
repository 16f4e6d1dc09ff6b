from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm

from simulator.accounts import login_guard
from simulator.accounts import service as accounts
from simulator.accounts.schemas import Token
from simulator.core.security import issue_token
from simulator.deps import CurrentUser, SessionDep, SettingsDep

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=Token, responses={
    401: {"description": "wrong username or password"},
    403: {"description": "a generated password: change it in the browser (/account/password) first"},
    429: {"description": "too many failed logins: locked; see the Retry-After header"},
})
def login_for_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, db: SessionDep,
                    settings: SettingsDep) -> Token:
    try:
        user = login_guard.login(db, settings, form.username, form.password, login_guard.client_address(request))
    except login_guard.TooManyAttempts as exc:
        raise HTTPException(429, exc.detail, headers={"Retry-After": str(exc.retry_after)}) from exc
    if user.must_change_password:  # issue 20: a generated password opens nothing but the form that replaces it
        raise HTTPException(403, "password: this is a generated password; change it at /account/password first")
    return Token(access_token=issue_token(settings.resolved_secret_key(), user.id, user.password_hash,
                                              user.session_epoch))


@router.post("/logout", status_code=204, responses={401: {"description": "not logged in"}})
def logout(user: CurrentUser, db: SessionDep) -> None:
    """End every bearer token and browser session of the caller's account (this token included)."""
    accounts.log_out(db, user.id)
