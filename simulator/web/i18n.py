"""The UI's words, zh-CN first with an English switch, through gettext (issue 19).

The messages are two gettext catalogs, ``web/locale/zh_CN/LC_MESSAGES/messages.po`` and
``web/locale/en/LC_MESSAGES/messages.po``. A message id is a stable key (``nav_scenarios``), so the Chinese
and the English texts are both translations of it and neither language is the other's source. Code asks for

- a message: ``translate("key", lang)`` (pages: ``_("key")``), with ``{name}`` placeholders filled from
  keyword arguments;
- a count: ``ntranslate("key", "key_plural", n, lang)`` (pages: ``ngettext``), the language's plural form
  with ``{n}`` filled in;
- the name of a value from a vocabulary (a violation category, a move, a status):
  ``label(family, value, lang)``, through the tables of ``labels.py``, which write every key out.

No key is built by joining strings, so ``make translations`` (pybabel) extracts every key the code uses
and ``tests/unit/test_translations.py`` checks both catalogs hold all of them. A key with no message shows
as itself and is logged once. Persona speech is always Chinese and never passes through here.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Protocol

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from simulator.web.labels import LABELS, N_

__all__ = ["LANGS", "LOCALES", "N_", "catalog", "label", "label_key", "lang_of", "ntranslate", "translate"]

LANGS = ("zh", "en")
LOCALES = {"zh": "zh_CN", "en": "en"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
log = logging.getLogger(__name__)


class HasCookies(Protocol):
    """What ``lang_of`` reads of a request (any web framework's): its cookies."""

    @property
    def cookies(self) -> Mapping[str, str]: ...


def lang_of(request: HasCookies) -> str:
    lang = request.cookies.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> Catalog:
    """The ``.po`` catalog of ``lang`` as written (tests read it; lookups use the compiled form)."""
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=LOCALES[lang], domain=DOMAIN)


@cache
def _translations(lang: str) -> gettext.GNUTranslations:
    """The catalog compiled in memory: the ``.po`` files are the only source, no ``.mo`` is kept."""
    buf = io.BytesIO()
    write_mo(buf, catalog(lang))
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@cache
def _has(lang: str) -> frozenset[str]:
    """The keys ``lang`` has a text for (an English text may equal its key: ``days``, ``tokens``)."""
    ids: set[str] = set()
    for m in catalog(lang):
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string):
            ids |= set(m.id) if isinstance(m.id, tuple) else {m.id}
    return frozenset(ids)


_MISSING: set[str] = set()
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _missing(key: str) -> str:
    if key not in _MISSING:
        _MISSING.add(key)
        log.warning("i18n: no message for key %r (shown as the key)", key)
    return key


def _fill(text: str, values: Mapping[str, object]) -> str:
    """Fill the ``{name}`` placeholders given; others (a hint that lists the bank's own ``{amount}``) stay."""
    if not values:
        return text
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def translate(key: str, lang: str, **values: object) -> str:
    """The message in ``lang`` (Chinese when it has no English), placeholders filled from ``values``."""
    lang = lang if lang in LANGS else "zh"
    if key not in _has(lang):
        lang = "zh"
        if key not in _has(lang):
            return _missing(key)
    return _fill(_translations(lang).gettext(key), values)


def ntranslate(key: str, plural_key: str, n: int, lang: str, **values: object) -> str:
    """The form of the message for ``n`` in ``lang`` (English: one / other; Chinese has one form)."""
    lang = lang if lang in LANGS else "zh"
    if key not in _has(lang):
        lang = "zh"
        if key not in _has(lang):
            return _missing(key)
    return _fill(_translations(lang).ngettext(key, plural_key, n), {"n": n, **values})


def label_key(family: str, value: object) -> str:
    """The message key naming ``value`` in ``family`` (``labels.py``); the value itself when there is none."""
    key = LABELS.get(family, {}).get(str(value))
    if key is None:
        return _missing(f"{family}:{value}")
    return key


def label(family: str, value: object, lang: str) -> str:
    """The name of ``value`` in ``family`` in ``lang`` (``label("cat", "harassment", "zh")`` → 「骚扰」)."""
    key = LABELS.get(family, {}).get(str(value))
    if key is None:
        return _missing(f"{family}:{value}") and str(value)
    return translate(key, lang)


def problem_text(problem: object, lang: str) -> str:
    """A validation problem in the reader's language: its type's message with the numbers filled in, or the
    problem's own (English) message for a type the catalog has no words for (issue 20)."""
    code = getattr(problem, "code", None)
    key = LABELS["problem"].get(code or "")
    if key is None:
        return str(getattr(problem, "message", ""))
    values = dict(getattr(problem, "values", None) or {})
    return translate(key, lang, **values)


def guard_reason_label(code: str, lang: str = "zh") -> str:
    """Why the output guard rejected a model's line, in the reader's language (``http_503``: a server error)."""
    if code in LABELS["guard"]:
        return label("guard", code, lang)
    if code.startswith("http_"):
        return translate("guard_http_error", lang, code=code[5:])
    return translate("guard_other", lang)
