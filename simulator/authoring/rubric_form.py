"""The rubric and rule-pack editor forms: plain form fields ↔ document dicts ↔ YAML (issue 5, item 3).

Form field names are the document paths they set (``dimensions.0.weight``,
``pass_rules.critical_categories``, ``categories.threat.basis``), so a validation problem's field
marks the input it is about. A form is applied on top of the stored document: what the form does
not show (built-in rule texts, ``extensions``, ids, versions, category severities) survives.
House pattern rules are an editable table: one value per row under repeated names
(``custom_rules.id``, ``custom_rules.patterns`` with one pattern per line, …); blank rows are dropped.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from simulator.analysis.vocabulary import VIOLATION_SEVERITY
from simulator.authoring.forms import FormData, dump_yaml, flag, lines_of, put, text, texts, validate
from simulator.catalog.rubric import LEVELS, Rubric, RulePack

MODELS: dict[str, type[BaseModel]] = {"rubric": Rubric, "rule_pack": RulePack}

HOUSE_COLUMNS = ("id", "category", "match", "patterns", "unless", "banned_outright", "description", "suggestion",
                 "should_fire", "should_not_fire")
_LIST_COLUMNS = ("patterns", "unless", "should_fire", "should_not_fire")
# A full rule-pack form: 100 house rules (the pack's maximum) plus a blank row, 9 categories, the rest.
MAX_FORM_FIELDS = 101 * len(HOUSE_COLUMNS) + 9 * 4 + 50


def weights_total(doc: dict[str, Any]) -> int | None:
    """The sum of the dimension weights, or None while one of them is not a whole number."""
    total = 0
    for dim in doc.get("dimensions") or []:
        try:
            total += int(str(dim.get("weight", "")).strip())
        except ValueError:
            return None
    return total


def _number(value: str) -> int | str:
    """A whole number as int; anything else as typed, for the model to reject naming the field."""
    try:
        return int(value)
    except ValueError:
        return value


def to_body(kind: str, doc: dict[str, Any]) -> tuple[str | None, list[tuple[str, str]]]:
    """(the YAML body, []) when the document is valid, else (None, problems naming fields).

    The body is the form's dict (on top of the stored one), so it keeps the author's field order and
    leaves out defaults nobody wrote; the model only checks it.
    """
    _model, problems = validate(MODELS[kind], doc)
    return (dump_yaml(doc) if not problems else None), problems


def rubric_from_form(base: dict[str, Any], form: FormData) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    put(doc, "name.zh", text(form, "name.zh"))
    put(doc, "name.en", text(form, "name.en"))
    put(doc, "rule_pack", text(form, "rule_pack"))
    put(doc, "trainer_notes", text(form, "trainer_notes"), optional=True)
    for n, dim in enumerate(doc.get("dimensions") or []):
        prefix = f"dimensions.{n}"
        dim.setdefault("name", {})
        dim["name"]["zh"] = text(form, f"{prefix}.name.zh")
        dim["name"]["en"] = text(form, f"{prefix}.name.en")
        dim["weight"] = _number(text(form, f"{prefix}.weight"))
        dim["description"] = text(form, f"{prefix}.description")
        dim["anchors"] = {level: text(form, f"{prefix}.anchors.{level}") for level in LEVELS}
    rules = doc.setdefault("pass_rules", {})
    rules["min_overall"] = _number(text(form, "pass_rules.min_overall"))
    rules["fail_on_critical"] = flag(form, "pass_rules.fail_on_critical")
    rules["critical_categories"] = [c for c in texts(form, "pass_rules.critical_categories") if c]
    floors = {}
    for dim in doc.get("dimensions") or []:
        value = text(form, f"pass_rules.min_dimension.{dim.get('id')}")
        if value:
            floors[dim.get("id")] = _number(value)
    if floors or "min_dimension" in rules:
        rules["min_dimension"] = floors
    return doc


def _house_rows(form: FormData) -> list[dict[str, Any]]:
    columns = {c: texts(form, f"custom_rules.{c}") for c in HOUSE_COLUMNS}
    rows = []
    for n in range(max((len(v) for v in columns.values()), default=0)):
        cell = {c: (columns[c][n] if n < len(columns[c]) else "") for c in HOUSE_COLUMNS}
        if not any(cell[c] for c in ("id", "patterns", "description", "suggestion", "should_fire")):
            continue  # a blank row (the page always offers one)
        row: dict[str, Any] = {"id": cell["id"], "category": cell["category"], "description": cell["description"],
                               "suggestion": cell["suggestion"], "match": cell["match"] or "phrase"}
        for c in _LIST_COLUMNS:
            row[c] = lines_of(cell[c])
        row["banned_outright"] = cell["banned_outright"] in ("on", "yes", "true", "1")
        rows.append(row)
    return rows


def pack_from_form(base: dict[str, Any], form: FormData) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    put(doc, "name.zh", text(form, "name.zh"))
    put(doc, "name.en", text(form, "name.en"))
    categories = doc.setdefault("categories", {})
    for cat in VIOLATION_SEVERITY:
        info = categories.setdefault(cat, {"severity": VIOLATION_SEVERITY[cat]})
        info["name"] = text(form, f"categories.{cat}.name")
        info["description"] = text(form, f"categories.{cat}.description")
        info["basis"] = lines_of(text(form, f"categories.{cat}.basis"))
        info["suggestion"] = text(form, f"categories.{cat}.suggestion")
    rows = _house_rows(form)
    if rows or doc.get("custom_rules"):
        # applies_to is always "collector" for now; a stored value is kept per id
        kept = {r.get("id"): r for r in doc.get("custom_rules") or [] if isinstance(r, dict)}
        for row in rows:
            if "applies_to" in kept.get(row["id"], {}):
                row["applies_to"] = kept[row["id"]]["applies_to"]
        doc["custom_rules"] = rows
    return doc


def blank_house_rule() -> dict[str, Any]:
    """The empty row the table always ends with (and the JS copies when the author adds a row)."""
    return {"id": "", "category": "", "match": "phrase", "patterns": [], "unless": [], "banned_outright": False,
            "description": "", "suggestion": "", "should_fire": [], "should_not_fire": []}


def _lines(value: Any) -> str:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))


def rubric_view(doc: dict[str, Any]) -> dict[str, Any]:
    """What the rubric template shows: each dimension's fields as strings, the pass rules, the total."""
    rules = doc.get("pass_rules") if isinstance(doc.get("pass_rules"), dict) else {}
    floors = rules.get("min_dimension") if isinstance(rules.get("min_dimension"), dict) else {}
    dims = []
    for dim in doc.get("dimensions") or []:
        if not isinstance(dim, dict):
            continue
        name = dim.get("name") if isinstance(dim.get("name"), dict) else {}
        anchors = dim.get("anchors") if isinstance(dim.get("anchors"), dict) else {}
        dims.append({
            "id": str(dim.get("id", "")), "name_zh": str(name.get("zh", "")), "name_en": str(name.get("en", "")),
            "weight": str(dim.get("weight", "")), "description": str(dim.get("description", "")),
            "anchors": [(level, str(anchors.get(level, anchors.get(str(level), "")))) for level in LEVELS],
            "floor": str(floors.get(dim.get("id"), "")),
        })
    name = doc.get("name") if isinstance(doc.get("name"), dict) else {}
    return {
        "id": str(doc.get("id", "")), "version": str(doc.get("version", "")),
        "name_zh": str(name.get("zh", "")), "name_en": str(name.get("en", "")),
        "rule_pack": str(doc.get("rule_pack", "")), "trainer_notes": str(doc.get("trainer_notes") or ""),
        "dimensions": dims, "total": weights_total(doc),
        "min_overall": str(rules.get("min_overall", "")), "fail_on_critical": rules.get("fail_on_critical", True),
        "critical": set(rules.get("critical_categories") or []), "categories": list(VIOLATION_SEVERITY),
    }


