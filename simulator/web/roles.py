"""Who may call a route: the browser's logged-in user for pages (``page_user``, ``page_role``, ``form_role``)
and the role dependencies of the API routes (``Manager``, ``Viewer``, ``Admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from simulator.core.errors import Forbidden
from simulator.core.security import csrf_matches
from simulator.db.inline import run_db
from simulator.db.models import User
from simulator.deps import cookie_user, require_role

MANAGERS = ("hr", "admin")
VIEWERS = ("hr", "admin", "trainer")

Manager = Annotated[User, Depends(require_role(*MANAGERS))]
Viewer = Annotated[User, Depends(require_role(*VIEWERS))]
Admin = Annotated[User, Depends(require_role("admin"))]


class LoginRequired(Exception):
    """Raised by pages when no one is logged in; the app redirects to /login."""


class PasswordChangeRequired(Exception):
    """A generated or reset password is still in use: every page leads to /account/password (issue 20)."""


# What an account with a generated password may still open: the form to change it, and logging out.
PASSWORD_CHANGE_PATHS = frozenset({"/account/password", "/logout"})


def page_user(request: Request, db) -> User:
    """The browser's logged-in user (the session cookie), or LoginRequired (a redirect to /login), or
    PasswordChangeRequired (a redirect to the password form) while a generated password is in use."""
    user = cookie_user(request, db)
    if user is None:
        raise LoginRequired()
    if user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise PasswordChangeRequired()
    return user


def page_role(request: Request, db, *roles: str) -> User:
    """A logged-in browser user with one of ``roles`` (login redirect otherwise, 403 page for others)."""
    user = page_user(request, db)
    if roles and user.role not in roles:
        raise Forbidden("role: this page needs the role " + " or ".join(roles))
    return user


def form_role(request: Request, db, csrf_token: str, *roles: str) -> User:
    """As ``page_role`` for a form POST, which must also carry the session's CSRF token."""
    user = page_role(request, db, *roles)
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        raise Forbidden("csrf: the form expired; reload the page and try again")
    return user


async def page_role_async(request: Request, db, *roles: str) -> User:
    """``page_role`` for an ``async`` page: the user lookup runs where database calls run."""
    return await run_db(db, page_role, request, db, *roles)


async def form_role_async(request: Request, db, csrf_token: str, *roles: str) -> User:
    """``form_role`` for an ``async`` page (one that awaits a model): the user lookup runs where database
    calls run (``db/inline.py``), so the page never touches the database itself."""
    return await run_db(db, form_role, request, db, csrf_token, *roles)


def parse_form(model, data: dict):
    """Validate form fields with a model; a bad field becomes a 422 that names it (as the API does)."""
    from pydantic import ValidationError

    from simulator.core.errors import InvalidInput

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "form"
        raise InvalidInput(f"{field}: {first.get('msg')}", field=field) from exc
