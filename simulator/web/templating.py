"""Jinja2 environment for pages: autoescape on everything, StrictUndefined (design §9 rule 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from simulator.core.security import new_csrf_token
from simulator.web.i18n import lang_of, translate


def make_templates(web_dir: Path) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(web_dir / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
    )
    return Jinja2Templates(env=env)


def pack_edition(ref: str, lang: str) -> str:
    """``cn@3`` as people read it: ``cn 第3版`` / ``cn v3`` (an unparseable reference is shown as it is)."""
    pack_id, _, number = str(ref).partition("@")
    if not number.isdigit():
        return str(ref)
    return translate("pack_edition_fmt", lang).replace("{id}", pack_id).replace("{n}", number)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


def render(request: Request, template: str, status_code: int = 200, **context: Any):
    lang = lang_of(request)
    templates: Jinja2Templates = request.app.state.templates
    base = {
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "edition": lambda ref: pack_edition(ref, lang),
        "csrf_token": csrf_token(request),
        "user": context.pop("user", None),
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
