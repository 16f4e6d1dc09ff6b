"""What changed between two versions of a rule pack, rule by rule (issue 17, item 2).

A compliance officer does not read a YAML diff: they ask which rules are new, which were dropped,
whose severity moved and which gained a legal basis. ``changes(old, new)`` answers that from the
parsed packs, so re-ordering or re-wrapping the file shows no change and a renamed basis line shows
as one line removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from simulator.catalog.rubric import CategoryInfo, CustomRule, RuleInfo, RulePack

Kind = Literal["added", "removed", "changed"]
Subject = Literal["pack", "category", "rule", "custom_rule"]

_CATEGORY_FIELDS = ("severity", "name", "description", "suggestion")
_RULE_FIELDS = ("category", "description", "suggestion")
_CUSTOM_FIELDS = ("category", "description", "suggestion", "match", "patterns")


@dataclass(frozen=True)
class Change:
    kind: Kind
    subject: Subject
    id: str
    title: str  # the rule's description or the category's name, as the newer version has it
    fields: tuple[str, ...] = ()  # changed fields, for kind == "changed"
    basis_added: tuple[str, ...] = ()
    basis_removed: tuple[str, ...] = ()
    before: dict[str, str] = field(default_factory=dict)  # old value of each changed field
    after: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, "id": self.id, "title": self.title,
                "fields": list(self.fields), "basis_added": list(self.basis_added),
                "basis_removed": list(self.basis_removed), "before": dict(self.before), "after": dict(self.after)}


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _compare(subject: Subject, key: str, title: str, old: object, new: object, fields: tuple[str, ...],
             old_basis: list[str], new_basis: list[str]) -> Change | None:
    moved = tuple(f for f in fields if getattr(old, f) != getattr(new, f))
    added = tuple(b for b in new_basis if b not in old_basis)
    removed = tuple(b for b in old_basis if b not in new_basis)
    if not (moved or added or removed):
        return None
    return Change("changed", subject, key, title, moved + (("basis",) if added or removed else ()), added, removed,
                  before={f: _text(getattr(old, f)) for f in moved}, after={f: _text(getattr(new, f)) for f in moved})


def _rule_basis(rule: RuleInfo, pack: RulePack) -> list[str]:
    """A rule without its own basis cites its category's: a change there is a change for the rule."""
    return list(rule.basis) or list(pack.categories[rule.category].basis)


def _categories(old: RulePack, new: RulePack) -> list[Change]:
    out: list[Change] = []
    for key, cat in new.categories.items():
        before: CategoryInfo | None = old.categories.get(key)
        if before is None:
            out.append(Change("added", "category", key, cat.name, basis_added=tuple(cat.basis)))
        elif (c := _compare("category", key, cat.name, before, cat, _CATEGORY_FIELDS, before.basis, cat.basis)):
            out.append(c)
    out += [Change("removed", "category", k, c.name) for k, c in old.categories.items() if k not in new.categories]
    return out


def _rules(old: RulePack, new: RulePack) -> list[Change]:
    out: list[Change] = []
    before = {r.id: r for r in old.rules}
    for rule in new.rules:
        prev = before.get(rule.id)
        if prev is None:
            out.append(Change("added", "rule", rule.id, rule.description, basis_added=tuple(_rule_basis(rule, new))))
            continue
        change = _compare("rule", rule.id, rule.description, prev, rule, _RULE_FIELDS,
                          _rule_basis(prev, old), _rule_basis(rule, new))
        if change:
            out.append(change)
    kept = {r.id for r in new.rules}
    out += [Change("removed", "rule", r.id, r.description) for r in old.rules if r.id not in kept]
    return out


def _custom(old: RulePack, new: RulePack) -> list[Change]:
    out: list[Change] = []
    before: dict[str, CustomRule] = {r.id: r for r in old.custom_rules}
    for rule in new.custom_rules:
        prev = before.get(rule.id)
        if prev is None:
            out.append(Change("added", "custom_rule", rule.id, rule.description))
        elif (c := _compare("custom_rule", rule.id, rule.description, prev, rule, _CUSTOM_FIELDS, [], [])):
            out.append(c)
    kept = {r.id for r in new.custom_rules}
    out += [Change("removed", "custom_rule", r.id, r.description) for r in old.custom_rules if r.id not in kept]
    return out


def changes(old: RulePack, new: RulePack) -> list[Change]:
    """Every difference a reader of the rules would care about, pack-level first, then categories,
    built-in rules and house rules (each: changed and added in the newer pack's order, then removed)."""
    out: list[Change] = []
    moved = tuple(f for f in ("effective_from", "name") if getattr(old, f) != getattr(new, f))
    if moved:
        out.append(Change("changed", "pack", new.id, new.name.zh, moved,
                          before={f: _text(getattr(old, f) if f != "name" else old.name.zh) for f in moved},
                          after={f: _text(getattr(new, f) if f != "name" else new.name.zh) for f in moved}))
    return out + _categories(old, new) + _rules(old, new) + _custom(old, new)
