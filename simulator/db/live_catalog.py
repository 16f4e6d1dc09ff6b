"""The live catalog, built from the newest published versions in the database, and the exact versions
an existing session plays.

``LiveCatalog.get()`` is called on every request (``deps.get_catalog``): it returns the cached catalog
and, at most once per ``interval`` seconds, asks the database for ``max(catalog_version.id)``; only when
that changed is the catalog rebuilt (parsed bodies come from the per-process cache). A publish in this
process is visible at once; a publish in another worker process within ``interval`` (1 s).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.catalog.schema import PersonaCard, Scenario, ThirdPartyCard
from simulator.catalog.versions import (
    ATTRS,
    DocumentProblems,
    VersionedCatalog,
    cross_ref_problems,
    live_version,
    parse_cached,
    with_version,
)
from simulator.core.errors import NotFound
from simulator.db.catalog_versions import latest_rows, max_version_id, version_row
from simulator.db.models import PracticeSession

log = logging.getLogger(__name__)
_ORDER = ("rule_pack", "rubric", "third_party", "persona", "scenario")  # referenced kinds first

# Bumped by every publish in this process, so this process's caches look at once.
_local_publishes = 0


def note_published() -> None:
    global _local_publishes
    _local_publishes += 1


def build_catalog(db: Session, *, pinned: dict | None = None) -> VersionedCatalog:
    """The newest version of every object; a stored body that no longer parses (or whose reference is
    gone) is left out with an error in the log rather than taking the service down."""
    catalog = VersionedCatalog(pinned=pinned if pinned is not None else {})
    rows = sorted(latest_rows(db), key=lambda r: _ORDER.index(r.kind) if r.kind in _ORDER else 99)
    for row in rows:
        try:
            doc = with_version(row.kind, parse_cached(row.kind, row.body, row.content_hash), row.version)
        except DocumentProblems as exc:
            log.error("catalog %s %r v%d does not parse and is left out: %s", row.kind, row.object_id,
                      row.version, exc)
            continue
        problems = cross_ref_problems(row.kind, doc, catalog)
        if problems:
            log.error("catalog %s %r v%d is left out: %s", row.kind, row.object_id, row.version,
                      "; ".join(f"{p.field}: {p.message}" for p in problems))
            continue
        getattr(catalog, ATTRS[row.kind])[row.object_id] = doc
        catalog.versions[(row.kind, row.object_id)] = row.version
    catalog.max_id = max((r.id for r in rows if r.id is not None), default=None)
    return catalog


class LiveCatalog:
    """One per process (app): the cached catalog and the cheap freshness check."""

    def __init__(self, engine: Engine, *, interval: float = 1.0) -> None:
        self.engine = engine
        self.interval = interval
        self._catalog: VersionedCatalog | None = None
        self._checked = 0.0
        self._seen_publishes = -1
        self._lock = threading.Lock()
        self._pinned: dict[tuple[str, str, int], BaseModel] = {}

    def _fresh(self) -> bool:
        return (self._catalog is not None and self._seen_publishes == _local_publishes
                and time.monotonic() - self._checked < self.interval)

    def cached(self) -> VersionedCatalog | None:
        """The catalog when no freshness check is due (no I/O, safe on the event loop), else None."""
        return self._catalog if self._fresh() else None

    def get(self) -> VersionedCatalog:
        if self._fresh():
            return self._catalog  # type: ignore[return-value]
        with self._lock:
            if not self._fresh():
                self._refresh()
        return self._catalog  # type: ignore[return-value]

    def _refresh(self) -> None:
        seen = _local_publishes
        with self.engine.connect() as conn:
            max_id = max_version_id(conn)
        if self._catalog is None or max_id != self._catalog.max_id:
            with Session(self.engine) as db:
                self._catalog = build_catalog(db, pinned=self._pinned)
        self._checked = time.monotonic()
        self._seen_publishes = seen


def _pinned(db: Session, catalog: Catalog, kind: str, object_id: str, version: int | None) -> BaseModel | None:
    live = getattr(catalog, ATTRS[kind]).get(object_id)
    if version is None or live_version(catalog, kind, object_id) == version:
        return live
    cache = getattr(catalog, "pinned", None)
    key = (kind, object_id, version)
    if cache is not None and key in cache:
        return cache[key]
    row = version_row(db, kind, object_id, version)
    if row is None:  # not a database catalog (tests load files), or the row is gone: play the live one
        return live
    doc = with_version(kind, parse_cached(kind, row.body, row.content_hash), version)
    if cache is not None:
        cache[key] = doc
    return doc


def session_third_party(db: Session, catalog: Catalog, practice: PracticeSession,
                        scenario: Scenario) -> ThirdPartyCard | None:
    """The third-party role card of ``scenario`` as it was when ``practice`` started (None: nobody else)."""
    if scenario.third_party is None:
        return None
    card = _pinned(db, catalog, "third_party", scenario.third_party.card, practice.third_party_version)
    if not isinstance(card, ThirdPartyCard):
        raise NotFound(f"third_party.card: card {scenario.third_party.card!r} is no longer in the catalog",
                       field="third_party.card")
    return card


# The scenario fields one call of a multi-call case replaces (issue 21; the rest, the debtor and the hidden
# truth, are the base scenario's). They are stored with the session (``case_call``), so the call replays
# as it was played whatever becomes of the case file.
CALL_FIELDS = ("stage", "difficulty", "situation", "title", "brief", "case_file", "objectives", "initial_state")


def played_as(scenario: Scenario, call: dict[str, Any] | None) -> Scenario:
    """The base scenario as one call of a case plays it (``call``: the fields stored with that session)."""
    if not call:
        return scenario
    replaced = {k: v for k, v in call.items() if k in CALL_FIELDS}
    return Scenario.model_validate({**scenario.model_dump(), **replaced})


def session_catalog(db: Session, catalog: Catalog, practice: PracticeSession) -> tuple[PersonaCard, Scenario]:
    """The persona card and scenario exactly as they were when ``practice`` started (its recorded
    versions); sessions from before versioning play the live ones."""
    scenario = _pinned(db, catalog, "scenario", practice.scenario_id, practice.scenario_version)
    if not isinstance(scenario, Scenario):
        raise NotFound(f"scenario_id: scenario {practice.scenario_id!r} is no longer in the catalog",
                       field="scenario_id")
    card = _pinned(db, catalog, "persona", practice.persona_id, practice.persona_version)
    if not isinstance(card, PersonaCard):
        raise NotFound(f"persona: persona {practice.persona_id!r} is no longer in the catalog", field="persona")
    if practice.case_call:  # one call of a multi-call case: its day, stage and history
        return card, played_as(scenario, practice.case_call)
    return card, scenario
