"""Certification programmes: HR creates and edits them; every edit is validated and bumps the version.

Validation is the pure ``certification.spec`` plus a cross-check against the loaded catalog, and
its errors name the field (``requirements.2.min_overall``) for both the API and the browser form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.certification.rules.spec import (
    STAGES,
    ProgrammeSpec,
    SpecError,
    check_against,
    parse_programme,
)
from simulator.certification.rules.templates import TEMPLATES, template
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from simulator.db import catalog_versions as store
from simulator.db import repository as repo
from simulator.db.models import Programme, ProgrammePublic, User, utcnow
from simulator.web.i18n import N_, label

MANAGE = ("hr", "admin")
VIEW = ("hr", "admin", "trainer")
REQ_FIELDS = ("id", "label", "archetype", "scenario", "difficulty", "stage", "min_overall", "min_dimensions",
              "min_attempts", "no_critical", "window_days", "exam")


class ProgrammeInvalid(InvalidInput):
    """Every problem of a programme document, each naming its field."""

    def __init__(self, error: SpecError) -> None:
        super().__init__(str(error), field=error.problems[0][0] if error.problems else None)
        self.problems = error.problems


def _ensure(user: User, roles: tuple[str, ...]) -> None:
    if user.role not in roles:
        raise Forbidden("role: this needs the role " + " or ".join(roles))


def spec_of(programme: Programme) -> ProgrammeSpec:
    """The stored programme as a validated spec (stored documents were validated when saved)."""
    return ProgrammeSpec.model_validate({
        "name": programme.name, "description": programme.description, "rubric": programme.rubric,
        "validity_days": programme.validity_days, "active": programme.active,
        "assessment": programme.assessment, "rubric_version": programme.rubric_version,
        "rule_pack_version": programme.rule_pack_version, "requirements": programme.requirements})


def validate(catalog: Catalog, data: Mapping[str, Any]) -> ProgrammeSpec:
    try:
        spec = parse_programme(dict(data))
        check_against(spec, rubrics={r.id: [d.id for d in r.dimensions] for r in catalog.rubrics.values()},
                      archetypes={p.archetype for p in catalog.personas.values()}, scenarios=catalog.scenarios)
    except SpecError as exc:
        raise ProgrammeInvalid(exc) from exc
    return spec


def list_programmes(db: Session, user: User) -> list[ProgrammePublic]:
    _ensure(user, VIEW)
    return [ProgrammePublic.model_validate(p) for p in repo.list_programmes(session=db)]


def get_programme(db: Session, user: User, programme_id: int) -> Programme:
    _ensure(user, VIEW)
    programme = repo.get_programme(session=db, programme_id=programme_id)
    if programme is None:
        raise NotFound(f"programme_id: unknown programme {programme_id}", field="programme_id")
    return programme


def _apply(programme: Programme, spec: ProgrammeSpec) -> None:
    programme.name = spec.name.strip()
    programme.description = spec.description.strip()
    programme.rubric = spec.rubric
    programme.validity_days = spec.validity_days
    programme.active = spec.active
    programme.assessment = spec.assessment
    programme.rubric_version = spec.rubric_version
    programme.rule_pack_version = spec.rule_pack_version
    programme.requirements = [r.model_dump() for r in spec.requirements]


def _check_pins(db: Session, catalog: Catalog, spec: ProgrammeSpec) -> None:
    """A pinned version must exist: a pin to nothing would quietly stop every certificate."""
    rubric = catalog.rubric(spec.rubric)
    problems = []
    for field, kind, object_id, version in (("rubric_version", "rubric", spec.rubric, spec.rubric_version),
                                            ("rule_pack_version", "rule_pack", rubric.rule_pack if rubric else "",
                                             spec.rule_pack_version)):
        if version is not None and store.version_row(db, kind, object_id, version) is None:
            problems.append((field, f"{kind} {object_id!r} has no version {version}"))
    if problems:
        raise ProgrammeInvalid(SpecError(problems))


def create_programme(db: Session, catalog: Catalog, user: User, data: Mapping[str, Any]) -> Programme:
    _ensure(user, MANAGE)
    spec = validate(catalog, data)
    _check_pins(db, catalog, spec)
    if repo.get_programme_by_name(session=db, name=spec.name.strip()):
        raise Conflict(f"name: a programme named {spec.name!r} already exists", field="name")
    programme = Programme(name=spec.name, updated_by=user.id)
    _apply(programme, spec)
    repo.add_programme(session=db, programme=programme)
    db.commit()
    return programme


# The templates' names and descriptions in the reader's language (a programme made from one keeps the
# Chinese it was created with: it is HR's to rename).
TEMPLATE_WORDS = {
    "gbt45251-pre-job": (N_("tpl_pre_job_name"), N_("tpl_pre_job_description")),
    "gbt45251-annual": (N_("tpl_annual_name"), N_("tpl_annual_description")),
}


def templates() -> list[dict[str, Any]]:
    """The programme templates HR can start from (GB/T 45251 pre-job and annual assessments)."""
    out = []
    for template_id in TEMPLATES:
        doc = template(template_id)
        assert doc is not None
        about = TEMPLATE_WORDS.get(template_id)
        out.append({"id": template_id, "name": doc["name"], "description": doc["description"], "about": about,
                    "assessment": doc["assessment"], "requirements": len(doc["requirements"])})
    return out


def create_from_template(db: Session, catalog: Catalog, user: User, template_id: str) -> Programme:
    """A new programme from a template; HR edits it like any other."""
    _ensure(user, MANAGE)
    doc = template(template_id)
    if doc is None:
        raise InvalidInput(f"template: unknown template {template_id!r}", field="template")
    # An assessment for an audit rests on named versions: pin the live ones (HR re-pins after a change).
    live = form_options(catalog, "zh")["live_versions"]
    doc = {**doc, "rubric_version": live["rubric"], "rule_pack_version": live["rule_pack"]}
    if repo.get_programme_by_name(session=db, name=doc["name"]):
        raise Conflict(f"template: a programme named {doc['name']!r} already exists; edit that one", field="template")
    return create_programme(db, catalog, user, doc)


def update_programme(db: Session, catalog: Catalog, user: User, programme_id: int,
                     data: Mapping[str, Any]) -> Programme:
    """Replace the programme; the version goes up when anything changed (certificates keep theirs)."""
    _ensure(user, MANAGE)
    programme = get_programme(db, user, programme_id)
    spec = validate(catalog, data)
    _check_pins(db, catalog, spec)
    other = repo.get_programme_by_name(session=db, name=spec.name.strip())
    if other is not None and other.id != programme.id:
        raise Conflict(f"name: a programme named {spec.name!r} already exists", field="name")
    before = spec_of(programme).model_dump()
    _apply(programme, spec)
    if spec_of(programme).model_dump() != before:
        programme.version += 1
        programme.updated_at = utcnow()
        programme.updated_by = user.id
    db.add(programme)
    db.commit()
    return programme


def delete_programme(db: Session, user: User, programme_id: int) -> None:
    _ensure(user, MANAGE)
    programme = get_programme(db, user, programme_id)
    if repo.programme_in_use(session=db, programme_id=programme_id):
        raise Conflict("programme_id: cohorts or certificates use this programme; archive it instead (active=false)",
                       field="programme_id")
    repo.delete_programme(session=db, programme=programme)
    db.commit()


# -- the browser form: one row of inputs per requirement ----------------------------------------------
def _dims(text: str, aliases: Mapping[str, str] | None = None) -> dict[str, Any] | str:
    """``合法合规=80, 礼貌规范=70`` (or the ids, ``legality=80``) → {"legality": "80", …}: ``aliases`` maps a
    dimension's names to its id. Anything unparsable is returned as is, so the validator reports it on
    ``requirements.N.min_dimensions``."""
    out: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[,,;;\s]+", text))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            return text
        out[(aliases or {}).get(key.strip(), key.strip())] = value.strip()
    return out


def from_form(form: Mapping[str, str], rows: int, dimension_aliases: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Turn the programme form into a programme document; rows with no archetype and no scenario are dropped."""
    doc: dict[str, Any] = {
        "name": form.get("name", "").strip(), "description": form.get("description", "").strip(),
        "rubric": form.get("rubric", "default").strip() or "default",
        "validity_days": form.get("validity_days", "").strip() or None, "active": form.get("active") == "on",
        "assessment": form.get("assessment", "other").strip() or "other",
        "rubric_version": form.get("rubric_version", "").strip() or None,
        "rule_pack_version": form.get("rule_pack_version", "").strip() or None, "requirements": []}
    for i in range(rows):
        row = {f: form.get(f"r{i}_{f}", "").strip() for f in REQ_FIELDS}
        if not row["archetype"] and not row["scenario"]:
            continue
        req: dict[str, Any] = {k: v for k, v in row.items() if v and k not in ("no_critical", "min_dimensions", "exam")}
        req["no_critical"] = form.get(f"r{i}_no_critical") == "on"
        req["exam"] = form.get(f"r{i}_exam") == "on"
        if row["min_dimensions"]:
            req["min_dimensions"] = _dims(row["min_dimensions"], dimension_aliases)
        doc["requirements"].append(req)
    return doc


