"""JSON shapes of the catalog authoring API (``/api/authoring/…``, issue 5, items 4 and 6)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ObjectSummary(BaseModel):
    kind: str
    object_id: str
    title: str  # the Chinese name or title
    title_en: str | None = None  # its English, when the document has one (the English list shows it)
    latest_version: int | None  # None: only a draft so far
    source: str | None  # builtin | authored | import | rollback (of the latest version)
    has_draft: bool
    updated_at: datetime | None
    updated_by: str | None  # username


class BodyOut(BaseModel):
    kind: str
    object_id: str
    body: str
    is_draft: bool
    version: int | None  # the latest published version


class DraftIn(BaseModel):
    body: str = Field(max_length=512 * 1024)


class DraftOut(BaseModel):
    kind: str
    object_id: str
    author_id: int
    updated_at: datetime


class PublishIn(BaseModel):
    note: str = Field(default="", max_length=500)


class CloneIn(BaseModel):
    new_id: str = Field(min_length=1, max_length=64)


class RollbackIn(BaseModel):
    version: int = Field(ge=1)


class VersionOut(BaseModel):
    kind: str
    object_id: str
    version: int
    content_hash: str
    source: str
    note: str
    created_by: int | None
    created_at: datetime


class VersionBody(VersionOut):
    body: str


class PackChangeOut(BaseModel):
    """One rule-level change of a rule pack (``simulator/catalog/pack_changes.py``)."""

    kind: str  # added | removed | changed
    subject: str  # pack | category | rule | custom_rule
    id: str
    title: str
    fields: list[str]
    basis_added: list[str]
    basis_removed: list[str]
    before: dict[str, str]
    after: dict[str, str]


class DiffOut(BaseModel):
    kind: str
    object_id: str
    a: int
    b: int
    diff: str
    changes: list[PackChangeOut] | None = None  # rule packs only: what changed, rule by rule


class CohortsIn(BaseModel):
    cohort_ids: list[int] = Field(default_factory=list, max_length=200)


class CohortsOut(BaseModel):
    scenario_id: str
    cohort_ids: list[int]


class RuleTest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Emptiness and length are checked by the service (the same message as a practice turn).
    text: str = Field(max_length=20000)
    # A draft rule pack (YAML) to test instead of the published one: nothing is saved.
    rule_pack: str | None = Field(None, max_length=300_000)


class RuleHit(BaseModel):
    """One violation the analyzer found, explained from the rule pack."""

    rule: str
    known_rule: bool  # False: the rule id is not in the pack; the category's text is shown
    category: str
    category_name: str
    severity: str
    quote: str
    description: str
    basis: list[str]
    suggestion: str
    source: str = "built_in"  # built_in: the analyzer's table; house: one of the pack's custom_rules
    pattern: str | None = None  # house rules: the pattern that matched, as written
    start: int | None = None  # house rules: the matched span in the line
    end: int | None = None
    counted: bool = True  # False: the grader already counts this category in this line (a built-in hit)


class RuleTestResult(BaseModel):
    text: str
    rule_pack: str  # "cn@1"
    moves: list[str]
    pressure: int
    violations: list[RuleHit]
    amounts: list[int] = []
    dates: list[str] = []
    house_rules: int = 0  # how many custom rules the tested pack has
