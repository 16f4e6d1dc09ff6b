"""Catalog authoring (issue 5, items 4 and 6): drafts, publishing immutable versions, history, diff,
rollback, clone, export/import bundles and scenario → cohort assignment.

Only trainers and admins author; every mutation writes an audit entry in the same transaction. A
body is validated before anything is stored: problems name the field and its line in the YAML.
Publishing makes the version live in this process at once and in other worker processes within a
second (``db/live_catalog.py``).
"""

from __future__ import annotations

import difflib
import io
import zipfile
from pathlib import PurePosixPath

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.accounts import cohorts as cohort_service
from simulator.authoring.schemas import BodyOut, ObjectSummary
from simulator.catalog import pass_rules
from simulator.catalog.loader import Catalog
from simulator.catalog.pack_changes import Change, changes
from simulator.catalog.rubric import RulePack
from simulator.catalog.versions import (
    ATTRS,
    KINDS,
    MODELS,
    DocumentProblems,
    Problem,
    content_hash,
    cross_ref_problems,
    kind_of,
    parse_cached,
    path_of,
)
from simulator.catalog.yaml_lines import compose, line_of, replace_scalar
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from simulator.db import audit
from simulator.db import catalog_versions as store
from simulator.db import repository as repo
from simulator.db.live_catalog import build_catalog, note_published
from simulator.db.models import CatalogDraft, CatalogVersion, ScenarioAssignment, User, utcnow

__all__ = [
    "KINDS", "AuthoringError", "Problem", "assign_scenario", "clone", "current_body", "diff_versions", "discard_draft", "pack_changes",
    "export_bundle", "import_bundle", "list_objects", "list_versions", "parse_body", "publish", "rollback",
    "save_draft", "scenario_cohorts", "version_body",
]

AUTHORS = ("trainer", "admin")
MAX_BODY_BYTES = 512 * 1024  # one document
MAX_IMPORT_BYTES = 5 * 1024 * 1024  # one upload (.yaml or .zip)
MAX_IMPORT_FILES = 200
MAX_IMPORT_UNZIPPED = 20 * 1024 * 1024
COPY_SUFFIX = ("(副本)", " (copy)")


class AuthoringError(ServiceError):
    """The body (or bundle) is invalid; ``problems`` say where. Answered as 422 with a list detail."""

    status_code = 422

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems), field=problems[0].field)
        self.problems = problems
        self.detail = [p.as_dict() for p in problems]  # type: ignore[assignment]


APPROVERS = ("hr", "admin")  # who may change what passes or fails (issue 18)
PASS_RULE_KINDS = ("rubric", "rule_pack")


class ApprovalPending(ServiceError):
    """202: the change was stored as a draft waiting for HR or admin approval."""

    status_code = 202


class NeedsApproval(ServiceError):
    """409: a rollback or import would change pass rules without an approval."""

    status_code = 409


