"""Multi-call cases (issue 21, item 3): one debtor, a timeline of calls weeks apart.

A case names a base scenario (the debtor, the loan, the hidden truth) and the calls of its timeline: on
which day after the due date each one is made, at which stage, and what it should achieve. What happened in
one call (a promise kept or broken, a hang-up) shapes the next (``practice/cases/timeline.py``). Cases are
files under ``personas/cases/``; the scenario each names comes from the live catalog.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from simulator.catalog.loader import CatalogError, load_document
from simulator.catalog.schema import ContactRecord, LocalText, Objective, Stage, Strict


class CaseStart(Strict):
    """The case file as it stands before the first call (replaces the base scenario's history and notes)."""

    contact_history: list[ContactRecord] = Field(default_factory=list)
    notes: str = Field(min_length=1)


class CaseCall(Strict):
    day: int = Field(ge=1, le=365, description="days after the missed due date")
    stage: Stage
    title: LocalText
    brief: LocalText
    objectives: list[Objective] = Field(min_length=1)
    falls_due: int = Field(default=0, ge=0, description="yuan that fell due since the previous call (a new instalment)")


class CaseSpec(Strict):
    spec: Literal["collector-sim/case"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,64}$")]
    scenario: str = Field(min_length=1, description="the base scenario: debtor, loan, hidden truth")
    title: LocalText
    brief: LocalText
    start: CaseStart
    calls: list[CaseCall] = Field(min_length=2, max_length=6)
    trainer_notes: str | None = None

    def call(self, number: int) -> CaseCall | None:
        """The ``number``-th call (1-based), or None past the end of the timeline."""
        return self.calls[number - 1] if 1 <= number <= len(self.calls) else None


def load_cases(cases_dir: Path) -> dict[str, CaseSpec]:
    """Every case under ``cases_dir`` by id (CatalogError for a malformed one, a duplicate, or days out of order)."""
    return dict(_load(cases_dir, tuple((p, p.stat().st_mtime_ns) for p in sorted(cases_dir.glob("*.yaml")))))


@cache
def _load(cases_dir: Path, files: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, CaseSpec], ...]:
    found: dict[str, CaseSpec] = {}
    for path, _ in files:
        case = load_document(path, CaseSpec)
        problems = []
        if case.id != path.stem:
            problems.append(f"id: {case.id!r} must match the file name {path.stem!r}")
        if case.id in found:
            problems.append(f"id: duplicate id {case.id!r}")
        days = [c.day for c in case.calls]
        if days != sorted(set(days)):
            problems.append("calls: each call's day must come after the previous call's")
        if problems:
            raise CatalogError(path, problems)
        found[case.id] = case
    return tuple(found.items())

