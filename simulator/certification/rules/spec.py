"""What a programme demands: the requirement and programme shapes HR edits, validated strictly.

Errors carry the field path (``requirements.2.min_overall``) so the browser form and the API can
point at the cell that is wrong. Catalog-dependent checks (does the scenario exist?) need the
catalog, so they live in ``check_against`` and take plain sets, not the catalog object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

STAGES = ("M1", "M2", "M3", "M4")
# GB/T 45251-2025: training and assessment before the job, then at least once a year.
ASSESSMENTS = ("other", "pre_job", "annual")
_REQ_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class SpecError(ValueError):
    """Invalid programme; ``problems`` is a list of (field path, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))

    def by_field(self) -> dict[str, str]:
        return {f: m for f, m in self.problems}


class Requirement(BaseModel):
    """One line of a programme: which practice counts, and how well it must go."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="", max_length=40)
    label: str = Field(default="", max_length=80)
    archetype: str | None = Field(default=None, max_length=32)
    scenario: str | None = Field(default=None, max_length=80)
    difficulty: int | None = Field(default=None, ge=1, le=3)
    stage: str | None = None
    min_overall: int = Field(default=70, ge=0, le=100)
    min_dimensions: dict[str, int] = Field(default_factory=dict)
    min_attempts: int = Field(default=1, ge=1, le=20)  # qualifying attempts needed
    no_critical: bool = True  # a critical violation disqualifies the attempt whatever its score
    window_days: int | None = Field(default=None, ge=1, le=3650)  # only attempts this recent count
    exam: bool = False  # only exam attempts count (issue 21): "pass 2 exam calls at M3 with legality >= 90"

    @model_validator(mode="after")
    def _check(self) -> Requirement:
        if bool(self.archetype) == bool(self.scenario):
            raise ValueError("archetype: name exactly one of archetype or scenario")
        if self.stage is not None and self.stage not in STAGES:
            raise ValueError(f"stage: must be one of {', '.join(STAGES)}")
        for dim, floor in self.min_dimensions.items():
            if not 0 <= floor <= 100:
                raise ValueError(f"min_dimensions.{dim}: must be between 0 and 100")
        if self.id and not _REQ_ID.match(self.id):
            raise ValueError("id: lowercase letters, digits, - or _ (at most 40)")
        return self

    def target(self) -> str:
        return self.scenario or self.archetype or ""


class ProgrammeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=1000)
    rubric: str = Field(default="default", min_length=1, max_length=80)
    validity_days: int | None = Field(default=None, ge=1, le=3650)
    active: bool = True
    assessment: Literal["other", "pre_job", "annual"] = "other"
    # Pin the rubric and rule-pack versions certificates rely on (None: any version of the rubric id).
    rubric_version: int | None = Field(default=None, ge=1, le=100_000)
    rule_pack_version: int | None = Field(default=None, ge=1, le=100_000)
    requirements: list[Requirement] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _ids(self) -> ProgrammeSpec:
        seen: set[str] = set()
        for i, req in enumerate(self.requirements):
            if not req.id:
                base = re.sub(r"[^a-z0-9_-]", "-", req.target().lower())[:30] or "req"
                req.id = base if base not in seen else f"{base}-{i + 1}"
            if req.id in seen:
                raise ValueError(f"requirements.{i}.id: duplicate requirement id {req.id!r}")
            seen.add(req.id)
        return self


def _loc(loc: tuple, msg: str) -> tuple[str, str]:
    path = ".".join(str(p) for p in loc)
    # model validators name their own field at the start of the message ("stage: …")
    match = re.match(r"^(?:Value error, )?([\w.]+): (.*)$", msg)
    if match:
        sub, text = match.groups()
        if sub.startswith("requirements."):
            return sub, text
        return (f"{path}.{sub}" if path else sub), text
    return path or "programme", msg.removeprefix("Value error, ")


def parse_programme(data: dict[str, Any]) -> ProgrammeSpec:
    """Validate a programme document; raise SpecError naming every bad field."""
    try:
        return ProgrammeSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError([_loc(tuple(e["loc"]), str(e["msg"])) for e in exc.errors()]) from exc


def check_against(spec: ProgrammeSpec, *, rubrics: dict[str, Iterable[str]], archetypes: Iterable[str],
                  scenarios: Iterable[str]) -> None:
    """Cross-check names against the catalog: ``rubrics`` maps rubric id → its dimension ids."""
    problems: list[tuple[str, str]] = []
    if spec.rubric not in rubrics:
        problems.append(("rubric", f"unknown rubric {spec.rubric!r}"))
    dims = set(rubrics.get(spec.rubric, ()))
    known_arch, known_sc = set(archetypes), set(scenarios)
    for i, req in enumerate(spec.requirements):
        if req.archetype and req.archetype not in known_arch:
            problems.append((f"requirements.{i}.archetype", f"unknown archetype {req.archetype!r}"))
        if req.scenario and req.scenario not in known_sc:
            problems.append((f"requirements.{i}.scenario", f"unknown scenario {req.scenario!r}"))
        for dim in req.min_dimensions:
            if dims and dim not in dims:
                problems.append((f"requirements.{i}.min_dimensions", f"unknown dimension {dim!r}"))
    if problems:
        raise SpecError(problems)
