"""The UI's words are two gettext catalogs (``simulator/locale/*/LC_MESSAGES/messages.po``, issue 19).

Extraction (the same as ``make translations``: pybabel's Python and Jinja extractors) finds every key the
code and the pages use, and both catalogs hold exactly those keys, each with its text; counts have plural
forms; no page or module builds a key by joining strings.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir

from simulator.config import PROJECT_ROOT
from simulator.web.i18n import LANGS, catalog, label, ntranslate, translate
from simulator.web.labels import LABELS

SIMULATOR = PROJECT_ROOT / "simulator"
TEMPLATES = PROJECT_ROOT / "web" / "templates"
# The keywords of babel.cfg: what marks a message key in Python.
PY_KEYWORDS = {"translate": (1,), "ntranslate": (1, 2), "N_": None, "say": (1,)}


def _extract() -> dict[str, set[str]]:
    """Every key extraction finds, with where: singular keys, and the plural keys of counted messages."""
    found: dict[str, set[str]] = {}

    def add(key: str, where: str) -> None:
        found.setdefault(key, set()).add(where)

    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(SIMULATOR), method_map=[("**.py", "python")], keywords=PY_KEYWORDS):
        for key in message if isinstance(message, tuple) else (message,):
            add(key, f"simulator/{filename}")
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(TEMPLATES), method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
        for key in message if isinstance(message, tuple) else (message,):
            if key:
                add(key, f"web/templates/{filename}")
    return found


EXTRACTED = _extract()


def _ids(lang: str) -> set[str]:
    ids = set()
    for m in catalog(lang):
        if m.id:
            ids |= set(m.id) if isinstance(m.id, tuple) else {m.id}
    return ids


def test_extraction_sees_the_pages_and_the_code():
    wheres = {w.split("/")[0] for places in EXTRACTED.values() for w in places}
    assert wheres == {"simulator", "web"}
    assert len(EXTRACTED) > 800


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_code_uses_is_in_the_catalog(lang):
    missing = {k: sorted(v) for k, v in EXTRACTED.items() if k not in _ids(lang)}
    assert not missing, f"add these to simulator/locale/*/messages.po (make translations): {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_in_the_catalog_is_used(lang):
    """A message nobody asks for is dead, or asked for by a key built at run time (which extraction
    cannot see: name the value in ``labels.py`` instead)."""
    unused = sorted(_ids(lang) - set(EXTRACTED))
    assert not unused, unused


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_its_text_and_none_is_fuzzy(lang):
    for m in catalog(lang):
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"{lang}: {m.id} has no text"
        assert not m.fuzzy, f"{lang}: {m.id} is marked fuzzy"


def test_both_catalogs_hold_the_same_keys_with_the_same_placeholders():
    zh = {m.id: m.string for m in catalog("zh") if m.id}
    en = {m.id: m.string for m in catalog("en") if m.id}
    assert set(zh) == set(en)

    def names(s):
        return {n for x in (s if isinstance(s, tuple) else (s,)) for n in re.findall(r"\{(\w+)\}", x)}

    differ = [k for k in zh if names(zh[k]) != names(en[k])]
    assert not differ, differ


def test_counts_have_plural_forms():
    assert catalog("en").plural_forms == "nplurals=2; plural=(n != 1);"
    assert catalog("zh").plural_forms == "nplurals=1; plural=0;"
    plurals = [m for m in catalog("en") if m.pluralizable]
    assert len(plurals) >= 8 and all(len(m.string) == 2 for m in plurals)
    assert ntranslate("due_overdue", "due_overdue_plural", 1, "en") == "Overdue by 1 day"
    assert ntranslate("due_overdue", "due_overdue_plural", 3, "en") == "Overdue by 3 days"
    assert ntranslate("due_overdue", "due_overdue_plural", 3, "zh") == "已逾期 3 天"


def test_a_message_that_states_a_count_in_english_is_a_plural_message():
    """``{n} days`` read 「1 days」: a message with a count placeholder and an English plural noun after it
    must be a plural message."""
    singular_only = [m.id for m in catalog("en") if m.id and not m.pluralizable
                     and re.search(r"\{n\} (days|minutes|points|rules|violations)\b", m.string)]
    assert not singular_only, singular_only


def test_no_page_or_module_builds_a_key_by_joining_strings():
    joined = re.compile(r"""\b(?:_|gettext|ngettext|t)\(\s*['"][\w.]*['"]\s*~|~\s*['"]_[\w]*['"]\s*\)""")
    bad = [str(p.relative_to(PROJECT_ROOT)) for p in TEMPLATES.rglob("*.html") if joined.search(p.read_text("utf-8"))]
    assert not bad, bad
    py_joined = re.compile(r"""\b(?:translate|ntranslate)\(\s*f['"]|\b(?:translate|ntranslate)\(\s*['"][\w]*['"]\s*\+""")
    bad = [str(p.relative_to(PROJECT_ROOT)) for p in SIMULATOR.rglob("*.py") if py_joined.search(p.read_text("utf-8"))]
    assert not bad, bad


def test_placeholders_are_filled_by_name():
    assert translate("pack_edition_fmt", "zh", id="cn", n=3) == "cn 第3版"
    assert translate("pack_edition_fmt", "en", id="cn", n=3) == "cn v3"
    hint = translate("bank_hint", "zh")
    assert "{amount}" in hint  # a hint that lists the bank's own placeholders keeps them


def test_an_english_text_that_equals_its_key_is_english():
    """``days`` reads "days" in English, not the Chinese 「天」 (a lookup once took "same as the key" for
    "missing")."""
    assert translate("days", "en") == "days" and translate("days", "zh") == "天"
    assert translate("tokens", "en") == "tokens"


def test_a_key_without_a_message_shows_itself_and_is_logged_once(caplog):
    with caplog.at_level("WARNING", logger="simulator.web.i18n"):
        assert translate("mood_furious_test_only", "zh") == "mood_furious_test_only"
        assert translate("mood_furious_test_only", "en") == "mood_furious_test_only"
    assert [r.getMessage() for r in caplog.records] == [
        "i18n: no message for key 'mood_furious_test_only' (shown as the key)"]


def test_a_value_with_no_label_shows_itself():
    assert label("cat", "no_such_category_test_only", "zh") == "no_such_category_test_only"


def test_the_authoring_list_page_has_a_title_and_hint_for_every_catalog_kind():
    """``trainer/authoring/list.html`` names each segment twice; the rule-pack list once showed the raw key
    ``authoring_rules_hint``."""
    from simulator.authoring.pages.documents import KINDS

    for segment in KINDS:
        assert segment in LABELS["authoring"] and segment in LABELS["authoring_hint"]


def test_every_value_of_the_code_s_vocabularies_has_a_label():
    """The label families whose values are the code's own vocabularies name every value, in both languages."""
    from simulator.analysis.vocabulary import MOVES, VIOLATION_SEVERITY
    from simulator.authoring.persona_form import DIMENSIONS
    from simulator.catalog.schema import DEBTOR_INTENTS, SITUATIONS
    from simulator.db.audit import ACTIONS
    from simulator.db.models import ROLES
    from simulator.engine.state import OUTCOMES

    families = {"cat": VIOLATION_SEVERITY, "move": MOVES, "dim": DIMENSIONS, "situation": SITUATIONS,
                "outcome": OUTCOMES, "role": ROLES, "action": ACTIONS, "mood": ("calm", "tense", "hostile"),
                "intent": DEBTOR_INTENTS,
                "archetype": ("provocative", "evasive", "victim", "confident", "stubborn", "sophisticated",
                              "promiser")}
    missing = sorted(f"{family}:{value}" for family, values in families.items() for value in values
                     if str(value) not in LABELS[family])
    assert not missing, missing
    for family, values in families.items():
        for value in values:
            assert label(family, value, "zh") != label(family, value, "en") or family == "situation", (family, value)


def test_the_translation_layer_reads_the_catalogs_not_python_tables():
    """One place per concept: no message dicts left in Python modules."""
    assert not (SIMULATOR / "web" / "messages").exists()
    for path in SIMULATOR.rglob("*.py"):
        text = path.read_text("utf-8")
        assert not re.search(r"""\{\s*["']zh["']\s*:\s*["'][^"']+["']\s*,\s*["']en["']\s*:""", text) \
            or path.name in ("i18n.py", "messages.py"), path  # the locale table LOCALES
