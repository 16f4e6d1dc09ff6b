"""Load and cross-check the persona, third-party and scenario files.

Errors name the file and the field (``personas/scenarios/x.yaml: case_file.age: ...``) so an author
can fix a card without reading a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from simulator.catalog.rubric import Rubric, RulePack
from simulator.catalog.schema import PersonaCard, Scenario, ThirdPartyCard

M = TypeVar("M", bound=BaseModel)


class CatalogError(ValueError):
    """A persona or scenario file is malformed; ``str()`` is a one-line message naming file and field."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))


def _field_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(document)"


def validation_problems(exc: ValidationError) -> list[str]:
    problems = []
    for e in exc.errors():
        msg = str(e["msg"]).removeprefix("Value error, ")
        where = _field_path(e["loc"])
        # document-level validators name their field at the start of the message ("dimensions: …")
        if where == "(document)" and re.match(r"^[\w.\[\]]+: ", msg):
            problems.append(msg)
        else:
            problems.append(f"{where}: {msg}")
    return problems


# libyaml's loader when available: the catalog is ~30 files with large utterance banks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> object:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


def parse_document(text: str, model: type[M], origin: Path | str) -> M:
    """Parse YAML text into ``model``; raise CatalogError naming ``origin`` and the field."""
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CatalogError(origin, [f"{where}YAML syntax error: {getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(data, dict):
        raise CatalogError(origin, ["(document): expected a mapping at the top level"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(origin, validation_problems(exc)) from exc


def load_document(path: Path, model: type[M], text: str | None = None) -> M:
    return parse_document(path.read_text(encoding="utf-8") if text is None else text, model, path)


@dataclass
class Catalog:
    personas: dict[str, PersonaCard] = field(default_factory=dict)
    third_parties: dict[str, ThirdPartyCard] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    rule_packs: dict[str, RulePack] = field(default_factory=dict)

    def rubric(self, rubric_id: str = "default") -> Rubric | None:
        return self.rubrics.get(rubric_id)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)


_SPEC = re.compile(r"^spec:\s*[\"']?([\w/.-]+)", re.MULTILINE)


def _kind(text: str) -> str | None:
    match = _SPEC.search(text)
    return match.group(1) if match else None


def load_catalog(personas_dir: Path, rubrics_dir: Path | None = None) -> Catalog:
    """Load every card under ``personas_dir``, every scenario under ``personas_dir/scenarios`` and,
    when ``rubrics_dir`` is given, every rubric and rule pack under it.

    Raises CatalogError for the first malformed file, or for a broken cross-reference.
    """
    catalog = Catalog()
    if rubrics_dir is not None:
        _load_rubrics(catalog, rubrics_dir)
    for path in sorted(personas_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if _kind(text) == "collector-sim/third-party":
            tp = load_document(path, ThirdPartyCard, text)
            _check_id(path, tp.id, catalog.third_parties)
            catalog.third_parties[tp.id] = tp
        else:
            card = load_document(path, PersonaCard, text)
            _check_id(path, card.id, catalog.personas)
            catalog.personas[card.id] = card
    for path in sorted((personas_dir / "scenarios").glob("*.yaml")):
        sc = load_document(path, Scenario)
        _check_id(path, sc.id, catalog.scenarios)
        if sc.id != path.stem:
            raise CatalogError(path, [f"id: {sc.id!r} must match the file name {path.stem!r}"])
        if sc.persona not in catalog.personas:
            raise CatalogError(path, [f"persona: unknown persona id {sc.persona!r}"])
        if sc.third_party and sc.third_party.card not in catalog.third_parties:
            raise CatalogError(path, [f"third_party.card: unknown third-party card {sc.third_party.card!r}"])
        catalog.scenarios[sc.id] = sc
    return catalog


def _check_id(path: Path, ident: str, seen: dict) -> None:
    if ident in seen:
        raise CatalogError(path, [f"id: duplicate id {ident!r}"])


def _load_rubrics(catalog: Catalog, rubrics_dir: Path) -> None:
    for path in sorted((rubrics_dir / "rules").glob("*.yaml")):
        pack = load_document(path, RulePack)
        _check_id(path, pack.id, catalog.rule_packs)
        catalog.rule_packs[pack.id] = pack
    for path in sorted(rubrics_dir.glob("*.yaml")):
        rubric = load_document(path, Rubric)
        _check_id(path, rubric.id, catalog.rubrics)
        if rubric.rule_pack not in catalog.rule_packs:
            raise CatalogError(path, [f"rule_pack: unknown rule pack {rubric.rule_pack!r}"])
        catalog.rubrics[rubric.id] = rubric
    if "default" not in catalog.rubrics:
        raise CatalogError(rubrics_dir / "default.yaml", ["(document): the default rubric is missing"])
