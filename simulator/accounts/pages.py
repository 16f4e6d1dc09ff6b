from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts import login_guard
from simulator.accounts import service as accounts
from simulator.core.errors import Unauthorized
from simulator.core.security import csrf_matches
from simulator.deps import SessionDep, SettingsDep, cookie_user, start_browser_session
from simulator.web.i18n import LANGS, lang_of, ntranslate, translate
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, db: SessionDep, next: str | None = None, expired: int = 0):
    if cookie_user(request, db):
        return RedirectResponse(_safe_next(next), status_code=303)
    message = translate("session_expired", lang_of(request)) if expired else None
    return render(request, "public/login.html", next=_safe_next(next), error=None, message=message)


@router.post("/login")
def login_submit(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
):
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        return render(request, "public/login.html", status_code=403, next=_safe_next(next), error="csrf", message=None,
                      username=username)
    try:
        user = login_guard.login(db, settings, username, password, login_guard.client_address(request))
    except login_guard.TooManyAttempts as exc:
        if exc.retry_after < 60:  # a progressive delay, not a lock: "wait a few seconds"
            message = translate("login_slowed", lang_of(request), seconds=exc.retry_after)
        else:
            message = ntranslate("login_locked", "login_locked_plural", exc.minutes, lang_of(request))
        response = render(request, "public/login.html", status_code=429, next=_safe_next(next), error="locked",
                          username=username,
                          message=message)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Unauthorized:
        return render(request, "public/login.html", status_code=401, next=_safe_next(next), error="login_failed",
                      username=username,
                      message=None)
    start_browser_session(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: SessionDep, csrf_token: Annotated[str, Form()] = ""):
    """Log out: this browser's cookie is cleared and, server-side, every session and token of the account
    ends (a copy of the cookie taken before is refused too). Without the form's CSRF token, nothing."""
    if csrf_matches(request.session.get("csrf"), csrf_token):
        user = cookie_user(request, db)
        if user is not None:
            accounts.log_out(db, user.id)
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def set_language(code: str, request: Request):
    back = _safe_next(request.headers.get("referer", "/").split(request.base_url.netloc, 1)[-1])
    response = RedirectResponse(back, status_code=303)
    if code in LANGS:
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="lax", httponly=True)
    return response
