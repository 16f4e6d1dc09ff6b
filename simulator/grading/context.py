"""Walk a transcript once and give every turn the context the rules need.

For each collector turn: what it does (the shared analyzer), whether the listener's identity had
been verified before it, whether a third party is on the line, how angry the debtor was just
before it, and whether the debtor had just provoked the collector.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis import Analysis, analyze
from simulator.analysis.listener import ListenerReading, read_listener
from simulator.grading.transcript import Transcript

# Starting anger when the transcript carries no recorded state (an uploaded real call).
START_ANGER = {"provocative": 0.55, "confident": 0.45, "victim": 0.42}
CALMING = {"empathy", "listen", "apology", "reassure", "condolence"}


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    text: str
    analysis: Analysis | None  # collector turns
    listener: ListenerReading | None  # debtor / third-party turns
    verified_before: bool
    third_party_on_line: bool
    anger_before: float
    provoked: bool  # the previous other-party turn provoked the collector
    prev_pressure: int  # the collector's previous pressure level


def build(transcript: Transcript) -> list[TurnView]:
    views: list[TurnView] = []
    verified = False
    asked_identity = False
    third_party = False
    anger = START_ANGER.get(transcript.archetype or "", 0.3)
    provoked = False
    prev_pressure = 0
    for i, turn in enumerate(transcript.turns):
        if turn.speaker == "collector":
            analysis = analyze(turn.text)
            views.append(TurnView(i, turn.speaker, turn.text, analysis, None, verified, third_party,
                                  anger, provoked, prev_pressure))
            asked_identity = asked_identity or "identity_verification" in analysis.moves
            prev_pressure = analysis.pressure
            if turn.state is None:
                if set(analysis.moves) & CALMING:
                    anger -= 0.1
                if analysis.violations or {"blame", "sarcasm"} & set(analysis.moves):
                    anger += 0.3
                anger = min(1.0, max(0.0, anger))
            provoked = False
            continue
        reading = read_listener(turn.text)
        if turn.speaker == "third_party" or reading.denies_identity:
            third_party = True
        elif turn.speaker == "debtor" and reading.confirms_identity and asked_identity:
            verified = True
            third_party = False
        if turn.state is not None:
            anger = float(turn.state.get("anger", anger))
        elif reading.provoking:
            anger = min(1.0, anger + 0.15)
        provoked = reading.provoking
        views.append(TurnView(i, turn.speaker, turn.text, None, reading, verified, third_party, anger,
                              provoked, prev_pressure))
    return views


def collector_views(views: list[TurnView]) -> list[TurnView]:
    return [v for v in views if v.analysis is not None]
