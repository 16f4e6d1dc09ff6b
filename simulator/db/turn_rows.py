"""A turn as the turn path writes it: a plain record, stored with one Core INSERT.

Every trainee line and every debtor reply is a new ``turn`` row that nothing edits afterwards (an LLM
reading added to a collector's turn is the one update: ``repository.set_turn_analysis``). Building a
SQLModel ``Turn`` and flushing it through the ORM's unit of work cost ~0.5 ms per row on the hot path
(issue 18); a ``TurnRow`` has the same attribute names as ``Turn`` — its slots are generated from the
``turn`` table, the one definition of the columns — and is written by ``repository.insert_turn``.
Turns read back from the database are still ``Turn`` objects; code that reads either uses the shared
attribute names.
"""

from __future__ import annotations

from typing import Any

from simulator.db.models import Turn, utcnow

COLUMNS: tuple[str, ...] = tuple(c.key for c in Turn.__table__.columns)  # type: ignore[attr-defined]
_DEFAULTS: dict[str, Any] = {"fallback": False}


class TurnRow:
    """One ``turn`` row before (``id`` None) and after it is inserted."""

    __slots__ = COLUMNS

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(COLUMNS)
        if unknown:
            raise TypeError(f"TurnRow: no column {', '.join(sorted(unknown))}")
        for name in COLUMNS:
            setattr(self, name, values.get(name, _DEFAULTS.get(name)))
        if self.created_at is None:
            self.created_at = utcnow()

    def values(self) -> dict[str, Any]:
        """The INSERT's parameters (every column but the generated id)."""
        return {name: getattr(self, name) for name in COLUMNS if name != "id"}

    def __repr__(self) -> str:
        return f"TurnRow(session_id={self.session_id!r}, index={self.index!r}, speaker={self.speaker!r})"
