from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.deps import SessionDep, cookie_user
from simulator.i18n import LANGS
from simulator.security import csrf_matches, new_csrf_token
from simulator.services.accounts import authenticate
from simulator.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, db: SessionDep, next: str | None = None):
    if cookie_user(request, db):
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "public/login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login_submit(
    request: Request,
    db: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
):
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        return render(request, "public/login.html", status_code=403, next=_safe_next(next), error="csrf")
    user = authenticate(db, username=username.strip(), password=password)
    if user is None:
        return render(request, "public/login.html", status_code=401, next=_safe_next(next), error="login_failed")
    request.session.clear()
    request.session["uid"] = user.id
    request.session["csrf"] = new_csrf_token()  # rotate on login
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = ""):
    if csrf_matches(request.session.get("csrf"), csrf_token):
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def set_language(code: str, request: Request):
    back = _safe_next(request.headers.get("referer", "/").split(request.base_url.netloc, 1)[-1])
    response = RedirectResponse(back, status_code=303)
    if code in LANGS:
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="lax", httponly=True)
    return response
