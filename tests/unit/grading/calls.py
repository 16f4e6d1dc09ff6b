"""Writing a call in a test as lines: "C:…" collector, "D:…" debtor, "T:…" a third party."""

from __future__ import annotations

from simulator.grading.transcript import Transcript

SPEAKERS = {"C": "collector", "D": "debtor", "T": "third_party"}


def call(lines: list[str], **meta) -> Transcript:
    turns = [{"speaker": SPEAKERS[line[0]], "text": line[2:]} for line in lines]
    return Transcript(turns=turns, **{"stage": "M2", **meta})
