"""Rewind and retry from any line (issue 21, item 2): an ended call continues, as a new session, from just
before one of the trainee's lines, so they can say it differently.

The branch plays the same scenario versions under the same seed; the turns before the chosen line are
replayed through the offline engine, which is deterministic, so the debtor is in the very state they were
in then (for a call the offline engine voiced, the same words too). A branch is graded like any call, its
debrief sets it beside the original, and it never counts towards certification (``branch_of``).
"""

from __future__ import annotations

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.core.errors import Conflict, InvalidInput
from simulator.db import repository as repo
from simulator.db.models import PracticeSession, User
from simulator.db.turn_rows import TurnRow
from simulator.practice.service import apply_reply, conversation_for, load_session, new_reply_turn


def branch_session(db: Session, catalog: Catalog, user: User, session_id: str, turn: object) -> PracticeSession:
    """A new session continuing ``session_id`` (the owner's, ended) from just before its line at ``turn``."""
    original = load_session(db, user, session_id, write=True)
    if original.status != "ended":
        raise Conflict("session: end the call before rewinding it", field="session_id")
    if original.exam_id is not None:
        raise Conflict("session: an exam call is not rewound", field="session_id")
    if isinstance(turn, bool) or not isinstance(turn, int):
        raise InvalidInput("turn: must be the number (transcript index) of one of your lines", field="turn")
    turns = list(repo.list_turns(session=db, session_id=original.id))
    if not any(t.index == turn and t.speaker == "collector" for t in turns):
        raise InvalidInput(f"turn: the call has no line of yours at {turn}", field="turn")
    practice = PracticeSession(
        persona_version=original.persona_version, scenario_version=original.scenario_version,
        third_party_version=original.third_party_version, user_id=original.user_id,
        scenario_id=original.scenario_id, persona_id=original.persona_id, archetype=original.archetype,
        stage=original.stage, difficulty=original.difficulty, seed=original.seed, provider="offline",
        mode="chat", hints=original.hints, branch_of=original.id, branch_turn=turn,
        case_run_id=original.case_run_id, case_call=original.case_call,  # a case call's branch plays that call
    )
    repo.add_practice_session(session=db, practice=practice)
    convo = conversation_for(db, catalog, practice)
    reply = convo.open()
    repo.insert_turn(session=db, row=new_reply_turn(practice, 0, reply))
    index = 1
    for said in (t for t in turns if t.speaker == "collector" and t.index < turn):
        if convo.ended:
            break
        analysis = convo.read(said.text)
        repo.insert_turn(session=db, row=TurnRow(session_id=practice.id, index=index, speaker="collector",
                                                 text=said.text, analysis=analysis.to_dict()))
        reply = convo.respond(said.text, analysis)
        repo.insert_turn(session=db, row=new_reply_turn(practice, index + 1, reply))
        index += 2
    apply_reply(db, practice, convo, reply)
    db.commit()
    return practice
