"""Rubric and rule-pack documents (rubrics/*.yaml, rubrics/rules/*.yaml): strict and versioned."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from simulator.analysis import custom_rules as house
from simulator.analysis.vocabulary import VIOLATION_SEVERITY
from simulator.catalog.schema import LocalText, Strict

DIMENSIONS = ("courtesy", "legality", "pressure_calibration", "emotional_control")
LEVELS = (90, 70, 50, 30)
Severity = Literal["critical", "major", "minor"]


class Dimension(Strict):
    id: Literal["courtesy", "legality", "pressure_calibration", "emotional_control"]
    name: LocalText
    weight: int = Field(ge=0, le=100)
    description: str = Field(min_length=1, description="what this dimension measures, in Chinese")
    anchors: dict[int, str] = Field(description="what 90 / 70 / 50 / 30 look like, in Chinese")

    @field_validator("anchors")
    @classmethod
    def _levels(cls, anchors: dict[int, str]) -> dict[int, str]:
        if sorted(anchors) != sorted(LEVELS):
            raise ValueError(f"anchors: must give exactly the levels {', '.join(map(str, LEVELS))}")
        for level, text in anchors.items():
            if not text.strip():
                raise ValueError(f"anchors.{level}: empty")
        return anchors


class PassRules(Strict):
    min_overall: int = Field(ge=0, le=100)
    fail_on_critical: bool = True
    critical_categories: list[str] = Field(min_length=1)
    min_dimension: dict[str, int] = Field(default_factory=dict, description="optional per-dimension floor")

    @field_validator("critical_categories")
    @classmethod
    def _known(cls, cats: list[str]) -> list[str]:
        unknown = [c for c in cats if c not in VIOLATION_SEVERITY]
        if unknown:
            raise ValueError(f"unknown violation categories: {', '.join(unknown)}")
        return cats


class Rubric(Strict):
    spec: Literal["collector-sim/rubric"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,48}$")]
    version: int = Field(ge=1)
    name: LocalText
    rule_pack: str = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    pass_rules: PassRules
    trainer_notes: str | None = None
    extensions: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _weights(self) -> Rubric:
        ids = [d.id for d in self.dimensions]
        if len(set(ids)) != len(ids):
            raise ValueError("dimensions: duplicate dimension id")
        total = sum(d.weight for d in self.dimensions)
        if total != 100:
            raise ValueError(f"dimensions: weights must sum to 100 (got {total})")
        for dim in self.pass_rules.min_dimension:
            if dim not in ids:
                raise ValueError(f"pass_rules.min_dimension: unknown dimension {dim!r}")
        return self

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def dimension(self, dim_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dim_id), None)


class CategoryInfo(Strict):
    severity: Severity
    name: str = Field(min_length=1, description="Chinese name, e.g. 威胁恐吓")
    description: str = Field(min_length=1, description="why it is a problem, plain Chinese")
    basis: list[str] = Field(min_length=1, description="legal / self-regulatory basis")
    suggestion: str = Field(min_length=1, description="a model better phrasing")


# Categories added to the taxonomy after packs were first published, with their built-in text.
LATER_CATEGORIES: dict[str, dict[str, Any]] = {
    "duty_of_care": {
        "severity": "critical",
        "name": "漠视轻生风险",
        "description": "客户说出“不想活了”“死了算了”这类轻生的话，催收员却不管不顾，接着催款、讲后果，或者一句“别说这些没用的”带过。"
                       "这一刻人比钱重要：先问对方是否安全、身边有没有人，把还款的事放一放，必要时提醒可拨打 12356 心理援助热线或 110/120。"
                       "漠视轻生信号可能酿成悲剧，机构和催收员都要担责。",
        "basis": [
            "《互联网金融逾期债务催收自律公约(试行)》（中国互联网金融协会，2018）：催收应当文明、规范，不得采用足以使催收对象产生恐惧或心理强制的方式",
            "电话催收要点（培训素材）：客户情绪崩溃时先停下来安抚，等客户平静下来再谈；生命安全优先于任何催收目标",
        ],
        "suggestion": "您先别这么想，钱的事我们可以慢慢商量，今天先不谈还款。您现在身边有家人或朋友吗？如果心里实在难受，"
                      "可以拨打 12356 心理援助热线，有危险一定马上打 110 或 120。",
    },
}


class RuleInfo(Strict):
    id: Annotated[str, Field(pattern=r"^CN-[A-Z0-9-]+$")]
    category: str
    description: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    basis: list[str] = Field(default_factory=list, description="defaults to the category's basis")

    @field_validator("category")
    @classmethod
    def _known(cls, cat: str) -> str:
        if cat not in VIOLATION_SEVERITY:
            raise ValueError(f"unknown violation category {cat!r}")
        return cat


Example = Annotated[str, Field(min_length=1, max_length=500)]


class CustomRule(Strict):
    """A house pattern rule a trainer adds to a pack: phrases or regexes the company bans.

    Severity is the category's (design §5 taxonomy), so a house rule in a critical category fails
    a call like a built-in one. The author's examples are checked whenever the pack is validated:
    a pattern that misses one of its own ``should_fire`` lines, or fires on a ``should_not_fire``
    line, cannot be saved or published.
    """

    id: Annotated[str, Field(pattern=r"^(?:CN-)?HOUSE-[A-Z0-9][A-Z0-9-]{0,48}$",
                             description="HOUSE-… or CN-HOUSE-…, upper case")]
    category: str
    description: str = Field(min_length=1, max_length=1000)
    suggestion: str = Field(min_length=1, max_length=1000)
    match: Literal["phrase", "regex"] = Field("phrase", description="phrase: the words literally; regex: Python regex")
    patterns: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1, max_length=30)
    unless: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, max_length=30,
        description="lawful contexts: when one occurs in the same sentence the hit is dropped")
    banned_outright: bool = Field(
        False, description="also fire when negated (这不是…) or quoting someone else (您说有人…)")
    applies_to: Literal["collector"] = "collector"
    should_fire: list[Example] = Field(default_factory=list, max_length=30)
    should_not_fire: list[Example] = Field(default_factory=list, max_length=30)

    @field_validator("category")
    @classmethod
    def _known(cls, cat: str) -> str:
        if cat not in VIOLATION_SEVERITY:
            raise ValueError(f"unknown violation category {cat!r}; one of {', '.join(VIOLATION_SEVERITY)}")
        return cat

    @model_validator(mode="after")
    def _patterns_and_examples(self) -> CustomRule:
        errors: list[InitErrorDetails] = []
        for field in ("patterns", "unless"):
            for n, text in enumerate(getattr(self, field)):
                try:
                    house.compile_pattern(text, self.match)
                except house.UnsafePattern as exc:
                    errors.append(_error((field, n), text, str(exc)))
        if not errors:
            for n, text in enumerate(self.should_fire):
                if not house.fires(self, text):
                    errors.append(_error(("should_fire", n), text, "the rule does not fire on its own example"))
            for n, text in enumerate(self.should_not_fire):
                if house.fires(self, text):
                    errors.append(_error(("should_not_fire", n), text, "the rule fires on this lawful example"))
        if errors:
            raise ValidationError.from_exception_data("CustomRule", errors)
        return self


def _error(loc: tuple[str | int, ...], value: str, message: str) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("custom_rule", message), loc=loc, input=value)


class RulePack(Strict):
    spec: Literal["collector-sim/rule-pack"]
    spec_version: Literal[1]
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,48}$")]
    version: int = Field(ge=1)
    name: LocalText
    effective_from: date | None = Field(
        default=None, description="the day this edition of the pack takes effect (a grade names the version it used)")
    categories: dict[str, CategoryInfo]
    rules: list[RuleInfo] = Field(default_factory=list)
    custom_rules: list[CustomRule] = Field(default_factory=list, max_length=100,
                                           description="house pattern rules added by trainers")
    extensions: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> RulePack:
        for cat, info in LATER_CATEGORIES.items():
            # A pack written before a category existed (a stored version, a trainer's export) gets
            # the built-in text for it instead of failing to load.
            self.categories.setdefault(cat, CategoryInfo(**info))
        missing = [c for c in VIOLATION_SEVERITY if c not in self.categories]
        if missing:
            raise ValueError(f"categories: missing {', '.join(missing)}")
        unknown = [c for c in self.categories if c not in VIOLATION_SEVERITY]
        if unknown:
            raise ValueError(f"categories: unknown {', '.join(unknown)}")
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rules: duplicate ids {', '.join(dupes)}")
        seen = set(ids)
        for n, custom in enumerate(self.custom_rules):
            if custom.id in seen:
                raise ValueError(f"custom_rules[{n}].id: duplicate id {custom.id}")
            seen.add(custom.id)
        return self

    def house_rules(self) -> tuple[house.CompiledRule, ...]:
        """The custom rules compiled for matching (cached per rule content)."""
        return house.compile_rules(self.custom_rules)

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((r for r in self.rules if r.id == rule_id), None)