def pack_view(doc: dict[str, Any]) -> dict[str, Any]:
    """What the rule-pack template shows: the nine categories and the house rules table (+ a blank row)."""
    cats = doc.get("categories") if isinstance(doc.get("categories"), dict) else {}
    categories = []
    for cat in VIOLATION_SEVERITY:
        info = cats.get(cat) if isinstance(cats.get(cat), dict) else {}
        categories.append({"id": cat, "severity": str(info.get("severity", VIOLATION_SEVERITY[cat])),
                           "name": str(info.get("name", "")), "description": str(info.get("description", "")),
                           "basis": _lines(info.get("basis")), "suggestion": str(info.get("suggestion", ""))})
    rows = []
    for rule in [*(r for r in doc.get("custom_rules") or [] if isinstance(r, dict)), blank_house_rule()]:
        row = {c: (_lines(rule.get(c)) if c in _LIST_COLUMNS else str(rule.get(c) or "")) for c in HOUSE_COLUMNS}
        row["banned_outright"] = "yes" if rule.get("banned_outright") is True else "no"
        row["match"] = row["match"] or "phrase"
        rows.append(row)
    name = doc.get("name") if isinstance(doc.get("name"), dict) else {}
    return {"id": str(doc.get("id", "")), "version": str(doc.get("version", "")),
            "name_zh": str(name.get("zh", "")), "name_en": str(name.get("en", "")), "categories": categories,
            "house_rules": rows, "builtin_rules": len(doc.get("rules") or []), "category_ids": list(VIOLATION_SEVERITY)}
