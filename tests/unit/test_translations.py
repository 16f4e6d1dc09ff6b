"""The UI's translation table (``simulator/web/i18n.py`` and ``simulator/web/messages/*.py``): each key defined once, both languages present,
and every key a template names exists (issue 19: a key defined twice silently took the later module's
text — the certificate's 「打印」 button read 「打印复盘」)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from simulator.config import PROJECT_ROOT
from simulator.web.i18n import LANGS, MESSAGES

WEB = PROJECT_ROOT / "simulator" / "web"
MODULES = [WEB / "i18n.py", *sorted((WEB / "messages").glob("*.py"))]
TEMPLATES = sorted((PROJECT_ROOT / "web" / "templates").rglob("*.html"))


def _definitions() -> dict[str, list[str]]:
    """Every message key written in a translation module, with where (a dict of {"zh": ..., "en": ...})."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict) or not node.values:
                continue
            if all(isinstance(v, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "zh" for k in v.keys)
                   for v in node.values):
                for key in node.keys:
                    if isinstance(key, ast.Constant):
                        where[key.value].append(f"{path.name}:{key.lineno}")
    return where


def test_the_scan_sees_the_table():
    """Most keys are written out; the rest are generated (``archetype_*``, ``intent_*`` from the catalog)."""
    written = set(_definitions()) & set(MESSAGES)
    assert len(written) >= 0.8 * len(MESSAGES)


def test_no_key_is_defined_twice():
    twice = {key: places for key, places in _definitions().items() if len(places) > 1}
    assert not twice, f"defined more than once (the later one wins silently): {twice}"


def test_every_message_has_both_languages():
    for key, entry in MESSAGES.items():
        for lang in LANGS:
            assert entry.get(lang), f"{key}: no {lang} text"


def test_every_key_a_template_names_exists():
    literal = re.compile(r"""\bt\(\s*(['"])([A-Za-z0-9_.]+)\1\s*\)""")
    missing = sorted({f"{path.relative_to(PROJECT_ROOT)}: {m.group(2)}" for path in TEMPLATES
                      for m in literal.finditer(path.read_text(encoding="utf-8")) if m.group(2) not in MESSAGES})
    assert not missing, missing


def test_a_key_without_a_message_shows_itself_and_is_logged_once(caplog):
    from simulator.web.i18n import translate

    with caplog.at_level("WARNING", logger="simulator.web.i18n"):
        assert translate("mood_furious_test_only", "zh") == "mood_furious_test_only"
        assert translate("mood_furious_test_only", "en") == "mood_furious_test_only"
    assert [r.getMessage() for r in caplog.records] == [
        "i18n: no message for key 'mood_furious_test_only' (shown as the key)"]


def test_a_message_without_english_falls_back_to_chinese(monkeypatch):
    from simulator.web.i18n import translate

    monkeypatch.setitem(MESSAGES, "only_zh_test", {"zh": "仅中文", "en": ""})
    assert translate("only_zh_test", "en") == "仅中文"


def test_the_authoring_list_page_has_a_title_and_hint_for_every_catalog_kind():
    """``trainer/authoring/list.html`` builds ``authoring_<segment>`` and ``authoring_<segment>_hint``; the rule-pack
    list showed the raw key ``authoring_rules_hint`` until this test."""
    from simulator.authoring.pages.documents import KINDS

    for segment in KINDS:
        assert f"authoring_{segment}" in MESSAGES
        assert f"authoring_{segment}_hint" in MESSAGES


def test_keys_templates_build_from_the_code_s_vocabularies_all_exist():
    """Templates build keys by concatenation (``t('cat_' ~ v.category)``); for the families whose values are
    the code's own vocabularies, every value has its message."""
    from simulator.analysis.vocabulary import MOVES, VIOLATION_SEVERITY
    from simulator.authoring.persona_form import DIMENSIONS
    from simulator.catalog.schema import SITUATIONS
    from simulator.db.audit import ACTIONS
    from simulator.db.models import ROLES
    from simulator.engine.state import OUTCOMES

    families = {"cat_": VIOLATION_SEVERITY, "move_": MOVES, "dim_": DIMENSIONS, "situation_": SITUATIONS,
                "outcome_": OUTCOMES, "role_": ROLES, "action_": ACTIONS, "mood_": ("calm", "tense", "hostile")}
    missing = sorted(prefix + str(value) for prefix, values in families.items() for value in values
                     if prefix + str(value) not in MESSAGES)
    assert not missing, missing
