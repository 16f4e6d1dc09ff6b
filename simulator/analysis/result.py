"""Result shapes of the utterance analyzer (design §5)."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.analysis.reading import Reading


@dataclass(frozen=True)
class Finding:
    """One violation found in an utterance."""

    category: str  # one of vocabulary.VIOLATIONS
    severity: str  # critical | major
    rule: str  # rule id, e.g. "CN-THREAT-VIOLENCE"
    quote: str  # the span of the utterance that triggered it

    def to_dict(self) -> dict[str, str]:
        return {"category": self.category, "severity": self.severity, "rule": self.rule, "quote": self.quote}


@dataclass(frozen=True)
class Analysis:
    """What one collector utterance does."""

    text: str
    moves: tuple[str, ...] = ()
    pressure: int = 0  # 0 service, 1 obligation reminder, 2 factual consequences, 3 firm deadline / legal
    violations: tuple[Finding, ...] = ()
    amounts: tuple[int, ...] = field(default=())  # yuan amounts mentioned
    dates: tuple[str, ...] = field(default=())  # date expressions mentioned ("11月28日", "下周五")
    reading: Reading = field(default_factory=Reading)  # what the line means, part by part

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.category for f in self.violations))

    def has(self, move: str) -> bool:
        return move in self.moves

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "moves": list(self.moves),
            "pressure": self.pressure,
            "violations": [{"category": f.category, "severity": f.severity} for f in self.violations],
            "reading": self.reading.to_dict(),
        }
