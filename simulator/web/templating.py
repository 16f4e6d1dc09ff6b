"""Jinja2 environment for pages: autoescape on everything, StrictUndefined (design §9 rule 11), and gettext
(``jinja2.ext.i18n``) in the reader's language: ``_("key")``, ``ngettext("key", "key_plural", n)`` and
``label(family, value)`` (``web/i18n.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from simulator.core.security import new_csrf_token
from simulator.web.i18n import (
    about_violation,
    coping_lines,
    hint_view,
    label,
    label_key,
    lang_of,
    ntranslate,
    problem_text,
    said,
    said_list,
    translate,
)
from simulator.web.navigation import home_for, menu


def make_templates(web_dir: Path) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(web_dir / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # The callables are per request (the reader's language), handed to each render; these only make
    # ``{% trans %}`` and the extractor work before a request is seen.
    env.install_null_translations(newstyle=False)
    return Jinja2Templates(env=env)


def pack_edition(ref: str, lang: str) -> str:
    """``cn@3`` as people read it: ``cn 第3版`` / ``cn v3`` (an unparseable reference is shown as it is)."""
    pack_id, _, number = str(ref).partition("@")
    if not number.isdigit():
        return str(ref)
    return translate("pack_edition_fmt", lang, id=pack_id, n=number)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


def render(request: Request, template: str, status_code: int = 200, **context: Any):
    lang = lang_of(request)
    templates: Jinja2Templates = request.app.state.templates
    user = context.pop("user", None)
    base = {
        "lang": lang,
        "_": lambda key, **values: translate(key, lang, **values),
        "gettext": lambda key, **values: translate(key, lang, **values),
        "ngettext": lambda key, plural_key, n, **values: ntranslate(key, plural_key, n, lang, **values),
        "label": lambda family, value: label(family, value, lang),
        "label_key": label_key,
        "problem_text": lambda problem: problem_text(problem, lang),
        "said": lambda obj, field: said(obj, field, lang),
        "coping_lines": lambda seed: coping_lines(seed, lang),
        "hint_view": lambda hint, seed=None: hint_view(hint, lang, seed),
        "about_violation": lambda violation: about_violation(violation, lang),
        "said_list": lambda obj, field: said_list(obj, field, lang),
        "edition": lambda ref: pack_edition(ref, lang),
        "csrf_token": csrf_token(request),
        "user": user,
        "nav": menu(user.role, request.url.path) if user else [],
        "home": home_for(user.role) if user else "/",
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
