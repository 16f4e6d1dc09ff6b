"""The rubric and rule-pack editors (issue 5, item 3): load a document for its form, save a draft or
publish it, and test a collector line against an unsaved rule-pack draft.

Storage, versions and validation are ``authoring/service.py``; the form ↔ document conversion is
``authoring/rubric_form.py``. A form that does not validate comes back as typed, with each problem
next to its field; nothing is stored until it validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from simulator.authoring import rubric_form
from simulator.authoring import rule_tester as rule_test
from simulator.authoring import service as authoring
from simulator.authoring.forms import FormData, dump_yaml, load_mapping, text
from simulator.authoring.schemas import RuleTestResult
from simulator.authoring.views import ShownProblem, shown
from simulator.catalog.loader import Catalog
from simulator.core.errors import InvalidInput, NotFound
from simulator.db import catalog_versions as store
from simulator.db.models import User

KINDS = ("rubric", "rule_pack")
PAGES = {"rubric": "rubrics", "rule_pack": "rules"}  # the URL segment of each kind's editor
ACTIONS = ("save", "publish", "discard")


@dataclass
class EditorView:
    kind: str
    object_id: str
    body: str  # the YAML tab
    form: dict[str, Any]  # rubric_form.rubric_view / pack_view
    has_draft: bool
    version: int | None  # the latest published version
    awaiting_approval: bool = False  # the draft changes pass rules and waits for HR or an admin
    rule_packs: list[str] = field(default_factory=list)
    problems: list[ShownProblem] = field(default_factory=list)
    mode: str = "form"  # which tab the author was on


def overview(db: Session, user: User) -> dict[str, list]:
    authoring.ensure_author(user)
    return {"rubrics": authoring.list_objects(db, "rubric"), "rule_packs": authoring.list_objects(db, "rule_pack")}


def _summary(db: Session, kind: str, object_id: str):
    found = next((s for s in authoring.list_objects(db, kind) if s.object_id == object_id), None)
    if found is None:
        raise NotFound(f"object_id: no {kind} {object_id!r}", field="object_id")
    return found


def _view(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    return rubric_form.rubric_view(doc) if kind == "rubric" else rubric_form.pack_view(doc)


def load(db: Session, catalog: Catalog, user: User, kind: str, object_id: str) -> EditorView:
    """The document as the editor shows it: the draft when there is one, else the latest version."""
    authoring.ensure_author(user)
    summary = _summary(db, kind, object_id)
    body = authoring.current_body(db, kind, object_id)
    draft = store.get_draft(db, kind, object_id)
    return EditorView(kind=kind, object_id=object_id, body=body, form=_view(kind, load_mapping(body)),
                      has_draft=summary.has_draft, version=summary.latest_version,
                      rule_packs=sorted(catalog.rule_packs),
                      awaiting_approval=bool(draft and draft.approval_requested_at))


def draft_body(db: Session, kind: str, object_id: str, form: FormData) -> tuple[str, dict[str, Any], list]:
    """(the body the form describes, the document dict, problems) — the YAML tab's text as posted,
    or the form applied on top of the current body."""
    if text(form, "mode") == "yaml":
        body = form.get("body", "")
        body = body if isinstance(body, str) else ""
        return body, load_mapping(body), []
    base = load_mapping(authoring.current_body(db, kind, object_id))
    doc = rubric_form.rubric_from_form(base, form) if kind == "rubric" else rubric_form.pack_from_form(base, form)
    body, problems = rubric_form.to_body(kind, doc)
    return (body if body is not None else dump_yaml(doc)), doc, problems


def submit(db: Session, catalog: Catalog, user: User, kind: str, object_id: str, form: FormData) -> EditorView | str:
    """Save the draft, publish it, or discard it. Returns the URL to go to, or the view with problems."""
    authoring.ensure_author(user)
    action = text(form, "action")
    if action not in ACTIONS:
        raise InvalidInput(f"action: one of {', '.join(ACTIONS)}", field="action")
    page = f"/trainer/{PAGES[kind]}/{object_id}/edit"
    if action == "discard":
        authoring.discard_draft(db, kind, object_id, user)
        return page + "?discarded=1"
    view = load(db, catalog, user, kind, object_id)
    body, doc, problems = draft_body(db, kind, object_id, form)
    mode = "yaml" if text(form, "mode") == "yaml" else "form"
    try:
        if problems:
            raise authoring.AuthoringError([authoring.Problem(f, None, m) for f, m in problems])
        authoring.save_draft(db, kind, object_id, body, user)
        if action == "publish":
            try:
                row = authoring.publish(db, kind, object_id, user, note=text(form, "note")[:500])
            except authoring.ApprovalPending:
                return page + "?pending=1"  # held for HR or an admin: the page says so
            return page + f"?published={row.version}"
    except authoring.AuthoringError as exc:
        view.problems = shown(exc.problems)
        view.body, view.form, view.mode = body, _view(kind, doc), mode
        view.has_draft = _summary(db, kind, object_id).has_draft
        return view
    return page + "?saved=1"


def test_draft(db: Session, catalog: Catalog, user: User, object_id: str, form: FormData, *,
               max_chars: int) -> RuleTestResult:
    """Test the line ``text`` against the rule pack as the editor's form (or YAML tab) now describes it."""
    authoring.ensure_author(user)
    body, _doc, problems = draft_body(db, "rule_pack", object_id, form)
    if problems:
        raise authoring.AuthoringError([authoring.Problem(f, None, m) for f, m in problems])
    return rule_test.check_line(catalog, user, form.get("text", ""), max_chars=max_chars, draft=body)
