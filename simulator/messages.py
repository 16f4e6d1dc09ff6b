"""Everything the product says, zh-CN first with English, through gettext (issues 19 and 20).

The messages are two gettext catalogs, ``simulator/locale/zh_CN/LC_MESSAGES/messages.po`` and
``simulator/locale/en/LC_MESSAGES/messages.po``. A message id is a stable key (``nav_scenarios``), so the
Chinese and the English texts are both translations of it and neither language is the other's source.

This is the bottom of the stack, beside ``config``: the pages say things (``web/i18n.py`` adds the request's
language and the vocabulary labels), and so does the grader, whose explanations a trainee reads in either
language. A grader sentence is a :class:`Said`: its Chinese text, which the grade stores and the CLI prints,
and the key and values that say it again in the reader's language (:func:`render`).

- a message: ``translate("key", lang, **values)``, ``{name}`` placeholders filled from the values;
- a count: ``ntranslate("key", "key_plural", n, lang)``, the language's plural form with ``{n}`` filled in;
- a key only looked up later is marked ``N_("key")`` so that extraction (``make translations``) finds it.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["LANGS", "LOCALES", "LOCALE_DIR", "N_", "Said", "both", "catalog", "joined", "ntranslate", "render", "say", "term",
           "translate"]

LANGS = ("zh", "en")
LOCALES = {"zh": "zh_CN", "en": "en"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
log = logging.getLogger(__name__)


def N_(key: str) -> str:
    """Marks a message key for extraction where it is only looked up later (``translate(key, lang)``)."""
    return key


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
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def missing(key: str) -> str:
    """``key`` itself, logged once: a key with no message shows as itself."""
    if key not in _MISSING:
        _MISSING.add(key)
        log.warning("i18n: no message for key %r (shown as the key)", key)
    return key


def _fill(text: str, values: Mapping[str, object]) -> str:
    """Fill the ``{name}`` / ``{name:.0%}`` placeholders given; others (a hint that lists the bank's own
    ``{amount}``) stay."""
    if not values:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            return m.group(0)
        value = values[m.group(1)]
        return format(value, m.group(2)) if m.group(2) else str(value)

    return _PLACEHOLDER.sub(one, text)


def _lang_with(key: str, lang: str) -> str | None:
    lang = lang if lang in LANGS else "zh"
    if key in _has(lang):
        return lang
    return "zh" if key in _has("zh") else None


def translate(key: str, lang: str, **values: object) -> str:
    """The message in ``lang`` (Chinese when it has no English), placeholders filled from ``values``."""
    found = _lang_with(key, lang)
    if found is None:
        return missing(key)
    return _fill(_translations(found).gettext(key), values)


def ntranslate(key: str, plural_key: str, n: int, lang: str, **values: object) -> str:
    """The form of the message for ``n`` in ``lang`` (English: one / other; Chinese has one form)."""
    found = _lang_with(key, lang)
    if found is None:
        return missing(key)
    return _fill(_translations(found).ngettext(key, plural_key, n), {"n": n, **values})


# --- a sentence said in one language and stored, to be said again in another ------------------------------


class Said(str):
    """A sentence of the grader: a ``str`` holding its Chinese text (what a grade stores, what the CLI
    prints, what older code compares), which also knows its key and values to be said in another language.

    A value may be a number, a plain string (a quote, a name: shown as it is), another ``Said`` (said in the
    same language), a name in both languages (:func:`both`), a vocabulary term (:func:`term`), or a list of
    these (joined with the language's list separator).
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, **values: Any) -> Said:
        self = super().__new__(cls, translate(key, "zh", **{k: _said_in(v, "zh") for k, v in values.items()}))
        self.key = key
        self.values = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the key
        return (_rebuild, (self.key, self.values))

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "values": {k: _json(v) for k, v in self.values.items()}}


def _rebuild(key: str, values: dict[str, Any]) -> Said:
    return Said(key, **values)


class Terms(Protocol):
    """Names a vocabulary value in a language (``web/i18n.label``): ``("cat", "threat", "en")`` → Threats."""

    def __call__(self, family: str, value: str, lang: str) -> str: ...


def both(zh: str, en: str | None) -> dict[str, str]:
    """A value with its own Chinese and English (catalog content: a dimension's name)."""
    return {"zh": zh, "en": en or zh}


def joined(items: Sequence[Any], separator_key: str) -> dict[str, Any]:
    """A list said with its own separator (clauses: 「;」), not the language's plain list separator."""
    return {"items": list(items), "sep": separator_key}


def term(family: str, value: str, zh: str) -> dict[str, str]:
    """A vocabulary value (a violation category) with the Chinese its source gave it: other languages
    name it through the vocabulary's labels when the reader's page can (:func:`render`'s ``terms``)."""
    return {"label": family, "value": value, "zh": zh}


def say(key: str, **values: Any) -> Said:
    """``Said(key, **values)``: a sentence to store in Chinese and say again in the reader's language."""
    return Said(key, **values)


def _json(value: Any) -> Any:
    if isinstance(value, Said):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json(v) for k, v in value.items()}
    return value


def _said_in(value: Any, lang: str, terms: Terms | None = None) -> Any:
    if isinstance(value, Said):
        return translate(value.key, lang, **{k: _said_in(v, lang, terms) for k, v in value.values.items()})
    if isinstance(value, Mapping):
        if "key" in value:
            return render(value, lang, terms)
        if "items" in value:
            sep = translate(str(value["sep"]), lang)
            return sep.join(str(_said_in(v, lang, terms)) for v in value["items"])
        if "label" in value:
            return terms(str(value["label"]), str(value["value"]), lang) if terms and lang != "zh" else value["zh"]
        return value.get(lang) or value.get("zh", "")
    if isinstance(value, Sequence) and not isinstance(value, str):
        return translate("list_sep", lang).join(str(_said_in(v, lang, terms)) for v in value)
    return value


def render(data: Mapping[str, Any] | Said, lang: str, terms: Terms | None = None) -> str:
    """A stored sentence (``Said.to_json()``) or a ``Said``, in ``lang``; ``terms`` names vocabulary values."""
    if isinstance(data, Said):
        return str(_said_in(data, lang, terms))
    values = data.get("values") or {}
    return translate(str(data["key"]), lang, **{k: _said_in(v, lang, terms) for k, v in values.items()})


def said_json(value: object) -> dict[str, Any] | None:
    """The stored form of ``value`` when it is a ``Said`` (a plain string, from older code or a model, has
    none and is shown as it is)."""
    return value.to_json() if isinstance(value, Said) else None
