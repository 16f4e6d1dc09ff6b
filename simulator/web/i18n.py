"""The UI's words, zh-CN first with an English switch, through gettext (issue 19).

The messages are two gettext catalogs under ``simulator/locale/``, loaded by ``simulator/messages.py``. A
message id is a stable key (``nav_scenarios``), so the Chinese and the English texts are both translations of
it and neither language is the other's source. Code asks for

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

from collections.abc import Mapping
from typing import Any, Protocol

from simulator.grading import hints
from simulator.messages import (
    LANGS,
    LOCALE_DIR,
    LOCALES,
    N_,
    Said,
    catalog,
    missing,
    ntranslate,
    render,
    translate,
)
from simulator.web.labels import LABELS

__all__ = ["LANGS", "LOCALES", "LOCALE_DIR", "N_", "about_violation", "catalog", "label", "label_key", "lang_of", "ntranslate",
           "said", "said_list", "translate"]


class HasCookies(Protocol):
    """What ``lang_of`` reads of a request (any web framework's): its cookies."""

    @property
    def cookies(self) -> Mapping[str, str]: ...


def lang_of(request: HasCookies) -> str:
    lang = request.cookies.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def said(obj: Mapping[str, Any] | None, field: str, lang: str) -> str:
    """A grade's sentence (``note``, ``summary``…) in ``lang``: said again from its stored key and values
    (``field_said``), or as stored (Chinese) for a grade from before issue 20 or a model's own words."""
    if not obj:
        return ""
    value = obj.get(field)
    if isinstance(value, Said):
        return render(value, lang, label)
    data = obj.get(f"{field}_said")
    if lang != "zh" and isinstance(data, Mapping):
        return render(data, lang, label)
    return "" if value is None else str(value)


def about_violation(violation: Mapping[str, Any], lang: str) -> str:
    """Why a violation matters, in ``lang``: the grader's own sentence said again, else (a rule's or a
    trainer's Chinese description) the built-in category's explanation; Chinese as stored."""
    if lang == "zh" or violation.get("description_said"):
        return said(violation, "description", lang)
    key = LABELS["cat_about"].get(str(violation.get("category")))
    return translate(key, lang) if key else str(violation.get("description") or "")


def coping_lines(seed: Any, lang: str) -> list[str]:
    """An archetype's coping technique in ``lang``: the seed's Chinese words, or their English when the
    card has it (``seed.coping_en``) and the reader reads English."""
    get = seed.get if isinstance(seed, Mapping) else lambda name: getattr(seed, name, None)
    english = get("coping_en")
    return list(english) if lang != "zh" and english else list(get("coping") or [])


def said_list(obj: Mapping[str, Any] | None, field: str, lang: str) -> list[str]:
    """A grade's list of sentences (``debrief``, ``fail_reasons``) in ``lang``, each as :func:`said` would."""
    if not obj:
        return []
    values = list(obj.get(field) or [])
    stored = obj.get(f"{field}_said") or []
    out = []
    for i, value in enumerate(values):
        data = stored[i] if i < len(stored) else None
        if isinstance(value, Said):
            out.append(render(value, lang, label))
        elif lang != "zh" and isinstance(data, Mapping):
            out.append(render(data, lang, label))
        else:
            out.append(str(value))
    return out


def label_key(family: str, value: object) -> str:
    """The message key naming ``value`` in ``family`` (``labels.py``); the value itself when there is none."""
    key = LABELS.get(family, {}).get(str(value))
    if key is None:
        return missing(f"{family}:{value}")
    return key


def label(family: str, value: object, lang: str) -> str:
    """The name of ``value`` in ``family`` in ``lang`` (``label("cat", "harassment", "zh")`` → 「骚扰」)."""
    key = LABELS.get(family, {}).get(str(value))
    if key is None:
        return missing(f"{family}:{value}") and str(value)
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


# The phone rules' words (seed 000) in English; an archetype's coping lines have theirs on the card.
_RULES_IN_ENGLISH = {
    hints.VERIFY_RULE: N_("hint_rule_verify"),
    hints.CALM_RULE: N_("hint_rule_calm"),
    hints.PROMISE_RULE: N_("hint_rule_promise"),
}


def hint_view(hint: dict[str, Any], lang: str, seed: Any = None) -> dict[str, Any]:
    """A stored hint as the reader sees it: the advice in their language, the training material's words
    (Chinese) with their English when known, and the source."""
    coping = str(hint.get("coping", ""))
    english = None
    if coping in _RULES_IN_ENGLISH:
        english = translate(_RULES_IN_ENGLISH[coping], "en")
    elif seed is not None:
        get = seed.get if isinstance(seed, Mapping) else lambda name: getattr(seed, name, None)
        lines, english_lines = list(get("coping") or []), list(get("coping_en") or [])
        stripped = [hints.strip_end(c) for c in lines]
        if coping in stripped and stripped.index(coping) < len(english_lines):
            english = hints.strip_end(english_lines[stripped.index(coping)])
    return {"kind": hint.get("kind", ""), "text": translate(str(hint.get("message", "")), lang),
            "coping": coping, "coping_en": english if lang != "zh" else None,
            "source": str(hint.get("source", "")), "line": hint.get("line"), "after": hint.get("after")}
