"""The scenario builder's form: every field of a ``Scenario`` as plain HTML form fields, and back.

As for personas (``persona_form``): dotted field names, repeated names for table rows (contact
history, objectives), a blank row is dropped, and the stored document is the base so fields the form
does not show survive. The third party and the initial-state override are optional groups: left
blank, they are left out.
"""

from __future__ import annotations

from typing import Any

from simulator.authoring.forms import (
    FormData,
    body_of,
    flag,
    get,
    lines_of,
    put,
    scalar_values,
    shown,
    text,
    texts,
    words_of,
)
from simulator.catalog.schema import INTENSITIES, SITUATIONS, Scenario

STAGES = ("M1", "M2", "M3", "M4")
SCALARS: tuple[tuple[str, str], ...] = (
    ("persona", "text"), ("stage", "text"), ("difficulty", "text"), ("situation", "text"), ("intensity", "optional"),
    ("title.zh", "text"), ("title.en", "text"), ("brief.zh", "text"), ("brief.en", "text"),
    ("case_file.debtor_name", "text"), ("case_file.gender", "text"), ("case_file.age", "text"),
    ("case_file.phone", "text"), ("case_file.id_last4", "text"), ("case_file.lender", "text"),
    ("case_file.product", "text"), ("case_file.principal", "text"), ("case_file.overdue_amount", "text"),
    ("case_file.days_overdue", "text"), ("case_file.due_date", "text"), ("case_file.occupation", "optional"),
    ("case_file.guarantor", "optional"), ("case_file.notes", "optional"),
    ("hidden_truth.real_reason", "text"), ("hidden_truth.ability_to_pay", "text"),
    ("hidden_truth.willingness", "text"), ("hidden_truth.can_pay_now", "text"),
    ("hidden_truth.earliest_date", "text"), ("hidden_truth.what_moves_them", "lines"),
    ("hidden_truth.secrets", "lines"), ("trainer_notes", "optional"), ("tags", "words"),
)
CONTACT_COLUMNS = ("date", "channel", "result")
OBJECTIVE_COLUMNS = ("id", "zh", "en")
THIRD_PARTY_TEXT = ("relation", "name", "card")
THIRD_PARTY_FLAGS = ("borrower_deceased", "hands_over")
STATE_FIELDS = ("anger", "trust", "willingness")


def _rows(form: FormData, prefix: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    cols = {c: texts(form, f"{prefix}.{c}") for c in columns}
    count = max((len(v) for v in cols.values()), default=0)
    rows = [{c: (cols[c][i] if i < len(cols[c]) else "") for c in columns} for i in range(count)]
    return [r for r in rows if any(r.values())]


def apply_form(base: dict[str, Any], form: FormData, *, new_id: str | None = None) -> dict[str, Any]:
    """The scenario as the form describes it, on top of ``base``; ``new_id`` names a new scenario."""
    doc = {k: v for k, v in base.items()}
    if new_id is not None:
        doc["id"] = new_id
    for path, kind in SCALARS:
        value = text(form, path)
        if kind == "lines":
            put(doc, path, lines_of(str(form.get(path, "") or "")))
        elif kind == "words":
            put(doc, path, words_of(value))
        else:
            put(doc, path, value, optional=kind == "optional")
    put(doc, "case_file.contact_history", _rows(form, "case_file.contact_history", CONTACT_COLUMNS))
    doc["objectives"] = _rows(form, "objectives", OBJECTIVE_COLUMNS)
    third = {k: text(form, f"third_party.{k}") for k in THIRD_PARTY_TEXT}
    if third["relation"] or third["name"]:
        tp = {k: v for k, v in third.items() if v}
        tp |= {k: flag(form, f"third_party.{k}") for k in THIRD_PARTY_FLAGS}
        doc["third_party"] = {**(base.get("third_party") or {}), **tp} if isinstance(base.get("third_party"), dict) else tp
    else:
        doc.pop("third_party", None)
    state = {k: text(form, f"initial_state.{k}") for k in STATE_FIELDS}
    if any(state.values()):
        doc["initial_state"] = state
    else:
        doc.pop("initial_state", None)
    return doc


def to_body(doc: dict[str, Any]) -> tuple[str | None, list[tuple[str, str]]]:
    """(the YAML body, []) when the scenario is valid, else (None, problems naming fields)."""
    return body_of(Scenario, doc)


def form_view(doc: dict[str, Any]) -> dict[str, Any]:
    values = scalar_values(doc, SCALARS)
    tp = doc.get("third_party") if isinstance(doc.get("third_party"), dict) else {}
    for k in (*THIRD_PARTY_TEXT, *THIRD_PARTY_FLAGS):
        values[f"third_party.{k}"] = shown(tp.get(k))
    state = doc.get("initial_state") if isinstance(doc.get("initial_state"), dict) else {}
    for k in STATE_FIELDS:
        values[f"initial_state.{k}"] = shown(state.get(k))
    contacts = get(doc, "case_file.contact_history", [])
    objectives = doc.get("objectives") or []
    return {
        "values": values, "id": shown(doc.get("id")),
        "contacts": [{c: shown(r.get(c)) for c in CONTACT_COLUMNS} for r in contacts if isinstance(r, dict)],
        "objectives": [{c: shown(r.get(c)) for c in OBJECTIVE_COLUMNS} for r in objectives if isinstance(r, dict)],
        "stages": STAGES, "situations": SITUATIONS, "intensities": INTENSITIES,
    }
