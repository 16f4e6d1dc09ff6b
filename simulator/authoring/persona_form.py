"""The persona editor's form: every field of a ``PersonaCard`` as plain HTML form fields, and back.

Field names are the card's dotted paths (``voice.style``, ``agreement.min_turns``), so a validation
problem (``reactions.3.delta.anger``) marks the very input it is about. Table rows (reactions) and bank
lines are repeated names read in page order; a reaction row with no move, or a blank bank line, is
dropped — that is how rows are removed without JavaScript.
"""

from __future__ import annotations

from typing import Any

from simulator.analysis.vocabulary import MOVES, VIOLATIONS
from simulator.authoring.forms import (
    MAX_LINES,
    FormData,
    body_of,
    flag,
    lines_of,
    put,
    scalar_values,
    shown,
    texts,
    words_of,
)
from simulator.catalog.schema import ARCHETYPES, DEBTOR_INTENTS, MOODS, PersonaCard

BANK_MOODS: tuple[str, ...] = ("any", *MOODS)
REACTION_KEYS: tuple[str, ...] = (*MOVES, *VIOLATIONS, "pressure:0", "pressure:1", "pressure:2", "pressure:3")
CONDITIONS: tuple[str, ...] = ("anger_gte", "anger_lt", "trust_gte", "trust_lt", "willingness_gte", "willingness_lt")
DIMENSIONS: tuple[str, ...] = ("anger", "trust", "willingness")
# (dotted path, kind): text is required, optional is dropped when blank, lines/words become lists.
SCALARS: tuple[tuple[str, str], ...] = (
    ("archetype", "text"),
    ("name.zh", "text"), ("name.en", "text"), ("summary.zh", "text"), ("summary.en", "text"),
    ("seed.source", "text"), ("seed.features", "text"), ("seed.example", "text"), ("seed.coping", "lines"),
    ("seed.coping_en", "optional_lines"), ("seed.success_factor", "optional"),
    ("voice.gender", "text"), ("voice.style", "text"), ("voice.max_chars", "text"),
    ("initial_state.anger", "text"), ("initial_state.trust", "text"), ("initial_state.willingness", "text"),
    ("thresholds.hang_up_anger", "text"), ("thresholds.refuse_anger", "text"),
    ("thresholds.refuse_willingness", "text"),
    ("agreement.min_willingness", "text"), ("agreement.min_trust", "text"), ("agreement.max_anger", "text"),
    ("agreement.min_turns", "text"), ("agreement.needs_specifics", "bool"), ("agreement.required_moves", "groups"),
    ("trainer_notes", "optional"), ("tags", "words"),
)


def _groups(value: str) -> list[list[str]]:
    """One group per line, alternatives separated by | or spaces: ``listen | empathy``."""
    return [words_of(line.replace("|", " ")) for line in lines_of(value)]


def _reactions(form: FormData) -> list[dict[str, Any]]:
    columns = {name: texts(form, f"reactions.{name}") for name in
               ("on", "note", *(f"when.{c}" for c in (*CONDITIONS, "stage_in")), *(f"delta.{d}" for d in DIMENSIONS))}
    rows = []
    for i, on in enumerate(columns["on"]):
        if not on:
            continue
        cell = {name: (values[i] if i < len(values) else "") for name, values in columns.items()}
        row: dict[str, Any] = {"on": on}
        when = {c: cell[f"when.{c}"] for c in CONDITIONS if cell[f"when.{c}"]}
        if cell["when.stage_in"]:
            when["stage_in"] = words_of(cell["when.stage_in"])
        if when:
            row["when"] = when
        row["delta"] = {d: cell[f"delta.{d}"] for d in DIMENSIONS if cell[f"delta.{d}"]}
        if cell["note"]:
            row["note"] = cell["note"]
        rows.append(row)
    return rows


def _bank(form: FormData, base: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    old = base.get("bank") if isinstance(base.get("bank"), dict) else {}
    intents = [*[i for i in old if i in DEBTOR_INTENTS], *[i for i in DEBTOR_INTENTS if i not in old]]
    bank: dict[str, dict[str, list[str]]] = {}
    for intent in intents:
        old_moods = old.get(intent) if isinstance(old.get(intent), dict) else {}
        moods = [*[m for m in old_moods if m in BANK_MOODS], *[m for m in BANK_MOODS if m not in old_moods]]
        by_mood = {m: [ln for ln in texts(form, f"bank.{intent}.{m}", MAX_LINES) if ln] for m in moods}
        by_mood = {m: lines for m, lines in by_mood.items() if lines}
        if by_mood:
            bank[intent] = by_mood
    return bank


def apply_form(base: dict[str, Any], form: FormData) -> dict[str, Any]:
    """The card as the form describes it, on top of ``base`` (the stored card: its id, spec and any
    field the form does not show are kept)."""
    doc = {k: v for k, v in base.items()}
    for path, kind in SCALARS:
        raw = form.get(path, "")
        value = raw if isinstance(raw, str) else ""
        if kind in ("lines", "optional_lines"):
            put(doc, path, lines_of(value), optional=kind == "optional_lines")
        elif kind == "words":
            put(doc, path, words_of(value))
        elif kind == "groups":
            put(doc, path, _groups(value))
        elif kind == "bool":
            put(doc, path, flag(form, path))
        else:
            put(doc, path, value.strip(), optional=kind == "optional")
    doc["reactions"] = _reactions(form)
    doc["bank"] = _bank(form, base)
    return doc


def to_body(doc: dict[str, Any]) -> tuple[str | None, list[tuple[str, str]]]:
    """(the YAML body, []) when the card is valid, else (None, problems naming fields)."""
    return body_of(PersonaCard, doc)


def form_view(doc: dict[str, Any]) -> dict[str, Any]:
    """What the template shows: strings per field, reaction rows, bank lines per intent and mood."""
    values = scalar_values(doc, SCALARS)
    reactions = []
    for row in doc.get("reactions") or []:
        if not isinstance(row, dict):
            continue
        when = row.get("when") if isinstance(row.get("when"), dict) else {}
        delta = row.get("delta") if isinstance(row.get("delta"), dict) else {}
        stages = when.get("stage_in")
        reactions.append({
            "on": shown(row.get("on")), "note": shown(row.get("note")),
            **{f"when.{c}": shown(when.get(c)) for c in CONDITIONS},
            "when.stage_in": " ".join(map(shown, stages)) if isinstance(stages, list) else shown(stages),
            **{f"delta.{d}": shown(delta.get(d)) for d in DIMENSIONS},
        })
    bank = doc.get("bank") if isinstance(doc.get("bank"), dict) else {}
    intents = [*[i for i in bank if i in DEBTOR_INTENTS], *[i for i in DEBTOR_INTENTS if i not in bank]]
    groups = []
    for intent in intents:
        by_mood = bank.get(intent) if isinstance(bank.get(intent), dict) else {}
        groups.append({
            "intent": intent,
            "count": sum(len(v) for v in by_mood.values() if isinstance(v, list)),
            "moods": [{"mood": m, "lines": [shown(x) for x in (by_mood.get(m) or []) if isinstance(by_mood.get(m), list)]}
                      for m in BANK_MOODS],
        })
    return {"values": values, "reactions": reactions, "bank": groups, "id": shown(doc.get("id")),
            "archetypes": ARCHETYPES, "reaction_keys": REACTION_KEYS, "conditions": CONDITIONS,
            "dimensions": DIMENSIONS, "moods": BANK_MOODS}
