"""What the authoring pages show around the documents: problems by field, the YAML with its bad lines,
a coloured diff, versions with their authors' names, and the preview's choice of context.

The catalog itself (drafts, versions, publishing) is ``authoring/service.py``; this module only shapes
its results for the templates, so the route modules stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from simulator.authoring.forms import marked, normalise_field
from simulator.catalog.loader import Catalog
from simulator.core.errors import InvalidInput
from simulator.db import repository as repo

MAX_BODY_CHARS = 300_000  # the largest built-in card is ~12 kB
STAGES = ("M1", "M2", "M3", "M4")
SOURCES = ("builtin", "authored", "import", "rollback")


class FormProblems(InvalidInput):
    """A form that does not make a valid document: (field, message) pairs, as ``AuthoringError`` has."""

    def __init__(self, detail: str, problems: list[tuple[str, str]]) -> None:
        super().__init__(detail)
        self.problems = problems


@dataclass(frozen=True)
class ShownProblem:
    field: str  # dotted: reactions.3.delta.anger
    line: int | None
    message: str
    code: str | None = None  # a validation error's type: the page says it in the reader's language
    values: dict[str, Any] | None = None


def shown(problems: list[Any]) -> list[ShownProblem]:
    """Problems from ``AuthoringError`` (objects with field/line/message) or the forms' (field, message) pairs."""
    out = []
    for p in problems:
        if isinstance(p, tuple):
            out.append(ShownProblem(field=normalise_field(p[0]), line=None, message=p[1],
                                    code=getattr(p, "code", None), values=getattr(p, "values", None)))
        else:
            out.append(ShownProblem(field=normalise_field(p.field), line=p.line, message=p.message,
                                    code=getattr(p, "code", None), values=getattr(p, "values", None)))
    return out


def problem_context(problems: list[ShownProblem]) -> dict[str, Any]:
    """``problems`` for the list at the top, ``bad`` to mark inputs, ``errors`` for messages beside fields."""
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.field, []).append(p.message)
    return {"problems": problems, "bad": marked(p.field for p in problems), "errors": errors}


def yaml_lines(body: str, problems: list[ShownProblem]) -> list[dict[str, Any]]:
    """The body with line numbers, problem lines flagged (shown under the YAML editor after an error)."""
    bad = {p.line: p.message for p in problems if p.line}
    return [{"n": n, "text": text, "problem": bad.get(n)} for n, text in enumerate(body.splitlines(), start=1)]


def diff_rows(diff: str) -> list[dict[str, str]]:
    """A unified diff as rows with a class each: added, removed, hunk, file, context."""
    rows = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            cls = "file"
        elif line.startswith("@@"):
            cls = "hunk"
        elif line.startswith("+"):
            cls = "added"
        elif line.startswith("-"):
            cls = "removed"
        else:
            cls = "context"
        rows.append({"cls": cls, "text": line})
    return rows


def user_names(db: Session, ids: set[int | None]) -> dict[int, str]:
    names = {}
    for uid in ids:
        if uid is not None:
            user = repo.get_user(session=db, user_id=uid)
            if user is not None:
                names[uid] = user.display_name or user.username
    return names


def preview_contexts(catalog: Catalog, lang: str) -> list[dict[str, str]]:
    """The preview's context choices: a stage (with a borrowed case file), or an existing scenario."""
    options = [{"value": f"stage:{s}", "label": s, "group": "stage"} for s in STAGES]
    for sc in sorted(catalog.scenarios.values(), key=lambda s: s.id):
        title = sc.title.zh if lang == "zh" else sc.title.en
        options.append({"value": f"scenario:{sc.id}", "label": f"{sc.id} · {title}", "group": "scenario"})
    return options


def split_context(value: str) -> tuple[str, str]:
    """``stage:M3`` → ("M3", ""); ``scenario:victim-m1`` → ("", "victim-m1"); anything else is M1."""
    kind, _, rest = value.partition(":")
    if kind == "scenario" and rest:
        return "", rest
    if kind == "stage" and rest:
        return rest, ""
    return "M1", ""


def kind_labels(catalog: Catalog, kind: str) -> dict[str, tuple[str, str]]:
    """What kind of object each published id is: a persona's archetype (named on the page through the
    ``archetype`` labels), a scenario's persona and stage."""
    if kind == "persona":
        return {pid: (p.archetype, p.archetype) for pid, p in catalog.personas.items()}
    return {sid: ("", f"{s.persona} · {s.stage} · {s.difficulty}") for sid, s in catalog.scenarios.items()}
