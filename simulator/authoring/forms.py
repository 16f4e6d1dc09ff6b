"""Helpers shared by the persona and scenario editor forms: plain form fields ↔ document dicts ↔ YAML.

The editor pages post ordinary HTML forms (they work without JavaScript). A form is turned into the
document dict on top of the stored document, so fields the form does not show (``extensions``) survive;
the dict is validated by the same pydantic model the catalog uses and dumped with ``yaml.safe_dump``.
Values are kept as the strings the author typed until validation, so an invalid form comes back as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ValidationError

from simulator.catalog.loader import read_yaml, validation_problems

MAX_ROWS = 400  # reactions, contact records, objectives: more than any card needs
MAX_LINES = 200  # lines in one intent × mood of an utterance bank


class FormData(Protocol):
    """What both ``starlette.datastructures.FormData`` and a test's MultiDict offer."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


def text(form: FormData, key: str) -> str:
    value = form.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, key: str, limit: int = MAX_ROWS) -> list[str]:
    """Every value posted under a repeated name, in page order (table columns, bank lines)."""
    return [v.strip() if isinstance(v, str) else "" for v in form.getlist(key)][:limit]


def lines_of(value: str) -> list[str]:
    """A textarea with one item per line (coping techniques, what moves the debtor)."""
    return [ln.strip() for ln in value.splitlines() if ln.strip()]


def words_of(value: str) -> list[str]:
    """Comma-, space- or 、-separated words (tags, stages)."""
    return [w for w in re.split(r"[\s,,、;;]+", value) if w]


def put(doc: dict[str, Any], path: str, value: Any, *, optional: bool = False) -> None:
    """Set ``a.b.c`` in ``doc``; an optional field left blank is removed rather than set to ''."""
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if optional and value in ("", None, []):
        node.pop(last, None)
    else:
        node[last] = value


def get(doc: Mapping[str, Any], path: str, default: Any = "") -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return default if node is None else node


def flag(form: FormData, key: str) -> bool:
    return text(form, key) in ("on", "true", "1", "yes")


def dump_yaml(data: Mapping[str, Any]) -> str:
    """The body stored for a document: block style, Chinese kept readable, field order kept."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


def canonical(model: BaseModel) -> dict[str, Any]:
    """The document as stored: unset optional fields left out, so the YAML stays as short as authored."""
    return model.model_dump(mode="json", exclude_none=True)


def load_mapping(body: str) -> dict[str, Any]:
    """The stored body as a dict (the base a form is applied to); a body that is not a mapping gives {}."""
    try:
        data = read_yaml(body)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def normalise_field(field: str) -> str:
    """``reactions[3].delta.anger`` and ``reactions.3.delta.anger`` name the same cell."""
    return re.sub(r"\[(\d+)\]", r".\1", field).strip(".")


def marked(fields: Iterable[str]) -> set[str]:
    """Every prefix of every field with a problem: ``reactions.3.delta`` marks row 3 and its cell."""
    out: set[str] = set()
    for field in fields:
        parts = normalise_field(field).split(".")
        out |= {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
    return out


class FieldProblem(tuple):
    """A form's ``(field, message)`` pair, unpacked as it always was, that also carries the problem's type
    and values so the page can say it in the reader's language (issue 20)."""

    code: str | None
    values: dict[str, Any]

    def __new__(cls, field: str, message: str, code: str | None = None, values: dict[str, Any] | None = None):
        pair = super().__new__(cls, (field, message))
        pair.code, pair.values = code, dict(values or {})
        return pair


def validate(model: type[BaseModel], doc: Mapping[str, Any]) -> tuple[BaseModel | None, list[tuple[str, str]]]:
    """(the model, []) or (None, [(field, message), …]) with fields in dotted form."""
    try:
        return model.model_validate(dict(doc)), []
    except ValidationError as exc:
        problems: list[tuple[str, str]] = []
        for problem, error in zip(validation_problems(exc), exc.errors(), strict=True):
            field, _, message = problem.partition(": ")
            values = {k: v if isinstance(v, int | float) else str(v) for k, v in (error.get("ctx") or {}).items()}
            problems.append(FieldProblem(normalise_field(field), message, error["type"], values))
        return None, problems


def shown(value: Any) -> str:
    """A document value as a form field shows it (a checkbox's bool as "on" or "")."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


def scalar_values(doc: Mapping[str, Any], scalars: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The form's text per scalar field path: lines one per line, words comma-separated, groups as
    ``a | b`` lines; everything else as is."""
    values: dict[str, str] = {}
    for path, kind in scalars:
        value = get(doc, path, "")
        if kind in ("lines", "optional_lines") and isinstance(value, list):
            values[path] = "\n".join(map(shown, value))
        elif kind == "words" and isinstance(value, list):
            values[path] = ", ".join(map(shown, value))
        elif kind == "groups" and isinstance(value, list):
            values[path] = "\n".join(" | ".join(map(shown, g)) if isinstance(g, list) else shown(g) for g in value)
        else:
            values[path] = shown(value)
    return values


def body_of(model: type[BaseModel], doc: Mapping[str, Any]) -> tuple[str | None, list[tuple[str, str]]]:
    """(the canonical YAML body, []) when ``doc`` is a valid ``model``, else (None, problems naming fields)."""
    parsed, problems = validate(model, doc)
    return (dump_yaml(canonical(parsed)) if parsed is not None else None), problems
