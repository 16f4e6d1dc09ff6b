"""``analyze``: one collector utterance in, moves + pressure + violations + entities out.

Pure and deterministic (regexes compiled at import, no I/O), so the persona engine can call it
on every turn and the grader can re-run it on a stored transcript and get the same answer.
"""

from __future__ import annotations

from simulator.analysis.entities import amounts, dates
from simulator.analysis.moves import find_moves
from simulator.analysis.normalize import normalize
from simulator.analysis.pressure import pressure_level
from simulator.analysis.result import Analysis
from simulator.analysis.violations import find_violations

# A line that deceives about the law is not a lawful statement of consequences or process.
_DECEPTION = frozenset({"impersonation", "false_legal_claim", "misleading"})
_LAWFUL_ONLY_MOVES = frozenset({"legal_process", "explain_consequence"})


def analyze(text: str) -> Analysis:
    """Analyse one collector utterance (any width of punctuation; quotes keep the original text)."""
    norm = normalize(text)
    violations = find_violations(norm, text)
    moves = find_moves(norm)
    if any(f.category in _DECEPTION for f in violations):
        moves = tuple(m for m in moves if m not in _LAWFUL_ONLY_MOVES)
    return Analysis(
        text=text,
        moves=moves,
        pressure=pressure_level(norm, moves, bool(violations)),
        violations=violations,
        amounts=amounts(norm),
        dates=dates(norm),
    )
