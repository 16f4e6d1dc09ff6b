"""What decides pass or fail, and whether a new version changes it (issue 18, pass-rule governance).

A rubric's pass rules (``min_overall``, ``fail_on_critical``, the critical categories, per-dimension
minimums) and dimension weights, and a rule pack's category severities, turn a graded call into 通过 or
未通过. A version that changes any of them needs an HR or admin approval before it goes live.
``changes(kind, old, new)`` lists them as (field, before, after) for the approver to read.
"""

from __future__ import annotations

from pydantic import BaseModel

from simulator.catalog.rubric import Rubric, RulePack

Change = tuple[str, str, str]


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in sorted(value)) or "—"
    return "—" if value is None else str(value)


def _rubric(old: Rubric, new: Rubric) -> list[Change]:
    out: list[Change] = []
    for name in ("min_overall", "fail_on_critical", "critical_categories", "min_dimension"):
        before, after = getattr(old.pass_rules, name), getattr(new.pass_rules, name)
        if (sorted(before) if isinstance(before, list) else before) != (sorted(after) if isinstance(after, list) else after):
            out.append((f"pass_rules.{name}", _fmt(before), _fmt(after)))
    weights = ({d.id: d.weight for d in old.dimensions}, {d.id: d.weight for d in new.dimensions})
    if weights[0] != weights[1]:
        out.append(("dimensions.weight", _fmt(weights[0]), _fmt(weights[1])))
    return out


def _rule_pack(old: RulePack, new: RulePack) -> list[Change]:
    out: list[Change] = []
    for key in sorted(set(old.categories) | set(new.categories)):
        before = old.categories[key].severity if key in old.categories else None
        after = new.categories[key].severity if key in new.categories else None
        if before != after:
            out.append((f"categories.{key}.severity", _fmt(before), _fmt(after)))
    return out


_LABELS = {"pass_rules.min_overall": "rb_min_overall", "pass_rules.fail_on_critical": "rb_fail_on_critical",
           "pass_rules.critical_categories": "rb_critical", "pass_rules.min_dimension": "pr_min_dimension",
           "dimensions.weight": "pr_weights"}


def label(field: str, doc: BaseModel) -> dict[str, str]:
    """How a reader names the field: a translation key, and the category's own name for a severity."""
    if field.startswith("categories.") and isinstance(doc, RulePack):
        key = field.split(".")[1]
        return {"label": "pr_severity", "name": doc.categories[key].name if key in doc.categories else key}
    return {"label": _LABELS.get(field, "pr_other"), "name": ""}


def changes(kind: str, old: BaseModel | None, new: BaseModel) -> list[Change]:
    """The pass-deciding differences from ``old`` to ``new`` (none for other kinds, or a first version)."""
    if old is None:
        return []
    if kind == "rubric" and isinstance(old, Rubric) and isinstance(new, Rubric):
        return _rubric(old, new)
    if kind == "rule_pack" and isinstance(old, RulePack) and isinstance(new, RulePack):
        return _rule_pack(old, new)
    return []