def ensure_author(user: User) -> None:
    if user.role not in AUTHORS:
        raise Forbidden("role: authoring the catalog needs the role trainer or admin")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFound(f"kind: unknown kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    return kind


def _title(kind: str, doc: BaseModel, lang: str = "zh") -> str:
    text = getattr(doc, "title" if kind == "scenario" else "name", None)
    return getattr(text, lang, "") or getattr(text, "zh", "") or str(getattr(doc, "id", ""))


# -- validation -------------------------------------------------------------------------------------
def parse_body(kind: str, body: str, catalog: Catalog) -> BaseModel:
    """Validate ``body`` as a ``kind`` document, cross-references against ``catalog`` included."""
    _kind(kind)
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise AuthoringError([Problem("(document)", None, f"larger than {MAX_BODY_BYTES // 1024} KB")])
    try:
        doc = parse_cached(kind, body)
    except DocumentProblems as exc:
        raise AuthoringError(exc.problems) from exc
    problems = cross_ref_problems(kind, doc, catalog, body)
    if problems:
        raise AuthoringError(problems)
    return doc


def _validated(db: Session, kind: str, object_id: str, body: str, catalog: Catalog | None = None) -> BaseModel:
    doc = parse_body(kind, body, catalog if catalog is not None else build_catalog(db))
    if getattr(doc, "id", None) != object_id:
        raise AuthoringError([Problem("id", line_of(compose(body), ("id",)),
                                      f"must be {object_id!r} (the id of the object being edited)")])
    return doc


# -- reading ------------------------------------------------------------------------------------------
def list_objects(db: Session, kind: str) -> list[ObjectSummary]:
    _kind(kind)
    latest = {r.object_id: r for r in store.latest_rows(db, kind)}
    drafts = {d.object_id: d for d in store.drafts_of(db, kind)}
    users = repo.users_by_ids(session=db, ids=sorted(
        {r.created_by for r in latest.values() if r.created_by} | {d.author_id for d in drafts.values()}))
    out = []
    for object_id in sorted(set(latest) | set(drafts)):
        row, draft = latest.get(object_id), drafts.get(object_id)
        body = draft.body if draft else row.body  # type: ignore[union-attr]
        try:
            doc = parse_cached(kind, body)
            title, title_en = _title(kind, doc), _title(kind, doc, "en")
        except DocumentProblems:
            title = title_en = object_id
        who = draft.author_id if draft else (row.created_by if row else None)
        out.append(ObjectSummary(
            kind=kind, object_id=object_id, title=title, title_en=title_en, latest_version=row.version if row else None,
            source=row.source if row else None, has_draft=draft is not None,
            updated_at=draft.updated_at if draft else (row.created_at if row else None),
            updated_by=users[who].username if who in users else None))
    return out


def current_body(db: Session, kind: str, object_id: str) -> str:
    """The draft if there is one, else the latest published body."""
    draft = store.get_draft(db, _kind(kind), object_id)
    if draft is not None:
        return draft.body
    return _latest(db, kind, object_id).body


def _latest(db: Session, kind: str, object_id: str) -> CatalogVersion:
    row = store.latest_row(db, _kind(kind), object_id)
    if row is None:
        raise NotFound(f"object_id: no {kind} {object_id!r}", field="object_id")
    return row


def list_versions(db: Session, kind: str, object_id: str) -> list[CatalogVersion]:
    rows = store.history(db, _kind(kind), object_id)
    if not rows:
        raise NotFound(f"object_id: no {kind} {object_id!r}", field="object_id")
    return rows


def _version(db: Session, kind: str, object_id: str, version: int) -> CatalogVersion:
    row = store.version_row(db, _kind(kind), object_id, version)
    if row is None:
        raise NotFound(f"version: {kind} {object_id!r} has no version {version}", field="version")
    return row


def version_body(db: Session, kind: str, object_id: str, version: int) -> str:
    return _version(db, kind, object_id, version).body


def get_version(db: Session, kind: str, object_id: str, version: int) -> CatalogVersion:
    return _version(db, kind, object_id, version)


def latest_body(db: Session, kind: str, object_id: str) -> str:
    """The latest published body (drafts ignored): what an export of one object holds."""
    return _latest(db, kind, object_id).body


def diff_versions(db: Session, kind: str, object_id: str, a: int, b: int) -> str:
    """A unified diff from version ``a`` to version ``b`` (empty when the bodies are the same)."""
    old, new = _version(db, kind, object_id, a), _version(db, kind, object_id, b)
    return "".join(difflib.unified_diff(
        old.body.splitlines(keepends=True), new.body.splitlines(keepends=True),
        fromfile=f"{path_of(kind, object_id)}@v{a}", tofile=f"{path_of(kind, object_id)}@v{b}"))


def pack_changes(db: Session, object_id: str, a: int, b: int) -> list[Change]:
    """Rule by rule, what changed in a rule pack from version ``a`` to version ``b``."""
    old, new = (parse_cached("rule_pack", _version(db, "rule_pack", object_id, n).body) for n in (a, b))
    assert isinstance(old, RulePack) and isinstance(new, RulePack)
    return changes(old, new)


# -- drafts and publishing ------------------------------------------------------------------------------
def unix_lines(body: str) -> str:
    """A browser's textarea sends CRLF: stored bodies use LF, so a version's diff shows only real changes."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def save_draft(db: Session, kind: str, object_id: str, body: str, actor: User) -> CatalogDraft:
    """Validate and store the draft (one per object); an invalid body stores nothing."""
    ensure_author(actor)
    body = unix_lines(body)
    _validated(db, _kind(kind), object_id, body)
    draft = store.get_draft(db, kind, object_id)
    if draft is None:
        draft = CatalogDraft(kind=kind, object_id=object_id, body=body, author_id=actor.id)
    else:
        draft.body, draft.author_id, draft.updated_at = body, actor.id, utcnow()
        # an edited draft is a new proposal: any approval request was for the old body
        draft.approval_requested_by = draft.approval_requested_at = None
    db.add(draft)
    latest = store.latest_row(db, kind, object_id)
    audit.record(db, actor, "catalog.draft_save", kind, object_id,
                 after={"kind": kind, "object_id": object_id, "base_version": latest.version if latest else None,
                        "hash": content_hash(body)})
    try:
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        raise Conflict("draft: saved by someone else at the same moment; reload and try again") from exc
    return draft


def discard_draft(db: Session, kind: str, object_id: str, actor: User) -> None:
    ensure_author(actor)
    draft = store.get_draft(db, _kind(kind), object_id)
    if draft is None:
        raise NotFound(f"draft: no draft of {kind} {object_id!r}", field="draft")
    db.delete(draft)
    audit.record(db, actor, "catalog.draft_discard", kind, object_id,
                 before={"kind": kind, "object_id": object_id, "hash": content_hash(draft.body)})
    db.commit()


def pass_rule_changes(db: Session, kind: str, object_id: str, body: str) -> list[tuple[str, str, str]]:
    """What ``body`` would change in pass or fail against the published version (rubrics, rule packs)."""
    if kind not in PASS_RULE_KINDS:
        return []
    latest = store.latest_row(db, kind, object_id)
    if latest is None:
        return []
    old = parse_cached(kind, latest.body, latest.content_hash)
    return pass_rules.changes(kind, old, parse_cached(kind, unix_lines(body)))


def _publish_body(db: Session, kind: str, object_id: str, body: str, actor: User | None, *, source: str,
                  note: str, action: str) -> CatalogVersion:
    body = unix_lines(body)
    if actor is not None and actor.role not in APPROVERS and pass_rule_changes(db, kind, object_id, body):
        raise NeedsApproval(f"pass rules: this {kind} changes what passes or fails; publish it from the editor "
                            "to ask HR or an admin to approve it")
    latest = store.latest_row(db, kind, object_id)
    if latest is not None and latest.content_hash == content_hash(body):
        raise AuthoringError([Problem("body", None, f"no changes: identical to the published version "
                                                    f"v{latest.version}", code="no_changes",
                                      values={"version": latest.version})])
    row = store.add_version(db, kind, object_id, body, source=source, note=note,
                            created_by=actor.id if actor else None)
    audit.record(db, actor, action, kind, object_id,
                 before={"version": latest.version} if latest else None,
                 after={"kind": kind, "object_id": object_id, "version": row.version, "source": source,
                        "hash": row.content_hash, "note": row.note})
    return row


def _commit_published(db: Session) -> None:
    try:
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        raise Conflict("version: someone published this object at the same moment; reload and try again") from exc
    note_published()


def publish(db: Session, kind: str, object_id: str, actor: User, note: str = "") -> CatalogVersion:
    """Publish the draft as the next version (re-validated), then delete the draft."""
    ensure_author(actor)
    draft = store.get_draft(db, _kind(kind), object_id)
    if draft is None:
        raise InvalidInput(f"draft: no draft of {kind} {object_id!r} to publish", field="draft")
    _validated(db, kind, object_id, draft.body)
    latest = store.latest_row(db, kind, object_id)
    if latest is not None and latest.content_hash == content_hash(draft.body):
        db.delete(draft)  # a draft identical to the published version is no draft: drop it, then say so
        db.commit()
    changed = pass_rule_changes(db, kind, object_id, draft.body)
    if changed and actor.role not in APPROVERS:
        _request_approval(db, draft, actor, note, changed)
    row = _publish_body(db, kind, object_id, draft.body, actor, source="authored", note=note,
                        action="catalog.publish")
    db.delete(draft)
    _commit_published(db)
    return row


def _request_approval(db: Session, draft: CatalogDraft, actor: User, note: str,
                      changed: list[tuple[str, str, str]]) -> None:
    """Hold the draft for HR or an admin: nothing goes live until one of them approves it."""
    draft.approval_requested_by, draft.approval_requested_at, draft.approval_note = actor.id, utcnow(), note[:500]
    db.add(draft)
    audit.record(db, actor, "catalog.approval_request", draft.kind, draft.object_id,
                 after={"kind": draft.kind, "object_id": draft.object_id, "note": note[:500],
                        "changes": [{"field": f, "before": b, "after": a} for f, b, a in changed]})
    db.commit()
    raise ApprovalPending(f"pass rules: the change to {draft.kind} {draft.object_id!r} waits for HR or admin approval")


def pending_approvals(db: Session, viewer: User) -> list[dict]:
    """Drafts waiting for approval, each with what it changes in pass or fail (HR and admins)."""
    ensure_approver(viewer)
    out = []
    for kind in PASS_RULE_KINDS:
        for draft in store.drafts_of(db, kind):
            if draft.approval_requested_at is None:
                continue
            requester = repo.get_user(session=db, user_id=draft.approval_requested_by or 0)
            doc = parse_cached(kind, draft.body)
            out.append({"kind": kind, "object_id": draft.object_id, "note": draft.approval_note,
                        "requested_at": draft.approval_requested_at,
                        "requested_by": requester.display_name if requester else "?",
                        "changes": [{"field": f, "before": b, "after": a, **pass_rules.label(f, doc)}
                                    for f, b, a in pass_rule_changes(db, kind, draft.object_id, draft.body)]})
    return sorted(out, key=lambda r: r["requested_at"])


def _pending_draft(db: Session, kind: str, object_id: str) -> CatalogDraft:
    draft = store.get_draft(db, _kind(kind), object_id)
    if draft is None or draft.approval_requested_at is None:
        raise NotFound(f"approval: no change of {kind} {object_id!r} waits for approval", field="object_id")
    return draft


def approve(db: Session, kind: str, object_id: str, approver: User) -> CatalogVersion:
    """Publish a held draft: the approver is recorded as publishing it, the request in the note."""
    ensure_approver(approver)
    draft = _pending_draft(db, kind, object_id)
    _validated(db, kind, object_id, draft.body)
    requester = repo.get_user(session=db, user_id=draft.approval_requested_by or 0)
    note = f"approved for {requester.username if requester else '?'}: {draft.approval_note}".strip(": ")[:500]
    row = _publish_body(db, kind, object_id, draft.body, approver, source="authored", note=note,
                        action="catalog.approve")
    db.delete(draft)
    _commit_published(db)
    return row


def reject(db: Session, kind: str, object_id: str, approver: User, reason: str) -> None:
    """Send a held draft back to its author (the draft stays, no longer waiting), with the reason."""
    ensure_approver(approver)
    draft = _pending_draft(db, kind, object_id)
    draft.approval_requested_by = draft.approval_requested_at = None
    db.add(draft)
    audit.record(db, approver, "catalog.approval_reject", kind, object_id,
                 after={"kind": kind, "object_id": object_id, "reason": reason[:500]})
    db.commit()


def ensure_approver(user: User) -> None:
    if user.role not in APPROVERS:
        raise Forbidden("role: approving pass-rule changes needs the role hr or admin")


def rollback(db: Session, kind: str, object_id: str, version: int, actor: User) -> CatalogVersion:
    """Publish the body of an old version again, as a new version (source ``rollback``)."""
    ensure_author(actor)
    old = _version(db, kind, object_id, version)
    _validated(db, kind, object_id, old.body)
    row = _publish_body(db, kind, object_id, old.body, actor, source="rollback", note=f"rollback to v{version}",
                        action="catalog.rollback")
    _commit_published(db)
    return row


def _exists(db: Session, kind: str, object_id: str) -> bool:
    return store.latest_row(db, kind, object_id) is not None or store.get_draft(db, kind, object_id) is not None


def clone(db: Session, kind: str, source_id: str, new_id: str, actor: User) -> CatalogDraft:
    """A draft copy of the latest published body under ``new_id`` (personas get a 副本 name suffix)."""
    ensure_author(actor)
    source = _latest(db, kind, source_id)
    if _exists(db, kind, new_id):
        raise AuthoringError([Problem("id", None, f"duplicate id {new_id!r}: that {kind} already exists")])
    body = replace_scalar(source.body, ("id",), new_id)
    if body is None:
        raise AuthoringError([Problem("id", None, "the source document has no id to replace")])
    if kind == "persona":
        doc = parse_cached(kind, source.body)
        for lang, suffix in zip(("zh", "en"), COPY_SUFFIX, strict=True):
            body = replace_scalar(body, ("name", lang), getattr(doc.name, lang) + suffix) or body  # type: ignore[attr-defined]
    draft = save_draft(db, kind, new_id, body, actor)
    audit.record(db, actor, "catalog.clone", kind, new_id,
                 after={"kind": kind, "object_id": new_id, "from": source_id, "version": source.version})
    db.commit()
    return draft


# -- export and import --------------------------------------------------------------------------------
def export_bundle(db: Session, items: list[tuple[str, str]] | None = None) -> bytes:
    """A zip of the latest published YAML, laid out like the repository (all objects when ``items`` is None)."""
    if items is None:
        rows = store.latest_rows(db)
    else:
        rows = [_latest(db, kind, object_id) for kind, object_id in items]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for row in rows:
            zf.writestr(path_of(row.kind, row.object_id), row.body)
    return buf.getvalue()


def _bundle_files(filename: str, data: bytes) -> list[tuple[str, bytes]]:
    if not data:
        raise AuthoringError([Problem("file", None, "the upload is empty")])
    if len(data) > MAX_IMPORT_BYTES:
        raise AuthoringError([Problem("file", None, f"larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")])
    name = PurePosixPath(filename or "upload.yaml").name
    if name.lower().endswith((".yaml", ".yml")):
        return [(name, data)]
    if not name.lower().endswith(".zip"):
        raise AuthoringError([Problem("file", None, "expected a .yaml file or a .zip of YAML files")])
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except zipfile.BadZipFile as exc:
        raise AuthoringError([Problem("file", None, "not a readable zip file")]) from exc
    if not infos:
        raise AuthoringError([Problem("file", None, "the zip holds no files")])
    if len(infos) > MAX_IMPORT_FILES:
        raise AuthoringError([Problem("file", None, f"more than {MAX_IMPORT_FILES} files")])
    if sum(i.file_size for i in infos) > MAX_IMPORT_UNZIPPED:
        raise AuthoringError([Problem("file", None, "the files are too large once unzipped")])
    problems = [Problem(i.filename, None, "not a .yaml file") for i in infos
                if not i.filename.lower().endswith((".yaml", ".yml"))]
    problems += [Problem(i.filename, None, f"larger than {MAX_BODY_BYTES // 1024} KB") for i in infos
                 if i.file_size > MAX_BODY_BYTES]
    if problems:
        raise AuthoringError(problems)
    return [(i.filename, zf.read(i)) for i in infos]


def import_bundle(db: Session, filename: str, data: bytes, actor: User) -> list[CatalogVersion]:
    """Publish every document of one .yaml or a .zip (source ``import``), all or nothing; unchanged
    documents are skipped. Problems name the file, the field and the line."""
    ensure_author(actor)
    parsed: list[tuple[str, str, str, BaseModel]] = []  # (file, kind, body, doc)
    problems: list[Problem] = []
    for name, raw in _bundle_files(filename, data):
        try:
            body = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(name, None, "not UTF-8 text"))
            continue
        kind = kind_of(body)
        if kind is None:
            problems.append(Problem(f"{name}: spec", line_of(compose(body), ("spec",)),
                                    "missing or unknown spec (collector-sim/persona, …/scenario, …/rubric, …)"))
            continue
        try:
            doc = parse_cached(kind, body)
        except DocumentProblems as exc:
            problems += [Problem(f"{name}: {p.field}", p.line, p.message) for p in exc.problems]
            continue
        parsed.append((name, kind, body, doc))
    seen: dict[tuple[str, str], str] = {}
    for name, kind, _body, doc in parsed:
        key = (kind, str(getattr(doc, "id", "")))
        if key in seen:
            problems.append(Problem(f"{name}: id", None, f"duplicate {kind} id {key[1]!r} (also in {seen[key]})"))
        seen[key] = name
    catalog = build_catalog(db)  # the bundle may reference its own documents
    for _name, kind, _body, doc in parsed:
        getattr(catalog, ATTRS[kind])[str(getattr(doc, "id", ""))] = doc
    for name, kind, body, doc in parsed:
        problems += [Problem(f"{name}: {p.field}", p.line, p.message) for p in cross_ref_problems(kind, doc, catalog, body)]
    if problems:
        raise AuthoringError(problems)
    created = []
    for name, kind, body, doc in parsed:
        object_id = str(getattr(doc, "id", ""))
        latest = store.latest_row(db, kind, object_id)
        if latest is not None and latest.content_hash == content_hash(body):
            continue
        created.append(_publish_body(db, kind, object_id, body, actor, source="import",
                                     note=f"imported from {PurePosixPath(filename).name}: {name}",
                                     action="catalog.import"))
    _commit_published(db)
    return created


# -- scenario → cohort assignment -------------------------------------------------------------------------
def scenario_cohorts(db: Session, scenario_id: str) -> list[int]:
    return [a.cohort_id for a in store.assignments(db, scenario_id)]


def assign_scenario(db: Session, scenario_id: str, cohort_ids: list[int], actor: User) -> None:
    """Offer the scenario to exactly these cohorts (an empty list: to every trainee)."""
    ensure_author(actor)
    _latest(db, "scenario", scenario_id)
    wanted = sorted(set(cohort_ids))
    # A trainer assigns only to the cohorts they coach (others' cohorts look unknown, so their ids do not
    # leak) and never removes an assignment another author made to a cohort they do not coach.
    coached = cohort_service.visible_ids(db, actor)
    unknown = [cid for cid in wanted if (coached is not None and cid not in coached)
               or repo.get_cohort(session=db, cohort_id=cid) is None]
    if unknown:
        raise InvalidInput(f"cohort_ids: unknown cohort {', '.join(map(str, unknown))}", field="cohort_ids")
    current = store.assignments(db, scenario_id)
    before = [a.cohort_id for a in current]
    for row in current:
        if row.cohort_id not in wanted and (coached is None or row.cohort_id in coached):
            db.delete(row)
    for cid in wanted:
        if cid not in before:
            db.add(ScenarioAssignment(scenario_id=scenario_id, cohort_id=cid, created_by=actor.id))
    after = sorted(set(wanted) | {cid for cid in before if coached is not None and cid not in coached})
    audit.record(db, actor, "scenario.assign", "scenario", scenario_id, before={"cohort_ids": before},
                 after={"cohort_ids": after})
    try:
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        raise Conflict("cohort_ids: changed by someone else at the same moment; reload and try again") from exc


def model_of(kind: str) -> type[BaseModel]:
    """The pydantic model of a kind (for editors that build forms from it)."""
    return MODELS[_kind(kind)]


def body_view(db: Session, kind: str, object_id: str) -> BodyOut:
    """``current_body`` with whether it is the draft and the latest published version."""
    draft = store.get_draft(db, _kind(kind), object_id)
    latest = store.latest_row(db, kind, object_id)
    if draft is None and latest is None:
        raise NotFound(f"object_id: no {kind} {object_id!r}", field="object_id")
    return BodyOut(kind=kind, object_id=object_id, body=draft.body if draft else latest.body,  # type: ignore[union-attr]
                   is_draft=draft is not None, version=latest.version if latest else None)


def parse_items(items: list[str]) -> list[tuple[str, str]]:
    """``["persona:provocative", …]`` → ``[("persona", "provocative"), …]`` (the export query)."""
    out = []
    for item in items:
        kind, sep, object_id = item.partition(":")
        if not sep or not object_id:
            raise InvalidInput(f"item: {item!r} must be kind:object_id", field="item")
        out.append((_kind(kind), object_id))
    return out
