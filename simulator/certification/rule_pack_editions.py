"""Which edition of a rule pack a grade or certificate relied on: ``cn@3`` with its effective date.

A grade stores the pack as ``<id>@<version>``; the effective date lives in that version's body, so it
is looked up here once (the parse is cached by content) rather than copied into every grade.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.catalog.rubric import RulePack
from simulator.catalog.versions import DocumentProblems, parse_cached
from simulator.db import catalog_versions as store


def edition(db: Session, ref: str) -> dict[str, Any]:
    """``{"ref": "cn@3", "id": "cn", "version": 3, "effective_from": "2026-01-30" | None}``; an unknown
    or malformed reference keeps its text and has no date."""
    pack_id, _, number = ref.partition("@")
    out: dict[str, Any] = {"ref": ref, "id": pack_id, "version": int(number) if number.isdigit() else None,
                           "effective_from": None}
    if out["version"] is None:
        return out
    row = store.version_row(db, "rule_pack", pack_id, out["version"])
    if row is None:
        return out
    try:
        doc = parse_cached("rule_pack", row.body, row.content_hash)
    except DocumentProblems:
        return out
    if isinstance(doc, RulePack) and doc.effective_from is not None:
        out["effective_from"] = doc.effective_from.isoformat()
    return out
