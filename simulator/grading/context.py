"""Walk a transcript once and give every turn the context the rules need.

For each collector turn: what it does (the shared analyzer), who is on the line as far as the
collector can know (not yet identified, the verified debtor, a third party, a guarantor who
confirmed the guarantee), whether the family has said the borrower died, how angry the debtor
was just before it, and whether the other party had just provoked the collector or broken down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.analysis import Analysis, analyze
from simulator.analysis.call_state import CallState
from simulator.analysis.listener import ListenerReading, read_listener
from simulator.analysis.normalize import normalize
from simulator.grading.transcript import Transcript

# Starting anger when the transcript carries no recorded state (an uploaded real call).
START_ANGER = {"provocative": 0.55, "confident": 0.45, "victim": 0.42}
CALMING = {"empathy", "listen", "apology", "reassure", "condolence"}
# Casual identity checks at the start of a sentence: "喂,是李娟吧?", "你是不是孙浩?", "邓超是吧?".
# Trainers accept them as a (minimal) verification; "是这样吗?" and "你是不是忘了?" are not one.
NAME_CHECK = re.compile(
    r"(?:^|[,.!?])(?:喂|您好|你好)?[,. ]*(?:请问)?(?:(?:您|你)(?:是不是|就是|是)|是)(?!这|那|真|不是)"
    r"[\u4e00-\u9fff]{2,4}?(?:先生|女士|小姐)?(?:本人)?(?:吗|吧|么|是吧|对吧|对吗)?(?<![了的呢啊呀])\?"
    r"|(?:^|[,.!?])(?:喂[,. ]*)?[\u4e00-\u9fff]{2,3}(?:先生|女士)?(?:是吧|对吧)\?"
)
# The guaranteed debt or the guarantor's liability, named to a confirmed guarantor.
GUARANTEE_TALK = re.compile(r"担保|保证责任|连带|代偿|逾期|欠款|借款|这笔|还款")
# How many of the other party's most recent turns count as "still upset" for pressure calibration.
DISTRESS_MEMORY = 2


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    text: str
    analysis: Analysis | None  # collector turns
    listener: ListenerReading | None  # debtor / third-party turns
    verified_before: bool  # the listener may hear debt details: the verified debtor or a guarantor
    third_party_on_line: bool  # someone not liable for the debt is on the line
    anger_before: float
    provoked: bool  # the previous other-party turn provoked the collector
    prev_pressure: int  # the collector's previous pressure level
    distressed: bool = False  # the previous other-party turn cried, despaired or reported a death
    upset_recently: bool = False  # distress in one of the other party's last DISTRESS_MEMORY turns
    bereaved: bool = False  # the family has said the borrower died
    guarantor_on_line: bool = False  # a guarantor confirmed the guarantee
    despair_before: bool = False  # the previous other-party turn voiced despair or self-harm
    call: CallState | None = None  # the shared conversation state after this turn


def build(transcript: Transcript) -> list[TurnView]:
    views: list[TurnView] = []
    verified = False
    asked_identity = False
    third_party = False
    guarantor = False
    bereaved = transcript.situation == "deceased"
    anger = START_ANGER.get(transcript.archetype or "", 0.3)
    provoked = False
    recent: list[bool] = []  # distress in the other party's turns, newest last
    prev_pressure = 0
    heard = ""
    despair = False
    state = CallState()
    for i, turn in enumerate(transcript.turns):
        if turn.speaker == "collector":
            analysis = analyze(turn.text, heard=heard)
            state.after_collector(analysis)
            views.append(TurnView(i, turn.speaker, turn.text, analysis, None, verified, third_party,
                                  anger, provoked, prev_pressure, distressed=bool(recent and recent[-1]),
                                  upset_recently=any(recent[-DISTRESS_MEMORY:]), bereaved=bereaved,
                                  guarantor_on_line=guarantor, despair_before=despair,
                                  call=CallState.from_dict(state.to_dict())))
            despair = False
            asked_identity = asked_identity or "identity_verification" in analysis.moves or bool(
                not verified and NAME_CHECK.search(normalize(turn.text)))
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
        state.after_other(turn.text, turn.speaker)
        heard, despair = turn.text, reading.despairing
        bereaved = bereaved or reading.reports_death
        if reading.guarantor and (turn.speaker == "third_party" or third_party) and (reading.confirms_identity
                                                                                   or asked_identity):
            # A guarantor is liable for the guaranteed debt: once they confirm it, it may be discussed.
            guarantor, verified, third_party = True, True, False
        elif turn.speaker == "third_party" or reading.denies_identity:
            third_party, verified = not guarantor, guarantor
        elif turn.speaker == "debtor" and reading.confirms_identity and asked_identity:
            verified = True
            third_party = False
        if turn.state is not None:
            anger = float(turn.state.get("anger", anger))
        elif reading.provoking:
            anger = min(1.0, anger + 0.15)
        provoked = reading.provoking
        recent.append(reading.distressed or reading.reports_death)
        views.append(TurnView(i, turn.speaker, turn.text, None, reading, verified, third_party, anger,
                              provoked, prev_pressure, bereaved=bereaved, guarantor_on_line=guarantor,
                              call=CallState.from_dict(state.to_dict())))
    return views


def collector_views(views: list[TurnView]) -> list[TurnView]:
    return [v for v in views if v.analysis is not None]
