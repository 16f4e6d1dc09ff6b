"""Stored catalog versions (issue 5, items 4 and 6): the queries, the next version, and the import of
the built-in files. Rows are only ever inserted: there is no update or delete of a version.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from simulator.catalog.versions import Builtin, builtin_documents, content_hash
from simulator.db.models import CatalogDraft, CatalogVersion, CohortMember, ScenarioAssignment

log = logging.getLogger(__name__)


def latest_rows(db: Session, kind: str | None = None) -> list[CatalogVersion]:
    """The newest version of every object (of one kind, or all)."""
    newest = select(CatalogVersion.kind, CatalogVersion.object_id, func.max(CatalogVersion.version).label("v"))
    if kind is not None:
        newest = newest.where(CatalogVersion.kind == kind)
    sub = newest.group_by(CatalogVersion.kind, CatalogVersion.object_id).subquery()
    stmt = select(CatalogVersion).join(sub, (CatalogVersion.kind == sub.c.kind)
                                       & (CatalogVersion.object_id == sub.c.object_id)
                                       & (CatalogVersion.version == sub.c.v))
    return list(db.exec(stmt.order_by(CatalogVersion.kind, CatalogVersion.object_id)).all())


def latest_row(db: Session, kind: str, object_id: str) -> CatalogVersion | None:
    return db.exec(select(CatalogVersion).where(CatalogVersion.kind == kind, CatalogVersion.object_id == object_id)
                   .order_by(CatalogVersion.version.desc()).limit(1)).first()


def version_row(db: Session, kind: str, object_id: str, version: int) -> CatalogVersion | None:
    return db.exec(select(CatalogVersion).where(CatalogVersion.kind == kind, CatalogVersion.object_id == object_id,
                                                CatalogVersion.version == version)).first()


def history(db: Session, kind: str, object_id: str) -> list[CatalogVersion]:
    return list(db.exec(select(CatalogVersion).where(CatalogVersion.kind == kind, CatalogVersion.object_id == object_id)
                        .order_by(CatalogVersion.version)).all())


def add_version(db: Session, kind: str, object_id: str, body: str, *, source: str, note: str = "",
                created_by: int | None = None) -> CatalogVersion:
    """Insert the next version (the caller commits; a concurrent publish fails on the unique constraint)."""
    last = latest_row(db, kind, object_id)
    row = CatalogVersion(kind=kind, object_id=object_id, version=(last.version + 1) if last else 1, body=body,
                         content_hash=content_hash(body), source=source, note=note[:500], created_by=created_by)
    db.add(row)
    db.flush()
    return row


def _import_once(db: Session, builtins: list[Builtin]) -> list[CatalogVersion]:
    rows = db.exec(select(CatalogVersion.kind, CatalogVersion.object_id, CatalogVersion.version,
                          CatalogVersion.source, CatalogVersion.content_hash)).all()
    newest: dict[tuple[str, str], tuple[int, str]] = {}
    newest_builtin: dict[tuple[str, str], tuple[int, str]] = {}
    for kind, object_id, version, source, digest in rows:
        key = (kind, object_id)
        if version > newest.get(key, (0, ""))[0]:
            newest[key] = (version, source)
        if source == "builtin" and version > newest_builtin.get(key, (0, ""))[0]:
            newest_builtin[key] = (version, digest)
    added = []
    for b in builtins:
        key = (b.kind, b.object_id)
        digest = content_hash(b.body)
        if key not in newest:
            added.append(CatalogVersion(kind=b.kind, object_id=b.object_id, version=1, body=b.body,
                                        content_hash=digest, source="builtin", note="built-in file"))
        elif key in newest_builtin and newest_builtin[key][1] != digest:
            version, source = newest[key]
            if source == "builtin":
                added.append(CatalogVersion(kind=b.kind, object_id=b.object_id, version=version + 1, body=b.body,
                                            content_hash=digest, source="builtin", note="built-in file updated"))
            else:  # never bury a trainer's edit
                log.warning("built-in %s %r changed in this release but has a newer %s version (v%d); "
                            "the file was not imported", b.kind, b.object_id, source, version)
        elif key not in newest_builtin:
            log.warning("built-in %s %r was not imported: an authored object already has that id",
                        b.kind, b.object_id)
    for row in added:
        db.add(row)
    db.commit()
    return added


def import_builtins(engine: Engine, personas_dir: Path, rubrics_dir: Path) -> list[CatalogVersion]:
    """Import each built-in file not yet stored as version 1 (source ``builtin``), and a changed built-in
    file as a new version only while the newest version is still a built-in one. Idempotent; when two
    workers start at once, the loser of the unique constraint retries against the winner's rows."""
    builtins = builtin_documents(personas_dir, rubrics_dir)
    for attempt in range(3):
        with Session(engine, expire_on_commit=False) as db:
            try:
                return _import_once(db, builtins)
            except IntegrityError:
                db.rollback()
                log.info("built-in import raced another worker (attempt %d); retrying", attempt + 1)
    return []


def max_version_id(conn) -> int | None:
    """The newest version row id: the live catalog's cheap freshness check (one indexed aggregate)."""
    return conn.execute(select(func.max(CatalogVersion.id))).scalar()


# -- drafts ---------------------------------------------------------------------------------------------
def get_draft(db: Session, kind: str, object_id: str) -> CatalogDraft | None:
    return db.exec(select(CatalogDraft).where(CatalogDraft.kind == kind, CatalogDraft.object_id == object_id)).first()


def drafts_of(db: Session, kind: str) -> list[CatalogDraft]:
    return list(db.exec(select(CatalogDraft).where(CatalogDraft.kind == kind)).all())


# -- scenario → cohort assignments ------------------------------------------------------------------------
def assignments(db: Session, scenario_id: str | None = None) -> list[ScenarioAssignment]:
    stmt = select(ScenarioAssignment)
    if scenario_id is not None:
        stmt = stmt.where(ScenarioAssignment.scenario_id == scenario_id)
    return list(db.exec(stmt.order_by(ScenarioAssignment.cohort_id)).all())


def member_cohort_ids(db: Session, user_id: int) -> set[int]:
    return set(db.exec(select(CohortMember.cohort_id).where(CohortMember.user_id == user_id)).all())
