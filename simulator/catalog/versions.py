"""Catalog documents as stored versions: the five kinds, parsing a body with field- and line-level
problems, cross-references, and the import of the built-in files (issue 5, items 4 and 6).

A version is the YAML text exactly as published; parsed documents are cached by content hash, so the
same body is parsed once per process however many catalogs or sessions use it.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from simulator.catalog.loader import Catalog, CatalogError, read_yaml
from simulator.catalog.rubric import Rubric, RulePack
from simulator.catalog.schema import PersonaCard, Scenario, ThirdPartyCard
from simulator.catalog.yaml_lines import compose, line_of, parse_path

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KINDS = ("persona", "third_party", "scenario", "rubric", "rule_pack")
MODELS: dict[str, type[BaseModel]] = {
    "persona": PersonaCard, "third_party": ThirdPartyCard, "scenario": Scenario, "rubric": Rubric,
    "rule_pack": RulePack,
}
SPECS = {
    "collector-sim/persona": "persona", "collector-sim/third-party": "third_party",
    "collector-sim/scenario": "scenario", "collector-sim/rubric": "rubric", "collector-sim/rule-pack": "rule_pack",
}
# Where each kind lives in the repository (and in an export bundle).
FOLDERS = {"persona": "personas", "third_party": "personas", "scenario": "personas/scenarios",
           "rubric": "rubrics", "rule_pack": "rubrics/rules"}
ATTRS = {"persona": "personas", "third_party": "third_parties", "scenario": "scenarios", "rubric": "rubrics",
         "rule_pack": "rule_packs"}


@dataclass
class Problem:
    """One thing wrong with a body: the field path, its 1-based line in the YAML (when known), why."""

    field: str
    line: int | None
    message: str  # English, for the API and the logs
    code: str | None = None  # what went wrong, for the pages to say in the reader's language (issue 20)
    values: dict[str, Any] | None = None  # the numbers and choices the message names

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "message": self.message}


class DocumentProblems(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def path_of(kind: str, object_id: str) -> str:
    return f"{FOLDERS[kind]}/{object_id}.yaml"


def format_path(loc: Iterable[str | int]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(document)"


def kind_of(text: str) -> str | None:
    """The kind a body declares with its ``spec:`` line, or None."""
    match = re.search(r"^spec:\s*[\"']?([\w/.-]+)", text, re.MULTILINE)
    return SPECS.get(match.group(1)) if match else None


# -- parsing with problems ------------------------------------------------------------------------
_NAMED = re.compile(r"^([A-Za-z_][\w]*(?:\.[\w]+|\[\d+\])*): (.+)$", re.DOTALL)
_EMPTY_LINE = re.compile(r"^(bank(?:\.[\w]+|\[\d+\])+) is empty$")
_MISSING_INTENTS = re.compile(r"required intents: ([\w]+)")
_UNKNOWN_INTENT = re.compile(r"^unknown intent '([\w]+)'")


def _refine(loc: tuple, msg: str) -> tuple[tuple, str]:
    """Validators name a deeper field in their message ("reactions[3].on: unknown move"): use it."""
    named = _NAMED.match(msg)
    if named:
        sub = parse_path(named.group(1))
        if not loc:
            return sub, named.group(2)
        if sub and sub[0] == loc[-1]:
            return loc[:-1] + sub, named.group(2)
    empty = _EMPTY_LINE.match(msg)
    if empty:
        return parse_path(empty.group(1)), "empty line"
    for pattern in (_MISSING_INTENTS, _UNKNOWN_INTENT):
        found = pattern.search(msg)
        if found and loc == ("bank",):
            return ("bank", found.group(1)), msg
    return loc, msg


def field_problems(exc: ValidationError, root: yaml.Node | None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc, msg = _refine(tuple(error["loc"]), str(error["msg"]).removeprefix("Value error, "))
        values = {k: v if isinstance(v, int | float) else str(v) for k, v in (error.get("ctx") or {}).items()}
        problems.append(Problem(format_path(loc), line_of(root, loc), msg, code=error["type"], values=values))
    return problems


def parse_problems(kind: str, body: str) -> BaseModel:
    """Parse ``body`` as ``kind``; raise DocumentProblems (syntax errors with their line, field errors
    with the field path and the line of that field)."""
    if kind not in MODELS:
        raise DocumentProblems([Problem("kind", None, f"unknown kind {kind!r}; known: {', '.join(KINDS)}")])
    if not body.strip():
        raise DocumentProblems([Problem("(document)", None, "the document is empty")])
    try:
        data = read_yaml(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DocumentProblems([Problem("(document)", mark.line + 1 if mark else None,
                                        f"YAML syntax error: {getattr(exc, 'problem', None) or exc}")]) from exc
    if not isinstance(data, dict):
        raise DocumentProblems([Problem("(document)", 1, "expected a mapping at the top level")])
    alias = _first_alias(body) if "*" in body else None
    if alias is not None:  # an alias repeats a whole subtree: a small body could expand to millions of lines
        raise DocumentProblems([Problem("(document)", alias, "YAML aliases (*name) are not allowed; write it out")])
    try:
        return MODELS[kind].model_validate(data)
    except ValidationError as exc:
        raise DocumentProblems(field_problems(exc, compose(body))) from exc


def _first_alias(body: str) -> int | None:
    for event in yaml.parse(body, Loader=_YamlLoader):  # noqa: S506 - a safe loader
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def cross_ref_problems(kind: str, doc: BaseModel, catalog: Catalog, body: str | None = None) -> list[Problem]:
    """References to other objects that ``catalog`` does not hold (scenario → persona and third-party
    card, rubric → rule pack)."""
    root = compose(body) if body is not None else None
    problems: list[Problem] = []
    if isinstance(doc, Scenario):
        if doc.persona not in catalog.personas:
            problems.append(Problem("persona", line_of(root, ("persona",)), f"unknown persona id {doc.persona!r}"))
        if doc.third_party and doc.third_party.card not in catalog.third_parties:
            loc = ("third_party", "card")
            problems.append(Problem(format_path(loc), line_of(root, loc),
                                    f"unknown third-party card {doc.third_party.card!r}"))
    if isinstance(doc, Rubric) and doc.rule_pack not in catalog.rule_packs:
        problems.append(Problem("rule_pack", line_of(root, ("rule_pack",)), f"unknown rule pack {doc.rule_pack!r}"))
    return problems


# -- the parse cache --------------------------------------------------------------------------------
_CACHE_SIZE = 1024
_parsed: OrderedDict[tuple[str, str], BaseModel] = OrderedDict()
_parsed_lock = Lock()


def parse_cached(kind: str, body: str, digest: str | None = None) -> BaseModel:
    """``parse_problems`` once per (kind, content hash) per process; the models are never mutated."""
    key = (kind, digest or content_hash(body))
    with _parsed_lock:
        doc = _parsed.get(key)
        if doc is not None:
            _parsed.move_to_end(key)
            return doc
    doc = parse_problems(kind, body)
    with _parsed_lock:
        _parsed[key] = doc
        while len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    return doc


def with_version(kind: str, doc: BaseModel, version: int) -> BaseModel:
    """Rubrics and rule packs carry the published version, so grades record ``default@<version>``."""
    if kind in ("rubric", "rule_pack") and getattr(doc, "version", None) != version:
        return doc.model_copy(update={"version": version})
    return doc


# -- the built-in files -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Builtin:
    kind: str
    object_id: str
    body: str
    path: Path


def builtin_documents(personas_dir: Path, rubrics_dir: Path) -> list[Builtin]:
    """Every file of the repository's catalog, parsed and cross-checked (CatalogError names the file)."""
    paths = [*sorted(personas_dir.glob("*.yaml")), *sorted((personas_dir / "scenarios").glob("*.yaml")),
             *sorted((rubrics_dir / "rules").glob("*.yaml")), *sorted(rubrics_dir.glob("*.yaml"))]
    found: list[tuple[Builtin, BaseModel]] = []
    catalog = Catalog()
    for path in paths:
        body = path.read_text(encoding="utf-8")
        kind = kind_of(body)
        if kind is None:
            raise CatalogError(path, ["spec: missing or unknown document kind"])
        try:
            doc = parse_cached(kind, body)
        except DocumentProblems as exc:
            raise CatalogError(path, [f"{p.field}: {p.message}" + (f" (line {p.line})" if p.line else "")
                                      for p in exc.problems]) from exc
        object_id = str(doc.id)
        table = getattr(catalog, ATTRS[kind])
        if object_id in table:
            raise CatalogError(path, [f"id: duplicate id {object_id!r}"])
        table[object_id] = doc
        found.append((Builtin(kind, object_id, body, path), doc))
    for builtin, doc in found:
        problems = cross_ref_problems(builtin.kind, doc, catalog)
        if builtin.kind == "scenario" and builtin.object_id != builtin.path.stem:
            problems.append(Problem("id", None, f"{builtin.object_id!r} must match the file name"))
        if problems:
            raise CatalogError(builtin.path, [f"{p.field}: {p.message}" for p in problems])
    return [b for b, _ in found]




@dataclass
class VersionedCatalog(Catalog):
    """A Catalog built from published versions: the version of each object, the newest version row id
    it reflects, and the parsed older versions running sessions still play (shared between rebuilds)."""

    versions: dict[tuple[str, str], int] = field(default_factory=dict)
    max_id: int | None = None
    pinned: dict[tuple[str, str, int], BaseModel] = field(default_factory=dict)


def live_version(catalog: Catalog, kind: str, object_id: str) -> int | None:
    """The published version ``catalog`` holds of an object (None for a catalog loaded from files)."""
    return getattr(catalog, "versions", {}).get((kind, object_id))
