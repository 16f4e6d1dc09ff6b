"""Programme validation names the field; the default programmes still validate against the catalog."""

from __future__ import annotations

import importlib.util

import pytest

from simulator.certification.rules.spec import SpecError, check_against, parse_programme
from simulator.config import PROJECT_ROOT


def _problems(doc) -> dict[str, str]:
    with pytest.raises(SpecError) as info:
        parse_programme(doc)
    return info.value.by_field()


def test_errors_name_the_requirement_field():
    doc = {"name": "X", "requirements": [{"archetype": "victim"}, {"archetype": "victim", "min_overall": 120}]}
    assert "requirements.1.min_overall" in _problems(doc)


def test_a_requirement_names_exactly_one_target():
    assert "requirements.0.archetype" in _problems({"name": "X", "requirements": [{"min_overall": 70}]})
    both = {"name": "X", "requirements": [{"archetype": "victim", "scenario": "victim-m1"}]}
    assert "requirements.0.archetype" in _problems(both)


def test_bad_stage_dimension_floor_duplicate_id_and_empty_programme():
    doc = {"name": "X", "requirements": [{"archetype": "victim", "stage": "M9"}]}
    assert "requirements.0.stage" in _problems(doc)
    doc = {"name": "X", "requirements": [{"archetype": "victim", "min_dimensions": {"legality": 101}}]}
    assert "requirements.0.min_dimensions.legality" in _problems(doc)
    doc = {"name": "X", "requirements": [{"id": "a", "archetype": "victim"}, {"id": "a", "archetype": "evasive"}]}
    assert "requirements.1.id" in _problems(doc)
    assert "requirements" in _problems({"name": "X", "requirements": []})
    assert "name" in _problems({"name": "", "requirements": [{"archetype": "victim"}]})


def test_ids_are_generated_and_unique():
    spec = parse_programme({"name": "X", "requirements": [{"archetype": "victim"}, {"archetype": "victim", "stage": "M3"}]})
    assert [r.id for r in spec.requirements] == ["victim", "victim-2"]


def test_catalog_cross_check_names_the_field(catalog):
    spec = parse_programme({"name": "X", "rubric": "default", "requirements": [
        {"archetype": "dragon"}, {"scenario": "nope"}, {"archetype": "victim", "min_dimensions": {"charm": 50}}]})
    with pytest.raises(SpecError) as info:
        check_against(spec, rubrics={r.id: [d.id for d in r.dimensions] for r in catalog.rubrics.values()},
                      archetypes={p.archetype for p in catalog.personas.values()}, scenarios=catalog.scenarios)
    assert set(info.value.by_field()) == {"requirements.0.archetype", "requirements.1.scenario",
                                          "requirements.2.min_dimensions"}


def _migration():
    path = PROJECT_ROOT / "simulator" / "db" / "migrations" / "versions" / "0004_certification.py"
    spec = importlib.util.spec_from_file_location("m0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seeded_programmes_validate_and_every_requirement_matches_a_scenario(catalog):
    from simulator.certification.rules.evaluate import matches
    from tests.unit.certification.helpers import attempt

    l1, l2 = _migration().default_programmes()
    assert (l1["name"], l2["name"]) == ("新人上岗认证 L1", "进阶认证 L2")
    for doc in (l1, l2):
        spec = parse_programme({k: doc[k] for k in ("name", "description", "rubric", "validity_days", "requirements")})
        check_against(spec, rubrics={r.id: [d.id for d in r.dimensions] for r in catalog.rubrics.values()},
                      archetypes={p.archetype for p in catalog.personas.values()}, scenarios=catalog.scenarios)
        for r in spec.requirements:
            hits = [s for s in catalog.scenarios.values()
                    if matches(r, attempt(s.id, archetype=catalog.personas[s.persona].archetype, stage=s.stage,
                                          difficulty=s.difficulty))]
            assert hits, f"{doc['name']}: requirement {r.id} matches no scenario"
    l1_spec = parse_programme({k: l1[k] for k in ("name", "requirements")})
    assert len(l1_spec.requirements) == 7
    assert all(r.min_overall == 70 and r.no_critical and r.window_days == 30 and r.difficulty == 1
               for r in l1_spec.requirements)
    assert len(l2["requirements"]) == 13 and all(r["min_overall"] == 80 for r in l2["requirements"])
