"""UI strings of the versioned catalog (issue 5, items 4 and 6), merged into ``i18n.MESSAGES``."""

from __future__ import annotations

CATALOG_MESSAGES: dict[str, dict[str, str]] = {
    "persona_version": {"zh": "人设", "en": "Persona"},
    "scenario_version": {"zh": "场景", "en": "Scenario"},
    "catalog_versions": {"zh": "本次练习所用版本", "en": "Versions used in this session"},
}