def form_options(catalog: Catalog, lang: str) -> dict[str, Any]:
    """Choices of the requirement table: archetypes, scenarios, stages, rubrics, and the live versions
    a programme could pin (shown next to the pin fields)."""
    # The archetype's own name: a cloned persona (物业费拖欠户, an evasive debtor) never renames the option.
    archetypes = {a: label("archetype", a, lang) for a in sorted({p.archetype for p in catalog.personas.values()})}
    scenarios = {s.id: getattr(s.title, lang) for s in catalog.scenarios.values()}
    rubric = catalog.rubric("default")
    live = {"rubric": rubric.version if rubric else None,
            "rule_pack": catalog.rule_packs[rubric.rule_pack].version if rubric and rubric.rule_pack in catalog.rule_packs
            else None}
    dimensions = {d.id: d.name.model_dump()[lang] for d in rubric.dimensions} if rubric else {}
    return {"archetypes": archetypes, "scenarios": scenarios, "stages": STAGES, "rubrics": sorted(catalog.rubrics),
            "live_versions": live, "dimension_names": dimensions}


def dimension_aliases(catalog: Catalog) -> dict[str, str]:
    """Every name a dimension is typed by in the programme form (Chinese, English, the id) → its id."""
    rubric = catalog.rubric("default")
    out: dict[str, str] = {}
    for d in rubric.dimensions if rubric else []:
        out |= {d.id: d.id, d.name.zh: d.id, d.name.en: d.id, d.name.en.lower(): d.id}
    return out
