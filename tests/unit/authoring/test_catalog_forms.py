"""The editor forms are lossless: every built-in persona and scenario, shown as a form and posted back
unchanged, is the same document; edits land on the right field; bad input names its field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from starlette.datastructures import MultiDict

from simulator.authoring import persona_form, scenario_form
from simulator.authoring.forms import load_mapping, marked
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.config import PROJECT_ROOT

PERSONAS = sorted(p for p in (PROJECT_ROOT / "personas").glob("*.yaml") if not p.stem.startswith("third_party"))
SCENARIOS = sorted((PROJECT_ROOT / "personas" / "scenarios").glob("*.yaml"))


def persona_post(view: dict) -> list[tuple[str, str]]:
    """What the browser posts for a persona form rendered from ``view`` (as the template names inputs)."""
    items = [(k, v) for k, v in view["values"].items() if not (k == "agreement.needs_specifics" and not v)]
    for row in view["reactions"]:
        items += [(f"reactions.{k}", v) for k, v in row.items()]
    for group in view["bank"]:
        for mood in group["moods"]:
            items += [(f"bank.{group['intent']}.{mood['mood']}", line) for line in mood["lines"]]
            items.append((f"bank.{group['intent']}.{mood['mood']}", ""))  # the blank "add a line" input
    return items


def scenario_post(view: dict) -> list[tuple[str, str]]:
    flags = {f"third_party.{k}" for k in scenario_form.THIRD_PARTY_FLAGS}
    items = [(k, v) for k, v in view["values"].items() if not (k in flags and not v)]
    for row in view["contacts"]:
        items += [(f"case_file.contact_history.{k}", v) for k, v in row.items()]
    for row in view["objectives"]:
        items += [(f"objectives.{k}", v) for k, v in row.items()]
    return items


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_every_persona_survives_the_form(path: Path):
    base = load_mapping(path.read_text(encoding="utf-8"))
    base["extensions"] = {"crm": {"segment": "A"}}  # not on the form: must be kept
    doc = persona_form.apply_form(base, MultiDict(persona_post(persona_form.form_view(base))))
    body, problems = persona_form.to_body(doc)
    assert problems == []
    assert PersonaCard.model_validate(yaml.safe_load(body)) == PersonaCard.model_validate(base)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_survives_the_form(path: Path):
    base = load_mapping(path.read_text(encoding="utf-8"))
    doc = scenario_form.apply_form(base, MultiDict(scenario_post(scenario_form.form_view(base))))
    body, problems = scenario_form.to_body(doc)
    assert problems == []
    assert Scenario.model_validate(yaml.safe_load(body)) == Scenario.model_validate(base)


def test_form_edits_reach_the_card_and_blank_rows_are_dropped():
    base = load_mapping((PROJECT_ROOT / "personas" / "provocative.yaml").read_text(encoding="utf-8"))
    items = persona_post(persona_form.form_view(base))
    items = [(k, "王物业" if k == "name.zh" else v) for k, v in items]
    items = [(k, v) for k, v in items if k != "bank.opening.calm"] + [("bank.opening.calm", "喂,物业费是吧?")]
    items += [("reactions.on", "")] + [(f"reactions.{c}", "") for c in ("note", "delta.anger")]  # a blank row
    doc = persona_form.apply_form(base, MultiDict(items))
    body, problems = persona_form.to_body(doc)
    card = PersonaCard.model_validate(yaml.safe_load(body))
    assert problems == [] and card.name.zh == "王物业"
    assert card.bank["opening"]["calm"] == ["喂,物业费是吧?"]
    assert len(card.reactions) == len(base["reactions"])
    assert "王物业" in body and "\\u" not in body  # Chinese stays readable in the YAML


def test_bad_form_values_name_their_fields_and_mark_the_row():
    base = load_mapping((PROJECT_ROOT / "personas" / "provocative.yaml").read_text(encoding="utf-8"))
    items = [(k, "很多" if k == "initial_state.anger" else v) for k, v in persona_post(persona_form.form_view(base))]
    first = next(i for i, (k, _) in enumerate(items) if k == "reactions.delta.anger")
    items[first] = ("reactions.delta.anger", "abc")
    _, problems = persona_form.to_body(persona_form.apply_form(base, MultiDict(items)))
    fields = {f for f, _ in problems}
    assert "initial_state.anger" in fields
    assert any(f.startswith("reactions.0.delta") for f in fields)
    assert "reactions.0" in marked(fields)


def test_an_empty_required_intent_is_reported_on_the_bank():
    base = load_mapping((PROJECT_ROOT / "personas" / "provocative.yaml").read_text(encoding="utf-8"))
    items = [(k, v) for k, v in persona_post(persona_form.form_view(base)) if not k.startswith("bank.excuse.")]
    _, problems = persona_form.to_body(persona_form.apply_form(base, MultiDict(items)))
    assert any(f == "bank" and "excuse" in m for f, m in problems)


def test_a_third_party_left_blank_is_left_out():
    base = load_mapping((PROJECT_ROOT / "personas" / "scenarios" / "provocative-m1.yaml").read_text(encoding="utf-8"))
    items = scenario_post(scenario_form.form_view(base)) + [("third_party.relation", ""), ("third_party.name", "")]
    doc = scenario_form.apply_form(base, MultiDict(items), new_id="property-fee-m1")
    assert "third_party" not in doc and doc["id"] == "property-fee-m1"
