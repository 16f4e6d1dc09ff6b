"""The utterance analyzer (design §5): moves, pressure level 0–3, violations, amounts and dates.

``analyze(text)`` is the whole public surface for the engine and the grader; ``evaluate`` (in
``simulator.analysis.evaluate``) scores it against labelled lines for the ``eval`` command.
"""

from __future__ import annotations

from simulator.analysis.analyzer import analyze
from simulator.analysis.result import Analysis, Finding
from simulator.analysis.vocabulary import MOVES, REACTION_KEYS, VIOLATION_SEVERITY, VIOLATIONS

__all__ = ["MOVES", "REACTION_KEYS", "VIOLATIONS", "VIOLATION_SEVERITY", "Analysis", "Finding", "analyze"]
