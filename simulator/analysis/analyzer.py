"""``analyze``: one collector utterance in, moves + pressure + violations + entities out.

Pure and deterministic (regexes compiled at import, no I/O), so the persona engine can call it
on every turn and the grader can re-run it on a stored transcript and get the same answer.
"""

from __future__ import annotations

from simulator.analysis.entities import amounts, dates
from simulator.analysis.moves import find_moves
from simulator.analysis.normalize import normalize
from simulator.analysis.pressure import benefit_frame, pressure_level
from simulator.analysis.reading import Reading, read
from simulator.analysis.result import Analysis
from simulator.analysis.violations import scan
from simulator.analysis.vocabulary import MOVES

# A line that deceives about the law is not a lawful statement of consequences or process.
_DECEPTION = frozenset({"impersonation", "false_legal_claim", "misleading"})
_LAWFUL_ONLY_MOVES = frozenset({"legal_process", "explain_consequence"})


def implied_moves(reading: Reading) -> set[str]:
    """Moves the reading shows even where the stock words are missing: "您这周能先拿出多少?" asks for
    a commitment, "10月28日把7376元一次还上,可以吗?" proposes one, mirrored empathy is empathy. The
    persona cards react to moves, so the debtor reacts to what was meant."""
    extra: set[str] = set()
    if reading.reproach:
        extra.add("blame")
    if reading.sarcasm:
        extra.add("sarcasm")
    if {"amount", "date"} & set(reading.questions):
        extra.add("request_commitment")
    if "choice" in reading.questions:
        extra.add("offer_plan")
    offer = reading.offer
    if offer and offer.get("kind") == "instalment":
        extra.add("offer_plan")
    if offer and offer.get("amount") and offer.get("date"):
        extra.add("request_commitment")
    if len(reading.recap) >= 2:
        extra.add("confirm_commitment")
    if reading.empathy == "specific" or reading.safety_first:
        extra.add("empathy")
    return extra


def analyze(text: str, heard: str = "") -> Analysis:
    """Analyse one collector utterance (any width of punctuation; quotes keep the original text).
    ``heard`` is the other party's previous line, when known: it tells mirrored empathy from a
    stock phrase."""
    norm = normalize(text)
    violations, denies = scan(norm, text)
    moves = find_moves(norm)
    if any(f.category in _DECEPTION for f in violations):
        moves = tuple(m for m in moves if m not in _LAWFUL_ONLY_MOVES)
    if not violations and "reassure" not in moves and denies:
        # "我们没有权力冻结您的任何账户", "网上说逾期就要抓人,那都是谣言": a denial reassures.
        moves = tuple(m for m in MOVES if m in moves or m == "reassure")
    if "explain_consequence" in moves and benefit_frame(norm):
        # "早点还上对您的征信也是一种保护": credit as a benefit of paying, not a consequence.
        moves = tuple(dict.fromkeys(("benefit_of_paying" if m == "explain_consequence" else m) for m in moves))
        moves = tuple(m for m in MOVES if m in moves)
    found_amounts, found_dates = amounts(norm), dates(norm)
    reading = read(norm, moves, normalize(heard), found=(found_amounts, found_dates))
    extra = implied_moves(reading)
    if extra - set(moves):
        moves = tuple(m for m in MOVES if m in moves or m in extra)
    return Analysis(
        text=text,
        reading=reading,
        moves=moves,
        pressure=pressure_level(norm, moves, bool(violations)),
        violations=violations,
        amounts=found_amounts,
        dates=found_dates,
    )
